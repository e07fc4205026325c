package dev.tollgate.contracts.generated;

import io.reactivex.Flowable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import javax.annotation.processing.Generated;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
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
public class FeeSplitter extends Contract {
    public static final String BINARY = "0x6080604052348015600e575f5ffd5b5060017f9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f0055611062806100405f395ff3fe608060405260043610610049575f3560e01c80636a775e0f1461004d5780637ddfead61461006e578063a7e5a0a114610081578063a8727249146100a0578063f39d2bf1146100bf575b5f5ffd5b348015610058575f5ffd5b5061006c610067366004610d6c565b6100f0565b005b61006c61007c366004610e14565b6102af565b34801561008c575f5ffd5b5061006c61009b366004610e6c565b610373565b3480156100ab575f5ffd5b5061006c6100ba366004610eff565b610521565b3480156100ca575f5ffd5b506100de6100d9366004610eff565b6105b0565b60405190815260200160405180910390f35b6100f8610641565b5f610106898989898961065c565b90505f6101188d8d8c8c8c8c8c6105b0565b90508b6001600160a01b03168b6001600160a01b03168e5f516020610fed5f395f51905f528d8d8d8d6040516101519493929190610f6b565b60405180910390a46040516370a0823160e01b81523060048201525f906001600160a01b038e16906370a0823190602401602060405180830381865afa15801561019d573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906101c19190610f95565b90506001600160a01b038d1663ef55bec68d30865f6101e18d6001610fc0565b6040516001600160e01b031960e088901b1681526001600160a01b03958616600482015294909316602485015260448401919091526064830152608482015260a4810185905260ff891660c482015260e481018890526101048101879052610124015f604051808303815f87803b15801561025a575f5ffd5b505af115801561026c573d5f5f3e3d5ffd5b5050505061027c8d30838661074a565b6102898d8c8c8c8c61080a565b5050506102a260015f51602061100d5f395f51905f5255565b5050505050505050505050565b6102b7610641565b5f6102c5868686868661065c565b90508034146102f55760405163195a3ca160e01b8152600481018290523460248201526044015b60405180910390fd5b5f6001600160a01b0316336001600160a01b0316885f516020610fed5f395f51905f528989898960405161032c9493929190610f6b565b60405180910390a48415610344576103448686610aa8565b8215610354576103548484610aa8565b5061036b60015f51602061100d5f395f51905f5255565b505050505050565b61037b610641565b5f610389898989898961065c565b60405163d505accf60e01b8152336004820152306024820152604481018290526064810187905260ff8616608482015260a4810185905260c481018490529091506001600160a01b038b169063d505accf9060e4015f604051808303815f87803b1580156103f5575f5ffd5b505af1925050508015610406575060015b6104a757604051636eb1769f60e11b81523360048201523060248201525f906001600160a01b038c169063dd62ed3e90604401602060405180830381865afa158015610454573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906104789190610f95565b9050818110156104a55760405163010a463160e01b815260048101829052602481018390526044016102ec565b505b896001600160a01b0316336001600160a01b03168c5f516020610fed5f395f51905f528c8c8c8c6040516104de9493929190610f6b565b60405180910390a46104f18a3383610b1f565b6104fe8a8a8a8a8a61080a565b5061051560015f51602061100d5f395f51905f5255565b50505050505050505050565b610529610641565b5f610537868686868661065c565b9050866001600160a01b0316336001600160a01b0316895f516020610fed5f395f51905f52898989896040516105709493929190610f6b565b60405180910390a4610583873383610b1f565b610590878787878761080a565b506105a760015f51602061100d5f395f51905f5255565b50505050505050565b604080517fbe761235d92a3aaa0035d607135ebc39be889347058e9a172432ee74f94a4e66602080830191909152308284015260608201999099526001600160a01b03978816608082015295871660a087015260c08601949094529190941660e084015261010083019390935261012080830193909352805180830390930183526101409091019052805191012090565b610649610bb0565b60025f51602061100d5f395f51905f5255565b5f814211156106875760405163041f95d160e51b8152600481018390524260248201526044016102ec565b6106918386610fc0565b9050805f036106b3576040516326b1e12960e11b815260040160405180910390fd5b6001600160a01b03861615806106d157506001600160a01b03861630145b156106fa57604051630bc2c5df60e11b81526001600160a01b03871660048201526024016102ec565b6001600160a01b038416158061071857506001600160a01b03841630145b1561074157604051630bc2c5df60e11b81526001600160a01b03851660048201526024016102ec565b95945050505050565b6040516370a0823160e01b81526001600160a01b0384811660048301525f91908616906370a0823190602401602060405180830381865afa158015610791573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906107b59190610f95565b90505f8382116107c5575f6107cf565b6107cf8483610fd9565b905082811461036b5760405163c5e9e42b60e01b81526001600160a01b038616600482015260248101849052604481018290526064016102ec565b6040516370a0823160e01b81523060048201525f90829085906001600160a01b038916906370a0823190602401602060405180830381865afa158015610852573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906108769190610f95565b6108809190610fd9565b61088a9190610fd9565b6040516370a0823160e01b81526001600160a01b0387811660048301529192505f918816906370a0823190602401602060405180830381865afa1580156108d3573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906108f79190610f95565b90505f846001600160a01b0316876001600160a01b031614610980576040516370a0823160e01b81526001600160a01b0386811660048301528916906370a0823190602401602060405180830381865afa158015610957573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061097b9190610f95565b610982565b815b9050851561099e5761099e6001600160a01b0389168888610be1565b83156109b8576109b86001600160a01b0389168686610be1565b846001600160a01b0316876001600160a01b0316036109eb576109e68888846109e1888b610fc0565b61074a565b610a03565b6109f78888848961074a565b610a038886838761074a565b6040516370a0823160e01b81523060048201525f906001600160a01b038a16906370a0823190602401602060405180830381865afa158015610a47573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610a6b9190610f95565b9050838114610a9d5760405163c5e9e42b60e01b815230600482015260248101859052604481018290526064016102ec565b505050505050505050565b80471015610ad25760405163cf47918160e01b8152476004820152602481018290526044016102ec565b610aeb828260405180602001604052805f815250610c1b565b15610af4575050565b3d15610b0657610b02610c30565b5050565b60405163d6bda27560e01b815260040160405180910390fd5b6040516370a0823160e01b81523060048201525f906001600160a01b038516906370a0823190602401602060405180830381865afa158015610b63573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610b879190610f95565b9050610b9e6001600160a01b038516843085610c3b565b610baa8430838561074a565b50505050565b5f51602061100d5f395f51905f5254600203610bdf57604051633ee5aeb560e01b815260040160405180910390fd5b565b610bee8383836001610c71565b610c1657604051635274afe760e01b81526001600160a01b03841660048201526024016102ec565b505050565b5f5f5f83516020850186885af1949350505050565b6040513d5f823e3d81fd5b610c49848484846001610cd3565b610baa57604051635274afe760e01b81526001600160a01b03851660048201526024016102ec565b60405163a9059cbb60e01b5f8181526001600160a01b038616600452602485905291602083604481808b5af1925060015f51148316610cc7578383151615610cbb573d5f823e3d81fd5b5f873b113d1516831692505b60405250949350505050565b6040516323b872dd60e01b5f8181526001600160a01b038781166004528616602452604485905291602083606481808c5af1925060015f51148316610d2f578383151615610d23573d5f823e3d81fd5b5f883b113d1516831692505b604052505f60605295945050505050565b6001600160a01b0381168114610d54575f5ffd5b50565b803560ff81168114610d67575f5ffd5b919050565b5f5f5f5f5f5f5f5f5f5f5f6101608c8e031215610d87575f5ffd5b8b359a5060208c0135610d9981610d40565b995060408c0135610da981610d40565b985060608c0135610db981610d40565b975060808c0135965060a08c0135610dd081610d40565b955060c08c0135945060e08c01359350610ded6101008d01610d57565b9a9d999c50979a969995989497509295919493610120830135935061014090920135919050565b5f5f5f5f5f5f60c08789031215610e29575f5ffd5b863595506020870135610e3b81610d40565b9450604087013593506060870135610e5281610d40565b9598949750929560808101359460a0909101359350915050565b5f5f5f5f5f5f5f5f5f5f6101408b8d031215610e86575f5ffd5b8a35995060208b0135610e9881610d40565b985060408b0135610ea881610d40565b975060608b0135965060808b0135610ebf81610d40565b955060a08b0135945060c08b01359350610edb60e08c01610d57565b999c989b509699959894979396509194610100810135936101209091013592509050565b5f5f5f5f5f5f5f60e0888a031215610f15575f5ffd5b873596506020880135610f2781610d40565b95506040880135610f3781610d40565b9450606088013593506080880135610f4e81610d40565b9699959850939692959460a0840135945060c09093013592915050565b6001600160a01b039485168152602081019390935292166040820152606081019190915260800190565b5f60208284031215610fa5575f5ffd5b5051919050565b634e487b7160e01b5f52601160045260245ffd5b80820180821115610fd357610fd3610fac565b92915050565b81810381811115610fd357610fd3610fac56fedecdbd3321d43f562d6553499c85c7849a9d23943c7d42e3160fe84c74420c329b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f00a26469706673582212207d571d5f32f91eaed1373ecd2317a2b465f20420d042ce2639832f905359ec6464736f6c63430008250033";

