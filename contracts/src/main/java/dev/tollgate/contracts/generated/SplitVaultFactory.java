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
public class SplitVaultFactory extends Contract {
    public static final String BINARY = "0x60a060405234801561000f575f5ffd5b5060017f9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f00556040516100409061006b565b604051809103905ff080158015610059573d5f5f3e3d5ffd5b506001600160a01b0316608052610078565b61071f80610d7c83390190565b608051610cd86100a45f395f818160cb0152818161018b015281816101c9015261036c0152610cd85ff3fe608060405234801561000f575f5ffd5b5060043610610055575f3560e01c806387653c03146100595780639bf5f82b14610089578063a2f2db821461009e578063bba48a90146100c6578063d45ad5a3146100ed575b5f5ffd5b61006c610067366004610942565b610100565b6040516001600160a01b0390911681526020015b60405180910390f35b61009c6100973660046109cf565b610243565b005b6100b16100ac366004610a9a565b61029c565b60408051928352602083019190915201610080565b61006c7f000000000000000000000000000000000000000000000000000000000000000081565b61006c6100fb366004610942565b61033d565b5f6001600160a01b038416158061011e57506001600160a01b038316155b8061012e57506127108261ffff16115b1561014c57604051630256965f60e01b815260040160405180910390fd5b604080516001600160a01b03868116602083015285168183015261ffff84166060808301919091528251808303909101815260809091019091526101b17f0000000000000000000000000000000000000000000000000000000000000000825f6103af565b9150816001600160a01b03163b5f0361023b576101ef7f0000000000000000000000000000000000000000000000000000000000000000825f6103bc565b5060405161ffff841681526001600160a01b0380861691878216918516907fc8c56e66c9548bdbc9bfb0459274fac9cf2f1122b6190ede47f82fef71d4b83f9060200160405180910390a45b509392505050565b61024b6103c9565b5f6102578d8d8d610100565b905061026a8989838a8a8a8a8a8a6103e4565b610277818b8a8c8b61061f565b5061028e60015f516020610c835f395f51905f5255565b505050505050505050505050565b5f5f6102a66103c9565b6102b1868686610100565b60405162b40d3160e11b81526001600160a01b03858116600483015291909116906301681a629060240160408051808303815f875af11580156102f6573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061031a9190610af3565b9150915061033460015f516020610c835f395f51905f5255565b94509492505050565b604080516001600160a01b03808616602083015284169181019190915261ffff821660608201525f906103a5907f00000000000000000000000000000000000000000000000000000000000000009060800160408051601f198184030181529190525f6103af565b90505b9392505050565b5f6103a584848430610769565b5f6103a58484845f610793565b6103d16107ac565b60025f516020610c835f395f51905f5255565b6041811461040557604051638baa579f60e01b815260040160405180910390fd5b5f6104136020828486610b15565b61041c91610b3c565b90505f61042d604060208587610b15565b61043691610b3c565b90505f8484604081811061044c5761044c610b59565b6040516370a0823160e01b81526001600160a01b038e81166004830152939091013560f81c93505f928f1691506370a0823190602401602060405180830381865afa15801561049d573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906104c19190610b6d565b6040516371f70b0760e11b81526001600160a01b038e811660048301528d81166024830152604482018d9052606482018c9052608482018b905260a482018a905260ff851660c483015260e482018790526101048201869052919250908e169063e3ee160e90610124015f604051808303815f87803b158015610542575f5ffd5b505af1158015610554573d5f5f3e3d5ffd5b505050505f818e6001600160a01b03166370a082318e6040518263ffffffff1660e01b815260040161059591906001600160a01b0391909116815260200190565b602060405180830381865afa1580156105b0573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906105d49190610b6d565b6105de9190610b98565b90508a811461060f57604051637b6e35eb60e11b8152600481018c9052602481018290526044015b60405180910390fd5b5050505050505050505050505050565b5f5f866001600160a01b031663d50256256040518163ffffffff1660e01b8152600401606060405180830381865afa15801561065d573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906106819190610bab565b50604051630357371d60e01b81526001600160a01b038781166004830152602482018790529294509092505f918291908a1690630357371d9060440160408051808303815f875af11580156106d8573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906106fc9190610af3565b604080516001600160a01b038881168252602082018590528781168284015260608201849052915193955091935088811692908a16918b917fdecdbd3321d43f562d6553499c85c7849a9d23943c7d42e3160fe84c74420c329181900360800190a4505050505050505050565b5f5f61077586866107dd565b90506107898482805190602001208561083c565b9695505050505050565b5f5f61079f86866107dd565b905061078983858361086e565b5f516020610c835f395f51905f52546002036107db57604051633ee5aeb560e01b815260040160405180910390fd5b565b6060615fd3825111156108035760405163250a241560e21b815260040160405180910390fd5b815161081090602d610bea565b838360405160200161082493929190610bfd565b60405160208183030381529060405290505b92915050565b5f604051836040820152846020820152828152600b8101905060ff8153605590206001600160a01b0316949350505050565b5f834710156108995760405163cf47918160e01b815247600482015260248101859052604401610606565b81515f036108ba57604051631328927760e21b815260040160405180910390fd5b8282516020840186f590506001600160a01b0381166103a8573d5f036108f35760405163b06ebf3d60e01b815260040160405180910390fd5b6103a86040513d5f823e3d81fd5b6001600160a01b0381168114610915575f5ffd5b50565b803561092381610901565b919050565b61ffff81168114610915575f5ffd5b803561092381610928565b5f5f5f60608486031215610954575f5ffd5b833561095f81610901565b9250602084013561096f81610901565b9150604084013561097f81610928565b809150509250925092565b5f5f83601f84011261099a575f5ffd5b50813567ffffffffffffffff8111156109b1575f5ffd5b6020830191508360208285010111156109c8575f5ffd5b9250929050565b5f5f5f5f5f5f5f5f5f5f5f5f6101608d8f0312156109eb575f5ffd5b6109f58d35610901565b8c359b5060208d0135610a0781610901565b9a50610a1560408e01610937565b995060608d01359850610a2a60808e01610918565b9750610a3860a08e01610918565b965060c08d0135955060e08d013594506101008d013593506101208d0135925067ffffffffffffffff6101408e01351115610a71575f5ffd5b610a828e6101408f01358f0161098a565b81935080925050509295989b509295989b509295989b565b5f5f5f5f60808587031215610aad575f5ffd5b8435610ab881610901565b93506020850135610ac881610901565b92506040850135610ad881610928565b91506060850135610ae881610901565b939692955090935050565b5f5f60408385031215610b04575f5ffd5b505080516020909101519092909150565b5f5f85851115610b23575f5ffd5b83861115610b2f575f5ffd5b5050820193919092039150565b80356020831015610836575f19602084900360031b1b1692915050565b634e487b7160e01b5f52603260045260245ffd5b5f60208284031215610b7d575f5ffd5b5051919050565b634e487b7160e01b5f52601160045260245ffd5b8181038181111561083657610836610b84565b5f5f5f60608486031215610bbd575f5ffd5b8351610bc881610901565b6020850151909350610bd981610901565b604085015190925061097f81610928565b8082018082111561083657610836610b84565b606160f81b815260f084901b6001600160f01b0319166001820152703d81600a3d39f3363d3d373d3d3d363d7360781b6003820152606083901b6bffffffffffffffffffffffff191660148201526e5af43d82803e903d91602b57fd5bf360881b602882015281515f908060208501603785015e5f920160370191825250939250505056fe9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f00a264697066735822122026f91cf47e51656e3f4984f259486d5ad210c040f6d59f169c9c8780b2f02c2564736f6c6343000825003360c0604052348015600e575f5ffd5b50306080523360a05260805160a0516106e161003e5f395f8181609301526101ae01525f61021501526106e15ff3fe608060405234801561000f575f5ffd5b506004361061004a575f3560e01c806301681a621461004e5780630357371d1461007b578063c45a01551461008e578063d5025625146100cd575b5f5ffd5b61006161005c366004610581565b6100ff565b604080519283526020830191909152015b60405180910390f35b6100616100893660046105a3565b6101a1565b6100b57f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b039091168152602001610072565b6100d5610208565b604080516001600160a01b03948516815293909216602084015261ffff1690820152606001610072565b6040516370a0823160e01b81523060048201525f90819081906001600160a01b038516906370a0823190602401602060405180830381865afa158015610147573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061016b91906105cd565b9050805f0361018d57604051630d44987f60e21b815260040160405180910390fd5b610197848261027b565b9250925050915091565b5f80336001600160a01b037f000000000000000000000000000000000000000000000000000000000000000016146101f357604051639206147360e01b81523360048201526024015b60405180910390fd5b6101fd848461027b565b915091509250929050565b5f80806001600160a01b037f000000000000000000000000000000000000000000000000000000000000000016300361025457604051630f3a453960e21b815260040160405180910390fd5b61025d30610461565b80602001905181019061027091906105e4565b925092509250909192565b5f5f5f5f5f610288610208565b919450925090506127106102a061ffff831688610648565b6102aa9190610665565b93506102b68487610684565b6040516370a0823160e01b81523060048201529095505f906001600160a01b038916906370a0823190602401602060405180830381865afa1580156102fd573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061032191906105cd565b9050826001600160a01b0316846001600160a01b0316896001600160a01b03167f653379f9c53a63b4d44652ec41837e23018ad89aa82ce4968078b10feaad8110898960405161037b929190918252602082015260400190565b60405180910390a4851561039d5761039d6001600160a01b03891685886104ce565b84156103b7576103b76001600160a01b03891684876104ce565b6040516370a0823160e01b81523060048201525f906001600160a01b038a16906370a0823190602401602060405180830381865afa1580156103fb573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061041f91906105cd565b6104299083610684565b9050878114610455576040516304af2ff160e21b815260048101899052602481018290526044016101ea565b50505050509250929050565b60605f610479602d6001600160a01b0385163b610684565b67ffffffffffffffff81111561049157610491610697565b6040519080825280601f01601f1916602001820160405280156104bb576020820181803683370190505b5090508051602d60208301853c92915050565b6104db8383836001610508565b61050357604051635274afe760e01b81526001600160a01b03841660048201526024016101ea565b505050565b60405163a9059cbb60e01b5f8181526001600160a01b038616600452602485905291602083604481808b5af1925060015f5114831661055e578383151615610552573d5f823e3d81fd5b5f873b113d1516831692505b60405250949350505050565b6001600160a01b038116811461057e575f5ffd5b50565b5f60208284031215610591575f5ffd5b813561059c8161056a565b9392505050565b5f5f604083850312156105b4575f5ffd5b82356105bf8161056a565b946020939093013593505050565b5f602082840312156105dd575f5ffd5b5051919050565b5f5f5f606084860312156105f6575f5ffd5b83516106018161056a565b60208501519093506106128161056a565b604085015190925061ffff81168114610629575f5ffd5b809150509250925092565b634e487b7160e01b5f52601160045260245ffd5b808202811582820484141761065f5761065f610634565b92915050565b5f8261067f57634e487b7160e01b5f52601260045260245ffd5b500490565b8181038181111561065f5761065f610634565b634e487b7160e01b5f52604160045260245ffdfea2646970667358221220ab85cae741e69bb5b4598b37d58bf868162a7c5f241c266d05dcf422c1805dfb64736f6c63430008250033";

