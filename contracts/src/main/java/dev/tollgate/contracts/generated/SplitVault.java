package dev.tollgate.contracts.generated;

import io.reactivex.Flowable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import javax.annotation.processing.Generated;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.CustomError;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.RemoteCall;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.BaseEventResponse;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tuples.generated.Tuple3;
import org.web3j.tx.Contract;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;

/**
 * <p>Auto generated code.
 * <p><strong>Do not modify!</strong>
 * <p>Please use the <a href="https://docs.web3j.io/command_line.html">web3j command line tools</a>,
 * or the org.web3j.codegen.SolidityFunctionWrapperGenerator in the 
 * <a href="https://github.com/LFDT-web3j/web3j/tree/main/codegen">codegen module</a> to update.
 *
 * <p>Generated with web3j version 5.0.2.
 */
@SuppressWarnings("rawtypes")
@Generated("org.web3j.codegen.SolidityFunctionWrapperGenerator")
public class SplitVault extends Contract {
    public static final String BINARY = "0x60c0604052348015600e575f5ffd5b50306080523360a05260805160a0516106e161003e5f395f8181609301526101ae01525f61021501526106e15ff3fe608060405234801561000f575f5ffd5b506004361061004a575f3560e01c806301681a621461004e5780630357371d1461007b578063c45a01551461008e578063d5025625146100cd575b5f5ffd5b61006161005c366004610581565b6100ff565b604080519283526020830191909152015b60405180910390f35b6100616100893660046105a3565b6101a1565b6100b57f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b039091168152602001610072565b6100d5610208565b604080516001600160a01b03948516815293909216602084015261ffff1690820152606001610072565b6040516370a0823160e01b81523060048201525f90819081906001600160a01b038516906370a0823190602401602060405180830381865afa158015610147573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061016b91906105cd565b9050805f0361018d57604051630d44987f60e21b815260040160405180910390fd5b610197848261027b565b9250925050915091565b5f80336001600160a01b037f000000000000000000000000000000000000000000000000000000000000000016146101f357604051639206147360e01b81523360048201526024015b60405180910390fd5b6101fd848461027b565b915091509250929050565b5f80806001600160a01b037f000000000000000000000000000000000000000000000000000000000000000016300361025457604051630f3a453960e21b815260040160405180910390fd5b61025d30610461565b80602001905181019061027091906105e4565b925092509250909192565b5f5f5f5f5f610288610208565b919450925090506127106102a061ffff831688610648565b6102aa9190610665565b93506102b68487610684565b6040516370a0823160e01b81523060048201529095505f906001600160a01b038916906370a0823190602401602060405180830381865afa1580156102fd573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061032191906105cd565b9050826001600160a01b0316846001600160a01b0316896001600160a01b03167f653379f9c53a63b4d44652ec41837e23018ad89aa82ce4968078b10feaad8110898960405161037b929190918252602082015260400190565b60405180910390a4851561039d5761039d6001600160a01b03891685886104ce565b84156103b7576103b76001600160a01b03891684876104ce565b6040516370a0823160e01b81523060048201525f906001600160a01b038a16906370a0823190602401602060405180830381865afa1580156103fb573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061041f91906105cd565b6104299083610684565b9050878114610455576040516304af2ff160e21b815260048101899052602481018290526044016101ea565b50505050509250929050565b60605f610479602d6001600160a01b0385163b610684565b67ffffffffffffffff81111561049157610491610697565b6040519080825280601f01601f1916602001820160405280156104bb576020820181803683370190505b5090508051602d60208301853c92915050565b6104db8383836001610508565b61050357604051635274afe760e01b81526001600160a01b03841660048201526024016101ea565b505050565b60405163a9059cbb60e01b5f8181526001600160a01b038616600452602485905291602083604481808b5af1925060015f5114831661055e578383151615610552573d5f823e3d81fd5b5f873b113d1516831692505b60405250949350505050565b6001600160a01b038116811461057e575f5ffd5b50565b5f60208284031215610591575f5ffd5b813561059c8161056a565b9392505050565b5f5f604083850312156105b4575f5ffd5b82356105bf8161056a565b946020939093013593505050565b5f602082840312156105dd575f5ffd5b5051919050565b5f5f5f606084860312156105f6575f5ffd5b83516106018161056a565b60208501519093506106128161056a565b604085015190925061ffff81168114610629575f5ffd5b809150509250925092565b634e487b7160e01b5f52601160045260245ffd5b808202811582820484141761065f5761065f610634565b92915050565b5f8261067f57634e487b7160e01b5f52601260045260245ffd5b500490565b8181038181111561065f5761065f610634565b634e487b7160e01b5f52604160045260245ffdfea2646970667358221220ab85cae741e69bb5b4598b37d58bf868162a7c5f241c266d05dcf422c1805dfb64736f6c63430008250033";

