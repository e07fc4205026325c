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
import org.web3j.abi.datatypes.StaticStruct;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
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
public class LocalUptoPermit2Proxy extends Contract {
    public static final String BINARY = "0x6080604052348015600e575f5ffd5b5060017f9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f00556106a3806100405f395ff3fe608060405234801561000f575f5ffd5b506004361061004a575f3560e01c8063156e21521461004e5780632c03ae6a1461006c5780636afdd850146100a1578063ff11e7b4146100cf575b5f5ffd5b6100566100e4565b6040516100639190610427565b60405180910390f35b6100937fd4171c445a74218b01d4fd8af34ff1106580ea1e36ff837e64484bfaa2253b7581565b604051908152602001610063565b6100b76e22d473030f116ddee9f6b43ac78ba381565b6040516001600160a01b039091168152602001610063565b6100e26100dd36600461045b565b610100565b005b6040518060a00160405280607881526020016105f66078913981565b610108610387565b6101186040840160208501610515565b6001600160a01b0316336001600160a01b03161461014957604051630f6fae8760e01b815260040160405180910390fd5b602086013585111561016e5760405163fe64b4c760e01b815260040160405180910390fd5b6001600160a01b038416610195576040516349e27cff60e01b815260040160405180910390fd5b5f6101a36020850185610515565b6001600160a01b0316036101ca5760405163ac6b05f560e01b815260040160405180910390fd5b82604001354210156101ef5760405163532a9cfd60e11b815260040160405180910390fd5b5f7fd4171c445a74218b01d4fd8af34ff1106580ea1e36ff837e64484bfaa2253b7561021e6020860186610515565b61022e6040870160208801610515565b6040805160208101949094526001600160a01b039283168482015291166060830152850135608082015260a0016040516020818303038152906040528051906020012090506e22d473030f116ddee9f6b43ac78ba36001600160a01b031663137c29fe886040518060400160405280885f0160208101906102af9190610515565b6001600160a01b031681526020018a81525088856040518060a00160405280607881526020016105f66078913989896040518863ffffffff1660e01b81526004016103009796959493929190610556565b5f604051808303815f87803b158015610317575f5ffd5b505af1158015610329573d5f5f3e3d5ffd5b50506040517f97088ec3606cfe8cc112180570d03fcde05f9b8e1bfef8e27784eaf5dd5691b692505f9150a15061037f60017f9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f0055565b505050505050565b61038f6103b5565b60027f9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f0055565b7f9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f00546002036103f757604051633ee5aeb560e01b815260040160405180910390fd5b565b5f81518084528060208401602086015e5f602082860101526020601f19601f83011685010191505092915050565b602081525f61043960208301846103f9565b9392505050565b80356001600160a01b0381168114610456575f5ffd5b919050565b5f5f5f5f5f5f868803610140811215610472575f5ffd5b608081121561047f575f5ffd5b8796506080870135955061049560a08801610440565b9450606060bf19820112156104a8575f5ffd5b5060c08701925061012087013567ffffffffffffffff8111156104c9575f5ffd5b8701601f810189136104d9575f5ffd5b803567ffffffffffffffff8111156104ef575f5ffd5b896020828401011115610500575f5ffd5b60208201935080925050509295509295509295565b5f60208284031215610525575f5ffd5b61043982610440565b81835281816020850137505f828201602090810191909152601f909101601f19169091010190565b6001600160a01b0361056789610440565b168152602088810135818301526040808a0135908301526060808a01359083015287516001600160a01b0316608083015287015160a08201525f6105b660c08301886001600160a01b03169052565b8560e08301526101406101008301526105d36101408301866103f9565b8281036101208401526105e781858761052e565b9a995050505050505050505056fe5769746e657373207769746e65737329546f6b656e5065726d697373696f6e73286164647265737320746f6b656e2c75696e7432353620616d6f756e74295769746e657373286164647265737320746f2c6164647265737320666163696c697461746f722c75696e743235362076616c6964416674657229a26469706673582212205dd02f41821ffcb7fc0340e01ece11a00f67fdb6f8400d9fd9fc1812d11c7d4464736f6c63430008250033";