    private static String librariesLinkedBinary;

    public static final String FUNC_AUTHORIZATIONNONCE = "authorizationNonce";

    public static final String FUNC_PAYNATIVE = "payNative";

    public static final String FUNC_PAYTOKEN = "payToken";

    public static final String FUNC_PAYTOKENWITHAUTHORIZATION = "payTokenWithAuthorization";

    public static final String FUNC_PAYTOKENWITHPERMIT = "payTokenWithPermit";

    public static final CustomError AMOUNTNOTRECEIVED_ERROR = new CustomError("AmountNotReceived", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Address>() {}, new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {}));
    ;

    public static final CustomError DEADLINEPASSED_ERROR = new CustomError("DeadlinePassed", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {}));
    ;

    public static final CustomError FAILEDCALL_ERROR = new CustomError("FailedCall", 
            Arrays.<TypeReference<?>>asList());
    ;

    public static final CustomError INSUFFICIENTBALANCE_ERROR = new CustomError("InsufficientBalance", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {}));
    ;

    public static final CustomError INVALIDRECIPIENT_ERROR = new CustomError("InvalidRecipient", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Address>() {}));
    ;

    public static final CustomError NOTHINGTOPAY_ERROR = new CustomError("NothingToPay", 
            Arrays.<TypeReference<?>>asList());
    ;

    public static final CustomError PERMITFAILED_ERROR = new CustomError("PermitFailed", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {}));
    ;

    public static final CustomError REENTRANCYGUARDREENTRANTCALL_ERROR = new CustomError("ReentrancyGuardReentrantCall", 
            Arrays.<TypeReference<?>>asList());
    ;

    public static final CustomError SAFEERC20FAILEDOPERATION_ERROR = new CustomError("SafeERC20FailedOperation", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Address>() {}));
    ;

    public static final CustomError WRONGVALUE_ERROR = new CustomError("WrongValue", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {}));
    ;

    public static final Event PAID_EVENT = new Event("Paid", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>(true) {}, new TypeReference<Address>(true) {}, new TypeReference<Address>(true) {}, new TypeReference<Address>() {}, new TypeReference<Uint256>() {}, new TypeReference<Address>() {}, new TypeReference<Uint256>() {}));
    ;

    @Deprecated
    protected FeeSplitter(String contractAddress, Web3j web3j, Credentials credentials,
            BigInteger gasPrice, BigInteger gasLimit) {
        super(BINARY, contractAddress, web3j, credentials, gasPrice, gasLimit);
    }

    protected FeeSplitter(String contractAddress, Web3j web3j, Credentials credentials,
            ContractGasProvider contractGasProvider) {
        super(BINARY, contractAddress, web3j, credentials, contractGasProvider);
    }

    @Deprecated
    protected FeeSplitter(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, BigInteger gasPrice, BigInteger gasLimit) {
        super(BINARY, contractAddress, web3j, transactionManager, gasPrice, gasLimit);
    }

    protected FeeSplitter(String contractAddress, Web3j web3j,
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

    public RemoteFunctionCall<byte[]> authorizationNonce(byte[] jobRef, String token, String payee,
            BigInteger net, String feeRecipient, BigInteger fee, BigInteger deadline) {
        final Function function = new Function(FUNC_AUTHORIZATIONNONCE, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.generated.Bytes32(jobRef), 
                new org.web3j.abi.datatypes.Address(160, token), 
                new org.web3j.abi.datatypes.Address(160, payee), 
                new org.web3j.abi.datatypes.generated.Uint256(net), 
                new org.web3j.abi.datatypes.Address(160, feeRecipient), 
                new org.web3j.abi.datatypes.generated.Uint256(fee), 
                new org.web3j.abi.datatypes.generated.Uint256(deadline)), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>() {}));
        return executeRemoteCallSingleValueReturn(function, byte[].class);
    }

    public RemoteFunctionCall<TransactionReceipt> payNative(byte[] jobRef, String payee,
            BigInteger net, String feeRecipient, BigInteger fee, BigInteger deadline,
            BigInteger weiValue) {
        final Function function = new Function(
                FUNC_PAYNATIVE, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.generated.Bytes32(jobRef), 
                new org.web3j.abi.datatypes.Address(160, payee), 
                new org.web3j.abi.datatypes.generated.Uint256(net), 
                new org.web3j.abi.datatypes.Address(160, feeRecipient), 
                new org.web3j.abi.datatypes.generated.Uint256(fee), 
                new org.web3j.abi.datatypes.generated.Uint256(deadline)), 
                Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function, weiValue);
    }

    public RemoteFunctionCall<TransactionReceipt> payToken(byte[] jobRef, String token,
            String payee, BigInteger net, String feeRecipient, BigInteger fee,
            BigInteger deadline) {
        final Function function = new Function(
                FUNC_PAYTOKEN, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.generated.Bytes32(jobRef), 
                new org.web3j.abi.datatypes.Address(160, token), 
                new org.web3j.abi.datatypes.Address(160, payee), 
                new org.web3j.abi.datatypes.generated.Uint256(net), 
                new org.web3j.abi.datatypes.Address(160, feeRecipient), 
                new org.web3j.abi.datatypes.generated.Uint256(fee), 
                new org.web3j.abi.datatypes.generated.Uint256(deadline)), 
                Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function);
    }

    public RemoteFunctionCall<TransactionReceipt> payTokenWithAuthorization(byte[] jobRef,
            String token, String payer, String payee, BigInteger net, String feeRecipient,
            BigInteger fee, BigInteger deadline, BigInteger v, byte[] r, byte[] s) {
        final Function function = new Function(
                FUNC_PAYTOKENWITHAUTHORIZATION, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.generated.Bytes32(jobRef), 
                new org.web3j.abi.datatypes.Address(160, token), 
                new org.web3j.abi.datatypes.Address(160, payer), 
                new org.web3j.abi.datatypes.Address(160, payee), 
                new org.web3j.abi.datatypes.generated.Uint256(net), 
                new org.web3j.abi.datatypes.Address(160, feeRecipient), 
                new org.web3j.abi.datatypes.generated.Uint256(fee), 
                new org.web3j.abi.datatypes.generated.Uint256(deadline), 
                new org.web3j.abi.datatypes.generated.Uint8(v), 
                new org.web3j.abi.datatypes.generated.Bytes32(r), 
                new org.web3j.abi.datatypes.generated.Bytes32(s)), 
                Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function);
    }

    public RemoteFunctionCall<TransactionReceipt> payTokenWithPermit(byte[] jobRef, String token,
            String payee, BigInteger net, String feeRecipient, BigInteger fee, BigInteger deadline,
            BigInteger v, byte[] r, byte[] s) {
        final Function function = new Function(
                FUNC_PAYTOKENWITHPERMIT, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.generated.Bytes32(jobRef), 
                new org.web3j.abi.datatypes.Address(160, token), 
                new org.web3j.abi.datatypes.Address(160, payee), 
                new org.web3j.abi.datatypes.generated.Uint256(net), 
                new org.web3j.abi.datatypes.Address(160, feeRecipient), 
                new org.web3j.abi.datatypes.generated.Uint256(fee), 
                new org.web3j.abi.datatypes.generated.Uint256(deadline), 
                new org.web3j.abi.datatypes.generated.Uint8(v), 
                new org.web3j.abi.datatypes.generated.Bytes32(r), 
                new org.web3j.abi.datatypes.generated.Bytes32(s)), 
                Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function);
    }

    @Deprecated
    public static FeeSplitter load(String contractAddress, Web3j web3j, Credentials credentials,
            BigInteger gasPrice, BigInteger gasLimit) {
        return new FeeSplitter(contractAddress, web3j, credentials, gasPrice, gasLimit);
    }

    @Deprecated
    public static FeeSplitter load(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, BigInteger gasPrice, BigInteger gasLimit) {
        return new FeeSplitter(contractAddress, web3j, transactionManager, gasPrice, gasLimit);
    }

    public static FeeSplitter load(String contractAddress, Web3j web3j, Credentials credentials,
            ContractGasProvider contractGasProvider) {
        return new FeeSplitter(contractAddress, web3j, credentials, contractGasProvider);
    }

    public static FeeSplitter load(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, ContractGasProvider contractGasProvider) {
        return new FeeSplitter(contractAddress, web3j, transactionManager, contractGasProvider);
    }

    public static RemoteCall<FeeSplitter> deploy(Web3j web3j, Credentials credentials,
            ContractGasProvider contractGasProvider) {
        return deployRemoteCall(FeeSplitter.class, web3j, credentials, contractGasProvider, getDeploymentBinary(), "");
    }

    @Deprecated
    public static RemoteCall<FeeSplitter> deploy(Web3j web3j, Credentials credentials,
            BigInteger gasPrice, BigInteger gasLimit) {
        return deployRemoteCall(FeeSplitter.class, web3j, credentials, gasPrice, gasLimit, getDeploymentBinary(), "");
    }

    public static RemoteCall<FeeSplitter> deploy(Web3j web3j, TransactionManager transactionManager,
            ContractGasProvider contractGasProvider) {
        return deployRemoteCall(FeeSplitter.class, web3j, transactionManager, contractGasProvider, getDeploymentBinary(), "");
    }

    @Deprecated
    public static RemoteCall<FeeSplitter> deploy(Web3j web3j, TransactionManager transactionManager,
            BigInteger gasPrice, BigInteger gasLimit) {
        return deployRemoteCall(FeeSplitter.class, web3j, transactionManager, gasPrice, gasLimit, getDeploymentBinary(), "");
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
