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
import org.web3j.abi.datatypes.CustomError;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.StaticStruct;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
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
public class UptoSplitter extends Contract {
    public static final String BINARY = "0x60a060405234801561000f575f5ffd5b5060405161096838038061096883398101604081905261002e9161008a565b60017f9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f00556001600160a01b03811661007957604051630256965f60e01b815260040160405180910390fd5b6001600160a01b03166080526100b7565b5f6020828403121561009a575f5ffd5b81516001600160a01b03811681146100b0575f5ffd5b9392505050565b6080516108946100d45f395f81816075015260df01526108945ff3fe608060405234801561000f575f5ffd5b506004361061003f575f3560e01c806373395182146100435780638406c07914610070578063a8c92d48146100af575b5f5ffd5b61005661005136600461060c565b6100ca565b604080519283526020830191909152015b60405180910390f35b6100977f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b039091168152602001610067565b610097734020a4f3b7b90cca423b9fabcc0ce57c6c24000281565b5f5f6100d46103b2565b336001600160a01b037f00000000000000000000000000000000000000000000000000000000000000001614610123576040516266961560e51b81523360048201526024015b60405180910390fd5b5f61013460408b0160208c016106d8565b6001600160a01b0316148061016057505f61015560608b0160408c016106d8565b6001600160a01b0316145b8061017f575061271061017960808b0160608c016106f8565b61ffff16115b8061019f57503061019360208701876106d8565b6001600160a01b031614155b156101bd57604051630256965f60e01b815260040160405180910390fd5b865f036101dd576040516326b1e12960e11b815260040160405180910390fd5b5f6101eb60208a018a6106d8565b6040516370a0823160e01b81523060048201529091505f906001600160a01b038316906370a0823190602401602060405180830381865afa158015610232573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906102569190610719565b6040516001623b861360e21b03198152909150734020a4f3b7b90cca423b9fabcc0ce57c6c2400029063ff11e7b49061029d908d908d908d908d908d908d90600401610758565b5f604051808303815f87803b1580156102b4575f5ffd5b505af11580156102c6573d5f5f3e3d5ffd5b50506040516370a0823160e01b81523060048201525f92508391506001600160a01b038516906370a0823190602401602060405180830381865afa158015610310573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906103349190610719565b61033e919061080f565b905089811461036a57604051637b6e35eb60e11b8152600481018b90526024810182905260440161011a565b6103768c8a858d6103e0565b945094505050506103a660017f9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f0055565b97509795505050505050565b6103ba6104fb565b60027f9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f0055565b5f806127106103f560808801606089016106f8565b6104039061ffff1685610828565b61040d919061083f565b9050610419818461080f565b91506001600160a01b0380851690861687357fdecdbd3321d43f562d6553499c85c7849a9d23943c7d42e3160fe84c74420c3261045c60408b0160208c016106d8565b8661046d60608d0160408e016106d8565b604080516001600160a01b03948516815260208101939093529216818301526060810187905290519081900360800190a481156104c8576104c86104b760408801602089016106d8565b6001600160a01b038616908461053f565b80156104f2576104f26104e160608801604089016106d8565b6001600160a01b038616908361053f565b94509492505050565b7f9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f005460020361053d57604051633ee5aeb560e01b815260040160405180910390fd5b565b61054c8383836001610579565b61057457604051635274afe760e01b81526001600160a01b038416600482015260240161011a565b505050565b60405163a9059cbb60e01b5f8181526001600160a01b038616600452602485905291602083604481808b5af1925060015f511483166105cf5783831516156105c3573d5f823e3d81fd5b5f873b113d1516831692505b60405250949350505050565b5f608082840312156105eb575f5ffd5b50919050565b80356001600160a01b0381168114610607575f5ffd5b919050565b5f5f5f5f5f5f5f8789036101c0811215610624575f5ffd5b61062e8a8a6105db565b975061063d8a60808b016105db565b965061010089013595506106546101208a016105f1565b9450606061013f1982011215610668575f5ffd5b50610140880192506101a088013567ffffffffffffffff81111561068a575f5ffd5b8801601f81018a1361069a575f5ffd5b803567ffffffffffffffff8111156106b0575f5ffd5b8a60208284010111156106c1575f5ffd5b602082019350809250505092959891949750929550565b5f602082840312156106e8575f5ffd5b6106f1826105f1565b9392505050565b5f60208284031215610708575f5ffd5b813561ffff811681146106f1575f5ffd5b5f60208284031215610729575f5ffd5b5051919050565b81835281816020850137505f828201602090810191909152601f909101601f19169091010190565b6001600160a01b03610769886105f1565b168152602087810135908201526040808801359082015260608088013590820152608081018690526001600160a01b0385811660a08301525f906107ac866105f1565b1660c08301526001600160a01b036107c6602087016105f1565b1660e0830152604085013561010083015261014061012083018190526107ef9083018486610730565b98975050505050505050565b634e487b7160e01b5f52601160045260245ffd5b81810381811115610822576108226107fb565b92915050565b8082028115828204841417610822576108226107fb565b5f8261085957634e487b7160e01b5f52601260045260245ffd5b50049056fea26469706673582212202986b2f41d7ae0cec1cb5cc1870e48ac89c7838f16549fa0a6e0a874ef890efd64736f6c63430008250033";

