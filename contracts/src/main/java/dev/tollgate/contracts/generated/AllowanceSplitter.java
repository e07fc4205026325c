package dev.tollgate.contracts.generated;

import io.reactivex.Flowable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import javax.annotation.processing.Generated;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.CustomError;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
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
public class AllowanceSplitter extends Contract {
    public static final String BINARY = "0x608060405234801561000f575f5ffd5b50604051610c7d380380610c7d83398101604081905261002e91610181565b60017f9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f005580515f03610073576040516333dafe5560e21b815260040160405180910390fd5b5f5b815181101561014b575f6001600160a01b031682828151811061009a5761009a61024b565b60200260200101516001600160a01b0316036100fc578181815181106100c2576100c261024b565b602002602001015160405163193edb0b60e01b81526004016100f391906001600160a01b0391909116815260200190565b60405180910390fd5b60015f5f8484815181106101125761011261024b565b6020908102919091018101516001600160a01b031682528101919091526040015f20805460ff1916911515919091179055600101610075565b505061025f565b634e487b7160e01b5f52604160045260245ffd5b80516001600160a01b038116811461017c575f5ffd5b919050565b5f60208284031215610191575f5ffd5b81516001600160401b038111156101a6575f5ffd5b8201601f810184136101b6575f5ffd5b80516001600160401b038111156101cf576101cf610152565b604051600582901b90603f8201601f191681016001600160401b03811182821017156101fd576101fd610152565b60405291825260208184018101929081018784111561021a575f5ffd5b6020850194505b838510156102405761023285610166565b815260209485019401610221565b509695505050505050565b634e487b7160e01b5f52603260045260245ffd5b610a118061026c5f395ff3fe608060405234801561000f575f5ffd5b506004361061003f575f3560e01c80636197705314610043578063c0595d0e14610079578063f96d55201461008e575b5f5ffd5b6100656100513660046108b6565b60016020525f908152604090205460ff1681565b604051901515815260200160405180910390f35b61008c6100873660046108e4565b6100b0565b005b61006561009c366004610962565b5f6020819052908152604090205460ff1681565b6100b861030e565b335f9081526020819052604090205460ff166100ee57604051636015ae3d60e01b81523360048201526024015b60405180910390fd5b804211156101185760405163041f95d160e51b8152600481018290524260248201526044016100e5565b5f6101238386610998565b9050805f03610145576040516326b1e12960e11b815260040160405180910390fd5b6001600160a01b038816158061016357506001600160a01b03881630145b1561018c5760405163eedc05e360e01b81526001600160a01b03891660048201526024016100e5565b6001600160a01b03861615806101aa57506001600160a01b03861630145b156101d357604051630bc2c5df60e11b81526001600160a01b03871660048201526024016100e5565b6001600160a01b03841615806101f157506001600160a01b03841630145b1561021a57604051630bc2c5df60e11b81526001600160a01b03851660048201526024016100e5565b5f8981526001602052604090205460ff161561024c5760405163280c522360e01b8152600481018a90526024016100e5565b5f89815260016020818152604092839020805460ff191690921790915581516001600160a01b0389811682529181018890528682168184015260608101869052915189821692918b16918c917fdecdbd3321d43f562d6553499c85c7849a9d23943c7d42e3160fe84c74420c329181900360800190a46102cd87898361033c565b6102da87878787876103cd565b5061030460017f9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f0055565b5050505050505050565b61031661066b565b60027f9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f0055565b6040516370a0823160e01b81523060048201525f906001600160a01b038516906370a0823190602401602060405180830381865afa158015610380573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906103a491906109b1565b90506103bb6001600160a01b0385168430856106af565b6103c7843083856106e5565b50505050565b6040516370a0823160e01b81523060048201525f90829085906001600160a01b038916906370a0823190602401602060405180830381865afa158015610415573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061043991906109b1565b61044391906109c8565b61044d91906109c8565b6040516370a0823160e01b81526001600160a01b0387811660048301529192505f918816906370a0823190602401602060405180830381865afa158015610496573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906104ba91906109b1565b90505f846001600160a01b0316876001600160a01b031614610543576040516370a0823160e01b81526001600160a01b0386811660048301528916906370a0823190602401602060405180830381865afa15801561051a573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061053e91906109b1565b610545565b815b90508515610561576105616001600160a01b03891688886107ad565b831561057b5761057b6001600160a01b03891686866107ad565b846001600160a01b0316876001600160a01b0316036105ae576105a98888846105a4888b610998565b6106e5565b6105c6565b6105ba888884896106e5565b6105c6888683876106e5565b6040516370a0823160e01b81523060048201525f906001600160a01b038a16906370a0823190602401602060405180830381865afa15801561060a573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061062e91906109b1565b90508381146106605760405163c5e9e42b60e01b815230600482015260248101859052604481018290526064016100e5565b505050505050505050565b7f9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f00546002036106ad57604051633ee5aeb560e01b815260040160405180910390fd5b565b6106bd8484848460016107e7565b6103c757604051635274afe760e01b81526001600160a01b03851660048201526024016100e5565b6040516370a0823160e01b81526001600160a01b0384811660048301525f91908616906370a0823190602401602060405180830381865afa15801561072c573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061075091906109b1565b90505f838211610760575f61076a565b61076a84836109c8565b90508281146107a55760405163c5e9e42b60e01b81526001600160a01b038616600482015260248101849052604481018290526064016100e5565b505050505050565b6107ba8383836001610854565b6107e257604051635274afe760e01b81526001600160a01b03841660048201526024016100e5565b505050565b6040516323b872dd60e01b5f8181526001600160a01b038781166004528616602452604485905291602083606481808c5af1925060015f51148316610843578383151615610837573d5f823e3d81fd5b5f883b113d1516831692505b604052505f60605295945050505050565b60405163a9059cbb60e01b5f8181526001600160a01b038616600452602485905291602083604481808b5af1925060015f511483166108aa57838315161561089e573d5f823e3d81fd5b5f873b113d1516831692505b60405250949350505050565b5f602082840312156108c6575f5ffd5b5035919050565b6001600160a01b03811681146108e1575f5ffd5b50565b5f5f5f5f5f5f5f5f610100898b0312156108fc575f5ffd5b88359750602089013561090e816108cd565b9650604089013561091e816108cd565b9550606089013561092e816108cd565b94506080890135935060a0890135610945816108cd565b979a969950949793969295929450505060c08201359160e0013590565b5f60208284031215610972575f5ffd5b813561097d816108cd565b9392505050565b634e487b7160e01b5f52601160045260245ffd5b808201808211156109ab576109ab610984565b92915050565b5f602082840312156109c1575f5ffd5b5051919050565b818103818111156109ab576109ab61098456fea2646970667358221220c12511b1c30263617b610f7f6ba375f998090e89aa2a53c65b1ddaeabf1f4be264736f6c63430008250033";

