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
public class LocalPermit2 extends Contract {
    public static final String BINARY = "0x6080604052348015600e575f5ffd5b506109408061001c5f395ff3fe608060405234801561000f575f5ffd5b506004361061004a575f3560e01c8063137c29fe1461004e5780633644e515146100635780633ff9dcb11461007d5780634fe02b4414610090575b5f5ffd5b61006161005c366004610751565b6100b7565b005b61006b610311565b60405190815260200160405180910390f35b61006161008b36600461080d565b61038f565b61006b61009e36600461082d565b5f60208181529281526040808220909352908152205481565b87606001354211156100e75760405163cd21db4f60e01b8152606089013560048201526024015b60405180910390fd5b60208089013590880135111561011657604051633728b83d60e01b8152602089013560048201526024016100de565b5f6040518060a00160405280606481526020016108a760649139858560405160200161014493929190610855565b60408051601f19818403018152919052805160209182012091505f907f618358ac3db8dc274f0cd8829da7e234bd48cd73c4a740aede1adec9846d06a19061018e908c018c610879565b604080516020808201949094526001600160a01b0390921690820152908b0135606082015260800160408051601f19818403018152828252805160209182012090830185905282820181905233606080850191909152918d01356080840152908c013560a083015260c0820189905291505f9060e0016040516020818303038152906040528051906020012090505f610225610311565b60405161190160f01b602082015260228101919091526042810183905260620160405160208183030381529060405280519060200120905061026b8a8d604001356103e7565b6102ab8a8288888080601f0160208091040260200160405190810160405280939291908181526020018383808284375f9201919091525061045f92505050565b6102c857604051632057875960e21b815260040160405180910390fd5b6103038a6102d960208e018e610879565b8d602001358f5f015f0160208101906102f29190610879565b6001600160a01b03169291906104d2565b505050505050505050505050565b604080517f8cad95687ba82c2ce50e74f7b754645e5117c3a5bec8151c0726d5857980a86660208201527f9ac997416e8ff9d2ff6bebeb7149f65cdae5e32e2b90440b566bb3044041d36a918101919091524660608201523060808201525f9060a00160405160208183030381529060405280519060200120905090565b335f8181526020818152604080832086845282529182902080548517905581518581529081018490527f3704902f963766a4e561bbaab6e6cdc1b1dd12f6e9e99648da8843b3f46b918d910160405180910390a25050565b6001600160a01b0382165f90815260208181526040808320600885901c808552925290912054600160ff84161b91908083161561043757604051633ab3447f60e11b815260040160405180910390fd5b6001600160a01b039094165f9081526020818152604080832093835292905220921790915550565b5f836001600160a01b03163b5f036104bd575f5f61047d858561050e565b5090925090505f81600381111561049657610496610892565b1480156104b45750856001600160a01b0316826001600160a01b0316145b925050506104cb565b6104c8848484610557565b90505b9392505050565b6104e08484848460016105bc565b61050857604051635274afe760e01b81526001600160a01b03851660048201526024016100de565b50505050565b5f5f5f8351604103610545576020840151604085015160608601515f1a61053788828585610629565b955095509550505050610550565b505081515f91506002905b9250925092565b805160408051630b135d3f60e11b8082526004820186905260248201929092525f92906020820185604483015e5f82606483010152601f820160051c60051b915060205f60648401838a5afa9050825f5114601f3d1116811693505050509392505050565b6040516323b872dd60e01b5f8181526001600160a01b038781166004528616602452604485905291602083606481808c5af1925060015f5114831661061857838315161561060c573d5f823e3d81fd5b5f883b113d1516831692505b604052505f60605295945050505050565b5f80807f7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a084111561066257505f915060039050826106e7565b604080515f808252602082018084528a905260ff891692820192909252606081018790526080810186905260019060a0016020604051602081039080840390855afa1580156106b3573d5f5f3e3d5ffd5b5050604051601f1901519150506001600160a01b0381166106de57505f9250600191508290506106e7565b92505f91508190505b9450945094915050565b80356001600160a01b0381168114610707575f5ffd5b919050565b5f5f83601f84011261071c575f5ffd5b50813567ffffffffffffffff811115610733575f5ffd5b60208301915083602082850101111561074a575f5ffd5b9250929050565b5f5f5f5f5f5f5f5f888a0361014081121561076a575f5ffd5b6080811215610777575f5ffd5b8998506040607f198201121561078b575f5ffd5b5060808901965061079e60c08a016106f1565b955060e0890135945061010089013567ffffffffffffffff8111156107c1575f5ffd5b6107cd8b828c0161070c565b90955093505061012089013567ffffffffffffffff8111156107ed575f5ffd5b6107f98b828c0161070c565b999c989b5096995094979396929594505050565b5f5f6040838503121561081e575f5ffd5b50508035926020909101359150565b5f5f6040838503121561083e575f5ffd5b610847836106f1565b946020939093013593505050565b5f84518060208701845e5f908301908152838582375f930192835250909392505050565b5f60208284031215610889575f5ffd5b6104cb826106f1565b634e487b7160e01b5f52602160045260245ffdfe5065726d69745769746e6573735472616e7366657246726f6d28546f6b656e5065726d697373696f6e73207065726d69747465642c61646472657373207370656e6465722c75696e74323536206e6f6e63652c75696e7432353620646561646c696e652ca2646970667358221220f457f536ccee93c52568d7011bb86fc40465d3d469eebe7962de2b363cc130c864736f6c63430008250033";

