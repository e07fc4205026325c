package dev.tollgate.chain.evm;

import dev.tollgate.contracts.generated.AllowanceSplitter;
import dev.tollgate.contracts.generated.FeeSplitter;
import dev.tollgate.contracts.generated.SplitVaultFactory;
import dev.tollgate.contracts.generated.TestUSDC;
import dev.tollgate.contracts.generated.UptoSplitter;
import java.math.BigInteger;
import dev.tollgate.chain.transport.RailTransport;
import dev.tollgate.chain.transport.RpcTransportPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticEIP1559GasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * Operator tool (also used by dev mode and tests): deploys FeeSplitter on any EVM chain, and TestUSDC with minting
 * on local and test chains. Keys are 0x hex; fees come from the node (EIP-1559), gas from estimates.
 */
public final class EvmDeployer implements AutoCloseable {
    /** Main networks where a freely mintable "USD Coin" must never be deployed. */
    private static final Set<Long> MAINNETS = Set.of(1L, 10L, 56L, 100L, 137L, 324L, 1101L, 8453L, 42161L, 43114L, 59144L);
    private static final long RECEIPT_POLL_MILLIS = 100;
    private static final int RECEIPT_POLL_ATTEMPTS = 1_200; // two minutes

    private final long chainId;
    private final EvmRpc rpc;
    private final Web3j web3j;
    private final URI rpcUrl;

    /** Contracts for a local chain: the splitter and a TestUSDC whose owner can mint. */
    public record LocalContracts(String splitter, String usdc) {
    }

    public EvmDeployer(URI rpcUrl, long chainId, Duration rpcTimeout) {
        this.chainId = chainId;
        this.rpcUrl = rpcUrl;
        this.rpc = new EvmRpc(new RailTransport("eip155:" + chainId, "EVM RPC", List.of(rpcUrl),
                RpcTransportPolicy.forTimeout(rpcTimeout), null), chainId);
        this.web3j = rpc.web3j();
    }

    /** Deploys FeeSplitter (no owner, no settings: one per chain is enough) and returns its address. */
    public String deployFeeSplitter(String deployerKey) throws Exception {
        Credentials deployer = Credentials.create(deployerKey);
        ContractGasProvider gas = gasFor(deployer, FeeSplitter.BINARY);
        return EvmAddresses.checksummed(FeeSplitter.deploy(web3j, manager(deployer), gas).send().getContractAddress());
    }

    /**
     * Deploys SplitVaultFactory (x402 {@code exact} payments with the fee split; no owner, no settings: one per chain
     * is enough) and returns its address.
     */
    public String deploySplitVaultFactory(String deployerKey) throws Exception {
        Credentials deployer = Credentials.create(deployerKey);
        ContractGasProvider gas = gasFor(deployer, SplitVaultFactory.BINARY);
        return EvmAddresses.checksummed(SplitVaultFactory.deploy(web3j, manager(deployer), gas).send().getContractAddress());
    }

    /**
     * Deploys AllowanceSplitter (charges of ERC-20 allowances with the fee split) whose only callers are
     * {@code billers} (the gateway's relayer addresses), fixed for the contract's life, and returns its address.
     */
    public String deployAllowanceSplitter(String deployerKey, List<String> billers) throws Exception {
        if (billers.isEmpty() || !billers.stream().allMatch(EvmAddresses::isValid)) {
            throw new IllegalArgumentException("billers must be one or more EVM addresses");
        }
        Credentials deployer = Credentials.create(deployerKey);
        String constructor = FunctionEncoder.encodeConstructor(List.of(new org.web3j.abi.datatypes.DynamicArray<>(
                Address.class, billers.stream().map(Address::new).toList())));
        ContractGasProvider gas = gasFor(deployer, AllowanceSplitter.BINARY + constructor);
        return EvmAddresses.checksummed(AllowanceSplitter.deploy(web3j, manager(deployer), gas, billers).send()
                .getContractAddress());
    }

    /**
     * Deploys UptoSplitter (x402 {@code upto} settlements with the fee split) accepting calls from {@code relayer}
     * only (the gateway's relayer: {@code EvmExactConfig.relayerAddress()}), and returns its address. Permit2 and
     * x402's upto proxy must exist on the chain ({@link #installLocalUptoProxy} on a local one).
     */
    public String deployUptoSplitter(String deployerKey, String relayer) throws Exception {
        Credentials deployer = Credentials.create(deployerKey);
        String constructor = FunctionEncoder.encodeConstructor(List.of(new Address(relayer)));
        ContractGasProvider gas = gasFor(deployer, UptoSplitter.BINARY + constructor);
        return EvmAddresses.checksummed(UptoSplitter.deploy(web3j, manager(deployer), gas, relayer).send()
                .getContractAddress());
    }