    private static String librariesLinkedBinary;

    public static final String FUNC_DEPLOYVAULT = "deployVault";

    public static final String FUNC_SETTLE = "settle";

    public static final String FUNC_SWEEP = "sweep";

    public static final String FUNC_VAULTIMPLEMENTATION = "vaultImplementation";

    public static final String FUNC_VAULTOF = "vaultOf";

    public static final CustomError AMOUNTNOTRECEIVED_ERROR = new CustomError("AmountNotReceived", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {}));
    ;

    public static final CustomError CLONEARGUMENTSTOOLONG_ERROR = new CustomError("CloneArgumentsTooLong", 
            Arrays.<TypeReference<?>>asList());
    ;

    public static final CustomError CREATE2EMPTYBYTECODE_ERROR = new CustomError("Create2EmptyBytecode", 
            Arrays.<TypeReference<?>>asList());
    ;

    public static final CustomError FAILEDDEPLOYMENT_ERROR = new CustomError("FailedDeployment", 
            Arrays.<TypeReference<?>>asList());
    ;

    public static final CustomError INSUFFICIENTBALANCE_ERROR = new CustomError("InsufficientBalance", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {}));
    ;

    public static final CustomError INVALIDSIGNATURE_ERROR = new CustomError("InvalidSignature", 
            Arrays.<TypeReference<?>>asList());
    ;

    public static final CustomError INVALIDTERMS_ERROR = new CustomError("InvalidTerms", 
            Arrays.<TypeReference<?>>asList());
    ;

    public static final CustomError REENTRANCYGUARDREENTRANTCALL_ERROR = new CustomError("ReentrancyGuardReentrantCall", 
            Arrays.<TypeReference<?>>asList());
    ;

    public static final Event PAID_EVENT = new Event("Paid", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>(true) {}, new TypeReference<Address>(true) {}, new TypeReference<Address>(true) {}, new TypeReference<Address>() {}, new TypeReference<Uint256>() {}, new TypeReference<Address>() {}, new TypeReference<Uint256>() {}));
    ;

    public static final Event VAULTCREATED_EVENT = new Event("VaultCreated", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Address>(true) {}, new TypeReference<Address>(true) {}, new TypeReference<Address>(true) {}, new TypeReference<Uint16>() {}));
    ;

    @Deprecated
    protected SplitVaultFactory(String contractAddress, Web3j web3j, Credentials credentials,
            BigInteger gasPrice, BigInteger gasLimit) {
        super(BINARY, contractAddress, web3j, credentials, gasPrice, gasLimit);
    }

    protected SplitVaultFactory(String contractAddress, Web3j web3j, Credentials credentials,
            ContractGasProvider contractGasProvider) {
        super(BINARY, contractAddress, web3j, credentials, contractGasProvider);
    }

    @Deprecated
    protected SplitVaultFactory(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, BigInteger gasPrice, BigInteger gasLimit) {
        super(BINARY, contractAddress, web3j, transactionManager, gasPrice, gasLimit);
    }

    protected SplitVaultFactory(String contractAddress, Web3j web3j,
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

    public static List<VaultCreatedEventResponse> getVaultCreatedEvents(
            TransactionReceipt transactionReceipt) {
        List<Contract.EventValuesWithLog> valueList = staticExtractEventParametersWithLog(VAULTCREATED_EVENT, transactionReceipt);
        ArrayList<VaultCreatedEventResponse> responses = new ArrayList<VaultCreatedEventResponse>(valueList.size());
        for (Contract.EventValuesWithLog eventValues : valueList) {
            VaultCreatedEventResponse typedResponse = new VaultCreatedEventResponse();
            typedResponse.log = eventValues.getLog();
            typedResponse.vault = (String) eventValues.getIndexedValues().get(0).getValue();
            typedResponse.payee = (String) eventValues.getIndexedValues().get(1).getValue();
            typedResponse.feeRecipient = (String) eventValues.getIndexedValues().get(2).getValue();
            typedResponse.feeBps = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
            responses.add(typedResponse);
        }
        return responses;
    }

    public static VaultCreatedEventResponse getVaultCreatedEventFromLog(Log log) {
        Contract.EventValuesWithLog eventValues = staticExtractEventParametersWithLog(VAULTCREATED_EVENT, log);
        VaultCreatedEventResponse typedResponse = new VaultCreatedEventResponse();
        typedResponse.log = log;
        typedResponse.vault = (String) eventValues.getIndexedValues().get(0).getValue();
        typedResponse.payee = (String) eventValues.getIndexedValues().get(1).getValue();
        typedResponse.feeRecipient = (String) eventValues.getIndexedValues().get(2).getValue();
        typedResponse.feeBps = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
        return typedResponse;
    }

    public Flowable<VaultCreatedEventResponse> vaultCreatedEventFlowable(EthFilter filter) {
        return web3j.ethLogFlowable(filter).map(log -> getVaultCreatedEventFromLog(log));
    }

    public Flowable<VaultCreatedEventResponse> vaultCreatedEventFlowable(
            DefaultBlockParameter startBlock, DefaultBlockParameter endBlock) {
        EthFilter filter = new EthFilter(startBlock, endBlock, getContractAddress());
        filter.addSingleTopic(EventEncoder.encode(VAULTCREATED_EVENT));
        return vaultCreatedEventFlowable(filter);
    }

    public RemoteFunctionCall<TransactionReceipt> deployVault(String payee, String feeRecipient,
            BigInteger feeBps) {
        final Function function = new Function(
                FUNC_DEPLOYVAULT, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, payee), 
                new org.web3j.abi.datatypes.Address(160, feeRecipient), 
                new org.web3j.abi.datatypes.generated.Uint16(feeBps)), 
                Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function);
    }

    public RemoteFunctionCall<TransactionReceipt> settle(String payee, String feeRecipient,
            BigInteger feeBps, byte[] jobRef, String token, String from, BigInteger value,
            BigInteger validAfter, BigInteger validBefore, byte[] nonce, byte[] signature) {
        final Function function = new Function(
                FUNC_SETTLE, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, payee), 
                new org.web3j.abi.datatypes.Address(160, feeRecipient), 
                new org.web3j.abi.datatypes.generated.Uint16(feeBps), 
                new org.web3j.abi.datatypes.generated.Bytes32(jobRef), 
                new org.web3j.abi.datatypes.Address(160, token), 
                new org.web3j.abi.datatypes.Address(160, from), 
                new org.web3j.abi.datatypes.generated.Uint256(value), 
                new org.web3j.abi.datatypes.generated.Uint256(validAfter), 
                new org.web3j.abi.datatypes.generated.Uint256(validBefore), 
                new org.web3j.abi.datatypes.generated.Bytes32(nonce), 
                new org.web3j.abi.datatypes.DynamicBytes(signature)), 
                Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function);
    }

    public RemoteFunctionCall<TransactionReceipt> sweep(String payee, String feeRecipient,
            BigInteger feeBps, String token) {
        final Function function = new Function(
                FUNC_SWEEP, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, payee), 
                new org.web3j.abi.datatypes.Address(160, feeRecipient), 
                new org.web3j.abi.datatypes.generated.Uint16(feeBps), 
                new org.web3j.abi.datatypes.Address(160, token)), 
                Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function);
    }

    public RemoteFunctionCall<String> vaultImplementation() {
        final Function function = new Function(FUNC_VAULTIMPLEMENTATION, 
                Arrays.<Type>asList(), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Address>() {}));
        return executeRemoteCallSingleValueReturn(function, String.class);
    }

    public RemoteFunctionCall<String> vaultOf(String payee, String feeRecipient,
            BigInteger feeBps) {
        final Function function = new Function(FUNC_VAULTOF, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, payee), 
                new org.web3j.abi.datatypes.Address(160, feeRecipient), 
                new org.web3j.abi.datatypes.generated.Uint16(feeBps)), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Address>() {}));
        return executeRemoteCallSingleValueReturn(function, String.class);
    }

    @Deprecated
    public static SplitVaultFactory load(String contractAddress, Web3j web3j,
            Credentials credentials, BigInteger gasPrice, BigInteger gasLimit) {
        return new SplitVaultFactory(contractAddress, web3j, credentials, gasPrice, gasLimit);
    }

    @Deprecated
    public static SplitVaultFactory load(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, BigInteger gasPrice, BigInteger gasLimit) {
        return new SplitVaultFactory(contractAddress, web3j, transactionManager, gasPrice, gasLimit);
    }

    public static SplitVaultFactory load(String contractAddress, Web3j web3j,
            Credentials credentials, ContractGasProvider contractGasProvider) {
        return new SplitVaultFactory(contractAddress, web3j, credentials, contractGasProvider);
    }

    public static SplitVaultFactory load(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, ContractGasProvider contractGasProvider) {
        return new SplitVaultFactory(contractAddress, web3j, transactionManager, contractGasProvider);
    }

    public static RemoteCall<SplitVaultFactory> deploy(Web3j web3j, Credentials credentials,
            ContractGasProvider contractGasProvider) {
        return deployRemoteCall(SplitVaultFactory.class, web3j, credentials, contractGasProvider, getDeploymentBinary(), "");
    }

    public static RemoteCall<SplitVaultFactory> deploy(Web3j web3j,
            TransactionManager transactionManager, ContractGasProvider contractGasProvider) {
        return deployRemoteCall(SplitVaultFactory.class, web3j, transactionManager, contractGasProvider, getDeploymentBinary(), "");
    }

    @Deprecated
    public static RemoteCall<SplitVaultFactory> deploy(Web3j web3j, Credentials credentials,
            BigInteger gasPrice, BigInteger gasLimit) {
        return deployRemoteCall(SplitVaultFactory.class, web3j, credentials, gasPrice, gasLimit, getDeploymentBinary(), "");
    }

    @Deprecated
    public static RemoteCall<SplitVaultFactory> deploy(Web3j web3j,
            TransactionManager transactionManager, BigInteger gasPrice, BigInteger gasLimit) {
        return deployRemoteCall(SplitVaultFactory.class, web3j, transactionManager, gasPrice, gasLimit, getDeploymentBinary(), "");
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

    public static class VaultCreatedEventResponse extends BaseEventResponse {
        public String vault;

        public String payee;

        public String feeRecipient;

        public BigInteger feeBps;
    }
}