    private static String librariesLinkedBinary;

    public static final String FUNC_DOMAIN_SEPARATOR = "DOMAIN_SEPARATOR";

    public static final String FUNC_INVALIDATEUNORDEREDNONCES = "invalidateUnorderedNonces";

    public static final String FUNC_NONCEBITMAP = "nonceBitmap";

    public static final String FUNC_PERMITWITNESSTRANSFERFROM = "permitWitnessTransferFrom";

    public static final CustomError INVALIDAMOUNT_ERROR = new CustomError("InvalidAmount", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Uint256>() {}));
    ;

    public static final CustomError INVALIDNONCE_ERROR = new CustomError("InvalidNonce", 
            Arrays.<TypeReference<?>>asList());
    ;

    public static final CustomError INVALIDSIGNER_ERROR = new CustomError("InvalidSigner", 
            Arrays.<TypeReference<?>>asList());
    ;

    public static final CustomError SAFEERC20FAILEDOPERATION_ERROR = new CustomError("SafeERC20FailedOperation", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Address>() {}));
    ;

    public static final CustomError SIGNATUREEXPIRED_ERROR = new CustomError("SignatureExpired", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Uint256>() {}));
    ;

    public static final Event UNORDEREDNONCEINVALIDATION_EVENT = new Event("UnorderedNonceInvalidation", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Address>(true) {}, new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {}));
    ;

    @Deprecated
    protected LocalPermit2(String contractAddress, Web3j web3j, Credentials credentials,
            BigInteger gasPrice, BigInteger gasLimit) {
        super(BINARY, contractAddress, web3j, credentials, gasPrice, gasLimit);
    }

    protected LocalPermit2(String contractAddress, Web3j web3j, Credentials credentials,
            ContractGasProvider contractGasProvider) {
        super(BINARY, contractAddress, web3j, credentials, contractGasProvider);
    }

    @Deprecated
    protected LocalPermit2(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, BigInteger gasPrice, BigInteger gasLimit) {
        super(BINARY, contractAddress, web3j, transactionManager, gasPrice, gasLimit);
    }

    protected LocalPermit2(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, ContractGasProvider contractGasProvider) {
        super(BINARY, contractAddress, web3j, transactionManager, contractGasProvider);
    }

    public static List<UnorderedNonceInvalidationEventResponse> getUnorderedNonceInvalidationEvents(
            TransactionReceipt transactionReceipt) {
        List<Contract.EventValuesWithLog> valueList = staticExtractEventParametersWithLog(UNORDEREDNONCEINVALIDATION_EVENT, transactionReceipt);
        ArrayList<UnorderedNonceInvalidationEventResponse> responses = new ArrayList<UnorderedNonceInvalidationEventResponse>(valueList.size());
        for (Contract.EventValuesWithLog eventValues : valueList) {
            UnorderedNonceInvalidationEventResponse typedResponse = new UnorderedNonceInvalidationEventResponse();
            typedResponse.log = eventValues.getLog();
            typedResponse.owner = (String) eventValues.getIndexedValues().get(0).getValue();
            typedResponse.word = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
            typedResponse.mask = (BigInteger) eventValues.getNonIndexedValues().get(1).getValue();
            responses.add(typedResponse);
        }
        return responses;
    }

    public static UnorderedNonceInvalidationEventResponse getUnorderedNonceInvalidationEventFromLog(
            Log log) {
        Contract.EventValuesWithLog eventValues = staticExtractEventParametersWithLog(UNORDEREDNONCEINVALIDATION_EVENT, log);
        UnorderedNonceInvalidationEventResponse typedResponse = new UnorderedNonceInvalidationEventResponse();
        typedResponse.log = log;
        typedResponse.owner = (String) eventValues.getIndexedValues().get(0).getValue();
        typedResponse.word = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
        typedResponse.mask = (BigInteger) eventValues.getNonIndexedValues().get(1).getValue();
        return typedResponse;
    }

    public Flowable<UnorderedNonceInvalidationEventResponse> unorderedNonceInvalidationEventFlowable(
            EthFilter filter) {
        return web3j.ethLogFlowable(filter).map(log -> getUnorderedNonceInvalidationEventFromLog(log));
    }

    public Flowable<UnorderedNonceInvalidationEventResponse> unorderedNonceInvalidationEventFlowable(
            DefaultBlockParameter startBlock, DefaultBlockParameter endBlock) {
        EthFilter filter = new EthFilter(startBlock, endBlock, getContractAddress());
        filter.addSingleTopic(EventEncoder.encode(UNORDEREDNONCEINVALIDATION_EVENT));
        return unorderedNonceInvalidationEventFlowable(filter);
    }

    public RemoteFunctionCall<byte[]> DOMAIN_SEPARATOR() {
        final Function function = new Function(FUNC_DOMAIN_SEPARATOR, 
                Arrays.<Type>asList(), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>() {}));
        return executeRemoteCallSingleValueReturn(function, byte[].class);
    }

    public RemoteFunctionCall<TransactionReceipt> invalidateUnorderedNonces(BigInteger wordPos,
            BigInteger mask) {
        final Function function = new Function(
                FUNC_INVALIDATEUNORDEREDNONCES, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.generated.Uint256(wordPos), 
                new org.web3j.abi.datatypes.generated.Uint256(mask)), 
                Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function);
    }

    public RemoteFunctionCall<BigInteger> nonceBitmap(String owner, BigInteger word) {
        final Function function = new Function(FUNC_NONCEBITMAP, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, owner), 
                new org.web3j.abi.datatypes.generated.Uint256(word)), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Uint256>() {}));
        return executeRemoteCallSingleValueReturn(function, BigInteger.class);
    }

    public RemoteFunctionCall<TransactionReceipt> permitWitnessTransferFrom(
            PermitTransferFrom permit, SignatureTransferDetails transferDetails, String owner,
            byte[] witness, String witnessTypeString, byte[] signature) {
        final Function function = new Function(
                FUNC_PERMITWITNESSTRANSFERFROM, 
                Arrays.<Type>asList(permit, 
                transferDetails, 
                new org.web3j.abi.datatypes.Address(160, owner), 
                new org.web3j.abi.datatypes.generated.Bytes32(witness), 
                new org.web3j.abi.datatypes.Utf8String(witnessTypeString), 
                new org.web3j.abi.datatypes.DynamicBytes(signature)), 
                Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function);
    }

    @Deprecated
    public static LocalPermit2 load(String contractAddress, Web3j web3j, Credentials credentials,
            BigInteger gasPrice, BigInteger gasLimit) {
        return new LocalPermit2(contractAddress, web3j, credentials, gasPrice, gasLimit);
    }

    @Deprecated
    public static LocalPermit2 load(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, BigInteger gasPrice, BigInteger gasLimit) {
        return new LocalPermit2(contractAddress, web3j, transactionManager, gasPrice, gasLimit);
    }

    public static LocalPermit2 load(String contractAddress, Web3j web3j, Credentials credentials,
            ContractGasProvider contractGasProvider) {
        return new LocalPermit2(contractAddress, web3j, credentials, contractGasProvider);
    }

    public static LocalPermit2 load(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, ContractGasProvider contractGasProvider) {
        return new LocalPermit2(contractAddress, web3j, transactionManager, contractGasProvider);
    }

    public static RemoteCall<LocalPermit2> deploy(Web3j web3j, Credentials credentials,
            ContractGasProvider contractGasProvider) {
        return deployRemoteCall(LocalPermit2.class, web3j, credentials, contractGasProvider, getDeploymentBinary(), "");
    }

    @Deprecated
    public static RemoteCall<LocalPermit2> deploy(Web3j web3j, Credentials credentials,
            BigInteger gasPrice, BigInteger gasLimit) {
        return deployRemoteCall(LocalPermit2.class, web3j, credentials, gasPrice, gasLimit, getDeploymentBinary(), "");
    }

    public static RemoteCall<LocalPermit2> deploy(Web3j web3j,
            TransactionManager transactionManager, ContractGasProvider contractGasProvider) {
        return deployRemoteCall(LocalPermit2.class, web3j, transactionManager, contractGasProvider, getDeploymentBinary(), "");
    }

    @Deprecated
    public static RemoteCall<LocalPermit2> deploy(Web3j web3j,
            TransactionManager transactionManager, BigInteger gasPrice, BigInteger gasLimit) {
        return deployRemoteCall(LocalPermit2.class, web3j, transactionManager, gasPrice, gasLimit, getDeploymentBinary(), "");
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

    public static class SignatureTransferDetails extends StaticStruct {
        public String to;

        public BigInteger requestedAmount;

        public SignatureTransferDetails(String to, BigInteger requestedAmount) {
            super(new org.web3j.abi.datatypes.Address(160, to), 
                    new org.web3j.abi.datatypes.generated.Uint256(requestedAmount));
            this.to = to;
            this.requestedAmount = requestedAmount;
        }

        public SignatureTransferDetails(Address to, Uint256 requestedAmount) {
            super(to, requestedAmount);
            this.to = to.getValue();
            this.requestedAmount = requestedAmount.getValue();
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

    public static class UnorderedNonceInvalidationEventResponse extends BaseEventResponse {
        public String owner;

        public BigInteger word;

        public BigInteger mask;
    }
}