    private static String librariesLinkedBinary;

    public static final String FUNC_PROXY = "PROXY";

    public static final String FUNC_RELAYER = "relayer";

    public static final String FUNC_SETTLE = "settle";

    public static final CustomError AMOUNTNOTRECEIVED_ERROR = new CustomError("AmountNotReceived", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {}));
    ;

    public static final CustomError INVALIDTERMS_ERROR = new CustomError("InvalidTerms", 
            Arrays.<TypeReference<?>>asList());
    ;

    public static final CustomError NOTHINGTOPAY_ERROR = new CustomError("NothingToPay", 
            Arrays.<TypeReference<?>>asList());
    ;

    public static final CustomError ONLYRELAYER_ERROR = new CustomError("OnlyRelayer", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Address>() {}));
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
    protected UptoSplitter(String contractAddress, Web3j web3j, Credentials credentials,
            BigInteger gasPrice, BigInteger gasLimit) {
        super(BINARY, contractAddress, web3j, credentials, gasPrice, gasLimit);
    }

    protected UptoSplitter(String contractAddress, Web3j web3j, Credentials credentials,
            ContractGasProvider contractGasProvider) {
        super(BINARY, contractAddress, web3j, credentials, contractGasProvider);
    }

    @Deprecated
    protected UptoSplitter(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, BigInteger gasPrice, BigInteger gasLimit) {
        super(BINARY, contractAddress, web3j, transactionManager, gasPrice, gasLimit);
    }

    protected UptoSplitter(String contractAddress, Web3j web3j,
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

    public RemoteFunctionCall<String> PROXY() {
        final Function function = new Function(FUNC_PROXY, 
                Arrays.<Type>asList(), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Address>() {}));
        return executeRemoteCallSingleValueReturn(function, String.class);
    }

    public RemoteFunctionCall<String> relayer() {
        final Function function = new Function(FUNC_RELAYER, 
                Arrays.<Type>asList(), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Address>() {}));
        return executeRemoteCallSingleValueReturn(function, String.class);
    }

    public RemoteFunctionCall<TransactionReceipt> settle(Split split, PermitTransferFrom permit,
            BigInteger amount, String owner, Witness witness, byte[] signature) {
        final Function function = new Function(
                FUNC_SETTLE, 
                Arrays.<Type>asList(split, 
                permit, 
                new org.web3j.abi.datatypes.generated.Uint256(amount), 
                new org.web3j.abi.datatypes.Address(160, owner), 
                witness, 
                new org.web3j.abi.datatypes.DynamicBytes(signature)), 
                Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function);
    }

    @Deprecated
    public static UptoSplitter load(String contractAddress, Web3j web3j, Credentials credentials,
            BigInteger gasPrice, BigInteger gasLimit) {
        return new UptoSplitter(contractAddress, web3j, credentials, gasPrice, gasLimit);
    }

    @Deprecated
    public static UptoSplitter load(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, BigInteger gasPrice, BigInteger gasLimit) {
        return new UptoSplitter(contractAddress, web3j, transactionManager, gasPrice, gasLimit);
    }

    public static UptoSplitter load(String contractAddress, Web3j web3j, Credentials credentials,
            ContractGasProvider contractGasProvider) {
        return new UptoSplitter(contractAddress, web3j, credentials, contractGasProvider);
    }

    public static UptoSplitter load(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, ContractGasProvider contractGasProvider) {
        return new UptoSplitter(contractAddress, web3j, transactionManager, contractGasProvider);
    }

    public static RemoteCall<UptoSplitter> deploy(Web3j web3j, Credentials credentials,
            ContractGasProvider contractGasProvider, String relayer_) {
        String encodedConstructor = FunctionEncoder.encodeConstructor(Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, relayer_)));
        return deployRemoteCall(UptoSplitter.class, web3j, credentials, contractGasProvider, getDeploymentBinary(), encodedConstructor);
    }

    public static RemoteCall<UptoSplitter> deploy(Web3j web3j,
            TransactionManager transactionManager, ContractGasProvider contractGasProvider,
            String relayer_) {
        String encodedConstructor = FunctionEncoder.encodeConstructor(Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, relayer_)));
        return deployRemoteCall(UptoSplitter.class, web3j, transactionManager, contractGasProvider, getDeploymentBinary(), encodedConstructor);
    }

    @Deprecated
    public static RemoteCall<UptoSplitter> deploy(Web3j web3j, Credentials credentials,
            BigInteger gasPrice, BigInteger gasLimit, String relayer_) {
        String encodedConstructor = FunctionEncoder.encodeConstructor(Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, relayer_)));
        return deployRemoteCall(UptoSplitter.class, web3j, credentials, gasPrice, gasLimit, getDeploymentBinary(), encodedConstructor);
    }

    @Deprecated
    public static RemoteCall<UptoSplitter> deploy(Web3j web3j,
            TransactionManager transactionManager, BigInteger gasPrice, BigInteger gasLimit,
            String relayer_) {
        String encodedConstructor = FunctionEncoder.encodeConstructor(Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, relayer_)));
        return deployRemoteCall(UptoSplitter.class, web3j, transactionManager, gasPrice, gasLimit, getDeploymentBinary(), encodedConstructor);
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

    public static class Split extends StaticStruct {
        public byte[] jobRef;

        public String payee;

        public String feeRecipient;

        public BigInteger feeBps;

        public Split(byte[] jobRef, String payee, String feeRecipient, BigInteger feeBps) {
            super(new org.web3j.abi.datatypes.generated.Bytes32(jobRef), 
                    new org.web3j.abi.datatypes.Address(160, payee), 
                    new org.web3j.abi.datatypes.Address(160, feeRecipient), 
                    new org.web3j.abi.datatypes.generated.Uint16(feeBps));
            this.jobRef = jobRef;
            this.payee = payee;
            this.feeRecipient = feeRecipient;
            this.feeBps = feeBps;
        }

        public Split(Bytes32 jobRef, Address payee, Address feeRecipient, Uint16 feeBps) {
            super(jobRef, payee, feeRecipient, feeBps);
            this.jobRef = jobRef.getValue();
            this.payee = payee.getValue();
            this.feeRecipient = feeRecipient.getValue();
            this.feeBps = feeBps.getValue();
        }
    }

    public static class TokenPermissions extends StaticStruct {
        public String token;

        public BigInteger amount;

        public TokenPermissions(String token, BigInteger amount) {
            super(new org.web3j.abi.datatypes.Address(160, token), 
                    new org.web3j.abi.datatypes.generated.Uint256(amount));
            this.token = token;
            this.amount = amount;
        }

        public TokenPermissions(Address token, Uint256 amount) {
            super(token, amount);
            this.token = token.getValue();
            this.amount = amount.getValue();
        }
    }

    public static class Witness extends StaticStruct {
        public String to;

        public String facilitator;

        public BigInteger validAfter;

        public Witness(String to, String facilitator, BigInteger validAfter) {
            super(new org.web3j.abi.datatypes.Address(160, to), 
                    new org.web3j.abi.datatypes.Address(160, facilitator), 
                    new org.web3j.abi.datatypes.generated.Uint256(validAfter));
            this.to = to;
            this.facilitator = facilitator;
            this.validAfter = validAfter;
        }

        public Witness(Address to, Address facilitator, Uint256 validAfter) {
            super(to, facilitator, validAfter);
            this.to = to.getValue();
            this.facilitator = facilitator.getValue();
            this.validAfter = validAfter.getValue();
        }
    }

    public static class PermitTransferFrom extends StaticStruct {
        public TokenPermissions permitted;

        public BigInteger nonce;

        public BigInteger deadline;

        public PermitTransferFrom(TokenPermissions permitted, BigInteger nonce,
                BigInteger deadline) {
            super(permitted, 
                    new org.web3j.abi.datatypes.generated.Uint256(nonce), 
                    new org.web3j.abi.datatypes.generated.Uint256(deadline));
            this.permitted = permitted;
            this.nonce = nonce;
            this.deadline = deadline;
        }

        public PermitTransferFrom(TokenPermissions permitted, Uint256 nonce, Uint256 deadline) {
            super(permitted, nonce, deadline);
            this.permitted = permitted;
            this.nonce = nonce.getValue();
            this.deadline = deadline.getValue();
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