    private static String librariesLinkedBinary;

    public static final String FUNC_FACTORY = "factory";

    public static final String FUNC_RELEASE = "release";

    public static final String FUNC_SWEEP = "sweep";

    public static final String FUNC_TERMS = "terms";

    public static final CustomError AMOUNTNOTSENT_ERROR = new CustomError("AmountNotSent", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {}));
    ;

    public static final CustomError NOTACLONE_ERROR = new CustomError("NotAClone", 
            Arrays.<TypeReference<?>>asList());
    ;

    public static final CustomError NOTHINGTOSWEEP_ERROR = new CustomError("NothingToSweep", 
            Arrays.<TypeReference<?>>asList());
    ;

    public static final CustomError ONLYFACTORY_ERROR = new CustomError("OnlyFactory", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Address>() {}));
    ;

    public static final CustomError SAFEERC20FAILEDOPERATION_ERROR = new CustomError("SafeERC20FailedOperation", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Address>() {}));
    ;

    public static final Event SPLIT_EVENT = new Event("Split", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Address>(true) {}, new TypeReference<Address>(true) {}, new TypeReference<Uint256>() {}, new TypeReference<Address>(true) {}, new TypeReference<Uint256>() {}));
    ;

    @Deprecated
    protected SplitVault(String contractAddress, Web3j web3j, Credentials credentials,
            BigInteger gasPrice, BigInteger gasLimit) {
        super(BINARY, contractAddress, web3j, credentials, gasPrice, gasLimit);
    }

    protected SplitVault(String contractAddress, Web3j web3j, Credentials credentials,
            ContractGasProvider contractGasProvider) {
        super(BINARY, contractAddress, web3j, credentials, contractGasProvider);
    }

    @Deprecated
    protected SplitVault(String contractAddress, Web3j web3j, TransactionManager transactionManager,
            BigInteger gasPrice, BigInteger gasLimit) {
        super(BINARY, contractAddress, web3j, transactionManager, gasPrice, gasLimit);
    }

    protected SplitVault(String contractAddress, Web3j web3j, TransactionManager transactionManager,
            ContractGasProvider contractGasProvider) {
        super(BINARY, contractAddress, web3j, transactionManager, contractGasProvider);
    }

    public static List<SplitEventResponse> getSplitEvents(TransactionReceipt transactionReceipt) {
        List<Contract.EventValuesWithLog> valueList = staticExtractEventParametersWithLog(SPLIT_EVENT, transactionReceipt);
        ArrayList<SplitEventResponse> responses = new ArrayList<SplitEventResponse>(valueList.size());
        for (Contract.EventValuesWithLog eventValues : valueList) {
            SplitEventResponse typedResponse = new SplitEventResponse();
            typedResponse.log = eventValues.getLog();
            typedResponse.token = (String) eventValues.getIndexedValues().get(0).getValue();
            typedResponse.payee = (String) eventValues.getIndexedValues().get(1).getValue();
            typedResponse.feeRecipient = (String) eventValues.getIndexedValues().get(2).getValue();
            typedResponse.net = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
            typedResponse.fee = (BigInteger) eventValues.getNonIndexedValues().get(1).getValue();
            responses.add(typedResponse);
        }
        return responses;
    }

    public static SplitEventResponse getSplitEventFromLog(Log log) {
        Contract.EventValuesWithLog eventValues = staticExtractEventParametersWithLog(SPLIT_EVENT, log);
        SplitEventResponse typedResponse = new SplitEventResponse();
        typedResponse.log = log;
        typedResponse.token = (String) eventValues.getIndexedValues().get(0).getValue();
        typedResponse.payee = (String) eventValues.getIndexedValues().get(1).getValue();
        typedResponse.feeRecipient = (String) eventValues.getIndexedValues().get(2).getValue();
        typedResponse.net = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
        typedResponse.fee = (BigInteger) eventValues.getNonIndexedValues().get(1).getValue();
        return typedResponse;
    }

    public Flowable<SplitEventResponse> splitEventFlowable(EthFilter filter) {
        return web3j.ethLogFlowable(filter).map(log -> getSplitEventFromLog(log));
    }

    public Flowable<SplitEventResponse> splitEventFlowable(DefaultBlockParameter startBlock,
            DefaultBlockParameter endBlock) {
        EthFilter filter = new EthFilter(startBlock, endBlock, getContractAddress());
        filter.addSingleTopic(EventEncoder.encode(SPLIT_EVENT));
        return splitEventFlowable(filter);
    }

    public RemoteFunctionCall<String> factory() {
        final Function function = new Function(FUNC_FACTORY, 
                Arrays.<Type>asList(), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Address>() {}));
        return executeRemoteCallSingleValueReturn(function, String.class);
    }

    public RemoteFunctionCall<TransactionReceipt> release(String token, BigInteger amount) {
        final Function function = new Function(
                FUNC_RELEASE, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, token), 
                new org.web3j.abi.datatypes.generated.Uint256(amount)), 
                Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function);
    }

    public RemoteFunctionCall<TransactionReceipt> sweep(String token) {
        final Function function = new Function(
                FUNC_SWEEP, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, token)), 
                Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function);
    }

    public RemoteFunctionCall<Tuple3<String, String, BigInteger>> terms() {
        final Function function = new Function(FUNC_TERMS, 
                Arrays.<Type>asList(), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Address>() {}, new TypeReference<Address>() {}, new TypeReference<Uint16>() {}));
        return new RemoteFunctionCall<Tuple3<String, String, BigInteger>>(function,
                new Callable<Tuple3<String, String, BigInteger>>() {
                    @Override
                    public Tuple3<String, String, BigInteger> call() throws Exception {
                        List<Type> results = executeCallMultipleValueReturn(function);
                        return new Tuple3<String, String, BigInteger>(
                                (String) results.get(0).getValue(), 
                                (String) results.get(1).getValue(), 
                                (BigInteger) results.get(2).getValue());
                    }
                });
    }

    @Deprecated
    public static SplitVault load(String contractAddress, Web3j web3j, Credentials credentials,
            BigInteger gasPrice, BigInteger gasLimit) {
        return new SplitVault(contractAddress, web3j, credentials, gasPrice, gasLimit);
    }

    @Deprecated
    public static SplitVault load(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, BigInteger gasPrice, BigInteger gasLimit) {
        return new SplitVault(contractAddress, web3j, transactionManager, gasPrice, gasLimit);
    }

    public static SplitVault load(String contractAddress, Web3j web3j, Credentials credentials,
            ContractGasProvider contractGasProvider) {
        return new SplitVault(contractAddress, web3j, credentials, contractGasProvider);
    }

    public static SplitVault load(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, ContractGasProvider contractGasProvider) {
        return new SplitVault(contractAddress, web3j, transactionManager, contractGasProvider);
    }

    public static RemoteCall<SplitVault> deploy(Web3j web3j, Credentials credentials,
            ContractGasProvider contractGasProvider) {
        return deployRemoteCall(SplitVault.class, web3j, credentials, contractGasProvider, getDeploymentBinary(), "");
    }

    public static RemoteCall<SplitVault> deploy(Web3j web3j, TransactionManager transactionManager,
            ContractGasProvider contractGasProvider) {
        return deployRemoteCall(SplitVault.class, web3j, transactionManager, contractGasProvider, getDeploymentBinary(), "");
    }

    @Deprecated
    public static RemoteCall<SplitVault> deploy(Web3j web3j, Credentials credentials,
            BigInteger gasPrice, BigInteger gasLimit) {
        return deployRemoteCall(SplitVault.class, web3j, credentials, gasPrice, gasLimit, getDeploymentBinary(), "");
    }

    @Deprecated
    public static RemoteCall<SplitVault> deploy(Web3j web3j, TransactionManager transactionManager,
            BigInteger gasPrice, BigInteger gasLimit) {
        return deployRemoteCall(SplitVault.class, web3j, transactionManager, gasPrice, gasLimit, getDeploymentBinary(), "");
    }

    public static void linkLibraries(List<Contract.LinkReference> references) {
        librariesLinkedBinary = linkBinaryWithReferences(BINARY, references);
    }

    private static String getDeploymentBinary() {
        if (librariesLinkedBinary != null) {
            return librariesLinkedBinary;
        } else {
            return BINARY;
        }
    }

    public static class SplitEventResponse extends BaseEventResponse {
        public String token;

        public String payee;

        public String feeRecipient;

        public BigInteger net;

        public BigInteger fee;
    }
}