    private static String librariesLinkedBinary;

    public static final String FUNC_PERMIT2 = "PERMIT2";

    public static final String FUNC_WITNESS_TYPEHASH = "WITNESS_TYPEHASH";

    public static final String FUNC_WITNESS_TYPE_STRING = "WITNESS_TYPE_STRING";

    public static final String FUNC_SETTLE = "settle";

    public static final CustomError AMOUNTEXCEEDSPERMITTED_ERROR = new CustomError("AmountExceedsPermitted", 
            Arrays.<TypeReference<?>>asList());
    ;

    public static final CustomError INVALIDDESTINATION_ERROR = new CustomError("InvalidDestination", 
            Arrays.<TypeReference<?>>asList());
    ;

    public static final CustomError INVALIDOWNER_ERROR = new CustomError("InvalidOwner", 
            Arrays.<TypeReference<?>>asList());
    ;

    public static final CustomError PAYMENTTOOEARLY_ERROR = new CustomError("PaymentTooEarly", 
            Arrays.<TypeReference<?>>asList());
    ;

    public static final CustomError REENTRANCYGUARDREENTRANTCALL_ERROR = new CustomError("ReentrancyGuardReentrantCall", 
            Arrays.<TypeReference<?>>asList());
    ;

    public static final CustomError UNAUTHORIZEDFACILITATOR_ERROR = new CustomError("UnauthorizedFacilitator", 
            Arrays.<TypeReference<?>>asList());
    ;

    public static final Event SETTLED_EVENT = new Event("Settled", 
            Arrays.<TypeReference<?>>asList());
    ;

    @Deprecated
    protected LocalUptoPermit2Proxy(String contractAddress, Web3j web3j, Credentials credentials,
            BigInteger gasPrice, BigInteger gasLimit) {
        super(BINARY, contractAddress, web3j, credentials, gasPrice, gasLimit);
    }

    protected LocalUptoPermit2Proxy(String contractAddress, Web3j web3j, Credentials credentials,
            ContractGasProvider contractGasProvider) {
        super(BINARY, contractAddress, web3j, credentials, contractGasProvider);
    }

    @Deprecated
    protected LocalUptoPermit2Proxy(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, BigInteger gasPrice, BigInteger gasLimit) {
        super(BINARY, contractAddress, web3j, transactionManager, gasPrice, gasLimit);
    }

    protected LocalUptoPermit2Proxy(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, ContractGasProvider contractGasProvider) {
        super(BINARY, contractAddress, web3j, transactionManager, contractGasProvider);
    }

    public static List<SettledEventResponse> getSettledEvents(
            TransactionReceipt transactionReceipt) {
        List<Contract.EventValuesWithLog> valueList = staticExtractEventParametersWithLog(SETTLED_EVENT, transactionReceipt);
        ArrayList<SettledEventResponse> responses = new ArrayList<SettledEventResponse>(valueList.size());
        for (Contract.EventValuesWithLog eventValues : valueList) {
            SettledEventResponse typedResponse = new SettledEventResponse();
            typedResponse.log = eventValues.getLog();
            responses.add(typedResponse);
        }
        return responses;
    }

    public static SettledEventResponse getSettledEventFromLog(Log log) {
        Contract.EventValuesWithLog eventValues = staticExtractEventParametersWithLog(SETTLED_EVENT, log);
        SettledEventResponse typedResponse = new SettledEventResponse();
        typedResponse.log = log;
        return typedResponse;
    }

    public Flowable<SettledEventResponse> settledEventFlowable(EthFilter filter) {
        return web3j.ethLogFlowable(filter).map(log -> getSettledEventFromLog(log));
    }

    public Flowable<SettledEventResponse> settledEventFlowable(DefaultBlockParameter startBlock,
            DefaultBlockParameter endBlock) {
        EthFilter filter = new EthFilter(startBlock, endBlock, getContractAddress());
        filter.addSingleTopic(EventEncoder.encode(SETTLED_EVENT));
        return settledEventFlowable(filter);
    }