    private static String librariesLinkedBinary;

    public static final String FUNC_CHARGE = "charge";

    public static final String FUNC_CHARGED = "charged";

    public static final String FUNC_ISBILLER = "isBiller";

    public static final CustomError ALREADYCHARGED_ERROR = new CustomError("AlreadyCharged", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>() {}));
    ;

    public static final CustomError AMOUNTNOTRECEIVED_ERROR = new CustomError("AmountNotReceived", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Address>() {}, new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {}));
    ;

    public static final CustomError DEADLINEPASSED_ERROR = new CustomError("DeadlinePassed", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {}));
    ;

    public static final CustomError INVALIDBILLER_ERROR = new CustomError("InvalidBiller", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Address>() {}));
    ;

    public static final CustomError INVALIDPAYER_ERROR = new CustomError("InvalidPayer", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Address>() {}));
    ;

    public static final CustomError INVALIDRECIPIENT_ERROR = new CustomError("InvalidRecipient", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Address>() {}));
    ;

    public static final CustomError NOBILLERS_ERROR = new CustomError("NoBillers", 
            Arrays.<TypeReference<?>>asList());
    ;

    public static final CustomError NOTBILLER_ERROR = new CustomError("NotBiller", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Address>() {}));
    ;

    public static final CustomError NOTHINGTOPAY_ERROR = new CustomError("NothingToPay", 
            Arrays.<TypeReference<?>>asList());
    ;

    public static final CustomError REENTRANCYGUARDREENTRANTCALL_ERROR = new CustomError("ReentrancyGuardReentrantCall", 
            Arrays.<TypeReference<?>>asList());
    ;

    public static final CustomError SAFEERC20FAILEDOPERATION_ERROR = new CustomError("SafeERC20FailedOperation", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Address>() {}));
    ;

    public static final Event PAID_EVENT = new Event("Paid", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>(true) {}, new TypeReference<Address>(true) {}, new TypeReference<Address>(true) {}, new TypeReference<Address>() {}, new TypeReference<Uint256>() {}, new TypeReference<Address>() {}, new TypeReference<Uint256>() {}));
    ;

    @Deprecated
    protected AllowanceSplitter(String contractAddress, Web3j web3j, Credentials credentials,
            BigInteger gasPrice, BigInteger gasLimit) {
        super(BINARY, contractAddress, web3j, credentials, gasPrice, gasLimit);
    }

    protected AllowanceSplitter(String contractAddress, Web3j web3j, Credentials credentials,
            ContractGasProvider contractGasProvider) {
        super(BINARY, contractAddress, web3j, credentials, contractGasProvider);
    }

    @Deprecated
    protected AllowanceSplitter(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, BigInteger gasPrice, BigInteger gasLimit) {
        super(BINARY, contractAddress, web3j, transactionManager, gasPrice, gasLimit);
    }

    protected AllowanceSplitter(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, ContractGasProvider contractGasProvider) {
        super(BINARY, contractAddress, web3j, transactionManager, contractGasProvider);
    }

    public static List<PaidEventResponse> getPaidEvents(TransactionReceipt transactionReceipt) {
        List<Contract.EventValuesWithLog> valueList = staticExtractEventParametersWithLog(PAID_EVENT, transactionReceipt);
        ArrayList<PaidEventResponse> responses = new ArrayList<PaidEventResponse>(valueList.size());
        for (Contract.EventValuesWithLog eventValues : valueList) {
            PaidEventResponse typedResponse = new PaidEventResponse();
            typedResponse.log = eventValues.getLog();
            typedResponse.jobRef = (byte[]) eventValues.getIndexedValues().get(0).getValue();
            typedResponse.payer = (String) eventValues.getIndexedValues().get(1).getValue();
            typedResponse.token = (String) eventValues.getIndexedValues().get(2).getValue();
            typedResponse.payee = (String) eventValues.getNonIndexedValues().get(0).getValue();
            typedResponse.net = (BigInteger) eventValues.getNonIndexedValues().get(1).getValue();
            typedResponse.feeRecipient = (String) eventValues.getNonIndexedValues().get(2).getValue();
            typedResponse.fee = (BigInteger) eventValues.getNonIndexedValues().get(3).getValue();
            responses.add(typedResponse);
        }
        return responses;
    }

    public static PaidEventResponse getPaidEventFromLog(Log log) {
        Contract.EventValuesWithLog eventValues = staticExtractEventParametersWithLog(PAID_EVENT, log);
        PaidEventResponse typedResponse = new PaidEventResponse();
        typedResponse.log = log;
        typedResponse.jobRef = (byte[]) eventValues.getIndexedValues().get(0).getValue();
        typedResponse.payer = (String) eventValues.getIndexedValues().get(1).getValue();
        typedResponse.token = (String) eventValues.getIndexedValues().get(2).getValue();
        typedResponse.payee = (String) eventValues.getNonIndexedValues().get(0).getValue();
        typedResponse.net = (BigInteger) eventValues.getNonIndexedValues().get(1).getValue();
        typedResponse.feeRecipient = (String) eventValues.getNonIndexedValues().get(2).getValue();
        typedResponse.fee = (BigInteger) eventValues.getNonIndexedValues().get(3).getValue();
        return typedResponse;
    }

    public Flowable<PaidEventResponse> paidEventFlowable(EthFilter filter) {
        return web3j.ethLogFlowable(filter).map(log -> getPaidEventFromLog(log));
    }

    public Flowable<PaidEventResponse> paidEventFlowable(DefaultBlockParameter startBlock,
            DefaultBlockParameter endBlock) {
        EthFilter filter = new EthFilter(startBlock, endBlock, getContractAddress());
        filter.addSingleTopic(EventEncoder.encode(PAID_EVENT));
        return paidEventFlowable(filter);
    }

    public RemoteFunctionCall<TransactionReceipt> charge(byte[] jobRef, String payer, String token,
            String payee, BigInteger net, String feeRecipient, BigInteger fee,
            BigInteger deadline) {
        final Function function = new Function(
                FUNC_CHARGE, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.generated.Bytes32(jobRef), 
                new org.web3j.abi.datatypes.Address(160, payer), 
                new org.web3j.abi.datatypes.Address(160, token), 
                new org.web3j.abi.datatypes.Address(160, payee), 
                new org.web3j.abi.datatypes.generated.Uint256(net), 
                new org.web3j.abi.datatypes.Address(160, feeRecipient), 
                new org.web3j.abi.datatypes.generated.Uint256(fee), 
                new org.web3j.abi.datatypes.generated.Uint256(deadline)), 
                Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function);
    }

    public RemoteFunctionCall<Boolean> charged(byte[] param0) {
        final Function function = new Function(FUNC_CHARGED, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.generated.Bytes32(param0)), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Bool>() {}));
        return executeRemoteCallSingleValueReturn(function, Boolean.class);
    }

    public RemoteFunctionCall<Boolean> isBiller(String param0) {
        final Function function = new Function(FUNC_ISBILLER, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, param0)), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Bool>() {}));
        return executeRemoteCallSingleValueReturn(function, Boolean.class);
    }

    @Deprecated
    public static AllowanceSplitter load(String contractAddress, Web3j web3j,
            Credentials credentials, BigInteger gasPrice, BigInteger gasLimit) {
        return new AllowanceSplitter(contractAddress, web3j, credentials, gasPrice, gasLimit);
    }

    @Deprecated
    public static AllowanceSplitter load(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, BigInteger gasPrice, BigInteger gasLimit) {
        return new AllowanceSplitter(contractAddress, web3j, transactionManager, gasPrice, gasLimit);
    }

    public static AllowanceSplitter load(String contractAddress, Web3j web3j,
            Credentials credentials, ContractGasProvider contractGasProvider) {
        return new AllowanceSplitter(contractAddress, web3j, credentials, contractGasProvider);
    }

    public static AllowanceSplitter load(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, ContractGasProvider contractGasProvider) {
        return new AllowanceSplitter(contractAddress, web3j, transactionManager, contractGasProvider);
    }

    public static RemoteCall<AllowanceSplitter> deploy(Web3j web3j, Credentials credentials,
            ContractGasProvider contractGasProvider, List<String> billers) {
        String encodedConstructor = FunctionEncoder.encodeConstructor(Arrays.<Type>asList(new org.web3j.abi.datatypes.DynamicArray<org.web3j.abi.datatypes.Address>(
                        org.web3j.abi.datatypes.Address.class,
                        org.web3j.abi.Utils.typeMap(billers, org.web3j.abi.datatypes.Address.class))));
        return deployRemoteCall(AllowanceSplitter.class, web3j, credentials, contractGasProvider, getDeploymentBinary(), encodedConstructor);
    }

    public static RemoteCall<AllowanceSplitter> deploy(Web3j web3j,
            TransactionManager transactionManager, ContractGasProvider contractGasProvider,
            List<String> billers) {
        String encodedConstructor = FunctionEncoder.encodeConstructor(Arrays.<Type>asList(new org.web3j.abi.datatypes.DynamicArray<org.web3j.abi.datatypes.Address>(
                        org.web3j.abi.datatypes.Address.class,
                        org.web3j.abi.Utils.typeMap(billers, org.web3j.abi.datatypes.Address.class))));
        return deployRemoteCall(AllowanceSplitter.class, web3j, transactionManager, contractGasProvider, getDeploymentBinary(), encodedConstructor);
    }

    @Deprecated
    public static RemoteCall<AllowanceSplitter> deploy(Web3j web3j, Credentials credentials,
            BigInteger gasPrice, BigInteger gasLimit, List<String> billers) {
        String encodedConstructor = FunctionEncoder.encodeConstructor(Arrays.<Type>asList(new org.web3j.abi.datatypes.DynamicArray<org.web3j.abi.datatypes.Address>(
                        org.web3j.abi.datatypes.Address.class,
                        org.web3j.abi.Utils.typeMap(billers, org.web3j.abi.datatypes.Address.class))));
        return deployRemoteCall(AllowanceSplitter.class, web3j, credentials, gasPrice, gasLimit, getDeploymentBinary(), encodedConstructor);
    }

    @Deprecated
    public static RemoteCall<AllowanceSplitter> deploy(Web3j web3j,
            TransactionManager transactionManager, BigInteger gasPrice, BigInteger gasLimit,
            List<String> billers) {
        String encodedConstructor = FunctionEncoder.encodeConstructor(Arrays.<Type>asList(new org.web3j.abi.datatypes.DynamicArray<org.web3j.abi.datatypes.Address>(
                        org.web3j.abi.datatypes.Address.class,
                        org.web3j.abi.Utils.typeMap(billers, org.web3j.abi.datatypes.Address.class))));
        return deployRemoteCall(AllowanceSplitter.class, web3j, transactionManager, gasPrice, gasLimit, getDeploymentBinary(), encodedConstructor);
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

    public static class PaidEventResponse extends BaseEventResponse {
        public byte[] jobRef;

        public String payer;

        public String token;

        public String payee;

        public BigInteger net;

        public String feeRecipient;

        public BigInteger fee;
    }
}