    /**
     * Local chains (anvil) only: places our own {@code LocalPermit2} and {@code LocalUptoPermit2Proxy} runtime code at
     * Permit2's and x402's upto proxy's canonical addresses with {@code anvil_setCode} (neither exists on a fresh
     * chain, and stock upto clients sign for exactly those addresses). Idempotent; checks the code is there after.
     */
    public void installLocalUptoProxy() throws Exception {
        requireNotMainnet();
        setCode(UptoPermit2.PERMIT2, runtimeCode("LocalPermit2"));
        setCode(UptoPermit2.PROXY, runtimeCode("LocalUptoPermit2Proxy"));
    }

    private void setCode(String address, String code) throws Exception {
        org.web3j.protocol.http.HttpService anvil = new org.web3j.protocol.http.HttpService(rpcUrl.toString());
        org.web3j.protocol.core.Response<?> set;
        try {
            set = new org.web3j.protocol.core.Request<>("anvil_setCode", List.of(address, code), anvil,
                    org.web3j.protocol.core.methods.response.VoidResponse.class).send();
        } finally {
            anvil.close();
        }
        if (set.hasError()) {
            throw new IllegalStateException("anvil_setCode failed at " + address + ": " + set.getError().getMessage());
        }
        String placed = web3j.ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode();
        if (placed == null || !placed.equalsIgnoreCase(code)) {
            throw new IllegalStateException("the code at " + address + " is not what was placed");
        }
    }

    /** A compiled contract's runtime bytecode (0x hex) from its artifact in {@code dev/tollgate/contracts/}. */
    static String runtimeCode(String contract) throws java.io.IOException {
        try (java.io.InputStream in = EvmDeployer.class.getResourceAsStream("/dev/tollgate/contracts/" + contract + ".json")) {
            if (in == null) {
                throw new IllegalStateException("contract artifact missing from the class path: " + contract);
            }
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(in).get("deployedBytecode").asText();
        }
    }

    /** Deploys TestUSDC owned by the key's address (test and local chains only) and returns its address. */
    public String deployTestUsdc(String ownerKey) throws Exception {
        requireNotMainnet();
        Credentials owner = Credentials.create(ownerKey);
        String constructor = FunctionEncoder.encodeConstructor(List.of(new Address(owner.getAddress())));
        ContractGasProvider gas = gasFor(owner, TestUSDC.BINARY + constructor);
        return EvmAddresses.checksummed(TestUSDC.deploy(web3j, manager(owner), gas, owner.getAddress()).send().getContractAddress());
    }

    /** Mints {@code units} (6 decimals) of a TestUSDC to {@code to}; the key must be the token's owner. */
    public void mintTestUsdc(String ownerKey, String token, String to, BigInteger units) throws Exception {
        requireNotMainnet();
        Credentials owner = Credentials.create(ownerKey);
        ContractGasProvider gas = fees(BigInteger.valueOf(200_000));
        TestUSDC.load(token, web3j, manager(owner), gas).mint(to, units).send();
    }

    /** Both contracts for a local chain, deployed by {@code key} (which then owns TestUSDC). */
    public LocalContracts deployLocal(String key) throws Exception {
        return new LocalContracts(deployFeeSplitter(key), deployTestUsdc(key));
    }

    private void requireNotMainnet() {
        if (MAINNETS.contains(chainId)) {
            throw new IllegalStateException("TestUSDC is for local and test chains only, not chain " + chainId);
        }
    }

    private TransactionManager manager(Credentials from) {
        return new RawTransactionManager(web3j, from, chainId,
                new PollingTransactionReceiptProcessor(web3j, RECEIPT_POLL_MILLIS, RECEIPT_POLL_ATTEMPTS));
    }

    private ContractGasProvider gasFor(Credentials from, String initCode) throws Exception {
        EthEstimateGas estimate = web3j.ethEstimateGas(
                Transaction.createContractTransaction(from.getAddress(), null, null, initCode)).send();
        if (estimate.hasError()) {
            throw new IllegalStateException("deployment would fail: " + estimate.getError().getMessage());
        }
        BigInteger gas = estimate.getAmountUsed();
        return fees(gas.add(gas.shiftRight(2)));
    }

    /** Fees from the node: the suggested tip on top of twice the current base fee. */
    private ContractGasProvider fees(BigInteger gasLimit) {
        BigInteger base = rpc.head(DefaultBlockParameterName.LATEST).baseFeePerGas();
        base = base == null ? BigInteger.ZERO : base;
        BigInteger tip = rpc.maxPriorityFeePerGas(base);
        return new StaticEIP1559GasProvider(chainId, base.shiftLeft(1).add(tip), tip, gasLimit);
    }

    @Override
    public void close() {
        rpc.close();
    }
}