    public RemoteFunctionCall<String> PERMIT2() {
        final Function function = new Function(FUNC_PERMIT2, 
                Arrays.<Type>asList(), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Address>() {}));
        return executeRemoteCallSingleValueReturn(function, String.class);
    }

    public RemoteFunctionCall<byte[]> WITNESS_TYPEHASH() {
        final Function function = new Function(FUNC_WITNESS_TYPEHASH, 
                Arrays.<Type>asList(), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>() {}));
        return executeRemoteCallSingleValueReturn(function, byte[].class);
    }

    public RemoteFunctionCall<String> WITNESS_TYPE_STRING() {
        final Function function = new Function(FUNC_WITNESS_TYPE_STRING, 
                Arrays.<Type>asList(), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Utf8String>() {}));
        return executeRemoteCallSingleValueReturn(function, String.class);
    }

    public RemoteFunctionCall<TransactionReceipt> settle(PermitTransferFrom permit,
            BigInteger amount, String owner, Witness witness, byte[] signature) {
        final Function function = new Function(
                FUNC_SETTLE, 
                Arrays.<Type>asList(permit, 
                new org.web3j.abi.datatypes.generated.Uint256(amount), 
                new org.web3j.abi.datatypes.Address(160, owner), 
                witness, 
                new org.web3j.abi.datatypes.DynamicBytes(signature)), 
                Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function);
    }

    @Deprecated
    public static LocalUptoPermit2Proxy load(String contractAddress, Web3j web3j,
            Credentials credentials, BigInteger gasPrice, BigInteger gasLimit) {
        return new LocalUptoPermit2Proxy(contractAddress, web3j, credentials, gasPrice, gasLimit);
    }

    @Deprecated
    public static LocalUptoPermit2Proxy load(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, BigInteger gasPrice, BigInteger gasLimit) {
        return new LocalUptoPermit2Proxy(contractAddress, web3j, transactionManager, gasPrice, gasLimit);
    }

    public static LocalUptoPermit2Proxy load(String contractAddress, Web3j web3j,
            Credentials credentials, ContractGasProvider contractGasProvider) {
        return new LocalUptoPermit2Proxy(contractAddress, web3j, credentials, contractGasProvider);
    }

    public static LocalUptoPermit2Proxy load(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, ContractGasProvider contractGasProvider) {
        return new LocalUptoPermit2Proxy(contractAddress, web3j, transactionManager, contractGasProvider);
    }

    public static RemoteCall<LocalUptoPermit2Proxy> deploy(Web3j web3j, Credentials credentials,
            ContractGasProvider contractGasProvider) {
        return deployRemoteCall(LocalUptoPermit2Proxy.class, web3j, credentials, contractGasProvider, getDeploymentBinary(), "");
    }

    @Deprecated
    public static RemoteCall<LocalUptoPermit2Proxy> deploy(Web3j web3j, Credentials credentials,
            BigInteger gasPrice, BigInteger gasLimit) {
        return deployRemoteCall(LocalUptoPermit2Proxy.class, web3j, credentials, gasPrice, gasLimit, getDeploymentBinary(), "");
    }

    public static RemoteCall<LocalUptoPermit2Proxy> deploy(Web3j web3j,
            TransactionManager transactionManager, ContractGasProvider contractGasProvider) {
        return deployRemoteCall(LocalUptoPermit2Proxy.class, web3j, transactionManager, contractGasProvider, getDeploymentBinary(), "");
    }

    @Deprecated
    public static RemoteCall<LocalUptoPermit2Proxy> deploy(Web3j web3j,
            TransactionManager transactionManager, BigInteger gasPrice, BigInteger gasLimit) {
        return deployRemoteCall(LocalUptoPermit2Proxy.class, web3j, transactionManager, gasPrice, gasLimit, getDeploymentBinary(), "");
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

    public static class SettledEventResponse extends BaseEventResponse {
    }
}
