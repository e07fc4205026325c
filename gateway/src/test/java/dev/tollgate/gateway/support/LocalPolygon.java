package dev.tollgate.gateway.support;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.evm.EvmDeployer;
import dev.tollgate.chain.evm.EvmNetworkConfig;
import dev.tollgate.chain.evm.EvmRail;
import dev.tollgate.localnet.evm.AnvilNode;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * One real anvil per test JVM standing in for Polygon, with the FeeSplitter and a 6-decimal USDC deployed, plus an
 * observer rail and a plain wallet (raw web3j) for paying the way any wallet would.
 */
public final class LocalPolygon {
    public static final long CHAIN_ID = 80002;
    /** A second, independent EVM chain (standing in for Base Sepolia), for configuring a network by properties alone. */
    public static final long SECOND_CHAIN_ID = 84532;
    private static final String OWNER_KEY = AnvilNode.DEV_PRIVATE_KEYS.get(0);
    private static LocalPolygon instance;
    private static LocalPolygon second;

    public final long chainId;

    public final AnvilNode anvil;
    public final String splitter;
    public final ChainAsset usdc;
    public final String agentTreasury = newKey().getAddress();
    public final String feeTreasury = newKey().getAddress();
    public final EvmRail observer;
    private final EvmDeployer deployer;
    private final Web3j web3j;

    private LocalPolygon(long chainId) throws Exception {
        this.chainId = chainId;
        anvil = AnvilNode.start(chainId);
        deployer = new EvmDeployer(anvil.rpcUrl(), chainId, Duration.ofSeconds(10));
        EvmDeployer.LocalContracts contracts = deployer.deployLocal(OWNER_KEY);
        splitter = contracts.splitter();
        usdc = EvmNetworkConfig.usdc(contracts.usdc());
        observer = new EvmRail(new EvmNetworkConfig(NetworkId.of("eip155:" + chainId), chainId, anvil.rpcUrl(),
                splitter, EvmNetworkConfig.POL, Map.of("USDC", usdc), 1, false, Duration.ofSeconds(5), null));
        web3j = Web3j.build(new HttpService(anvil.rpcUrl().toString()));
        Runtime.getRuntime().addShutdownHook(new Thread(anvil::close));
    }

    public static synchronized LocalPolygon get() {
        if (instance == null) {
            instance = start(CHAIN_ID);
        }
        return instance;
    }

    /** The second local EVM chain ({@link #SECOND_CHAIN_ID}), with its own FeeSplitter and USDC. */
    public static synchronized LocalPolygon second() {
        if (second == null) {
            second = start(SECOND_CHAIN_ID);
        }
        return second;
    }

    private static LocalPolygon start(long chainId) {
        try {
            return new LocalPolygon(chainId);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the local EVM chain " + chainId, e);
        }
    }

    public static Credentials newKey() {
        try {
            return Credentials.create(Keys.createEcKeyPair());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String secret(Credentials c) {
        return Numeric.toHexStringWithPrefixZeroPadded(c.getEcKeyPair().getPrivateKey(), 64);
    }

    /** A payer with {@code wei} POL and {@code usdcUnits} USDC. */
    public Credentials payer(BigInteger wei, long usdcUnits) throws Exception {
        Credentials payer = newKey();
        anvil.setBalance(payer.getAddress(), wei);
        if (usdcUnits > 0) {
            deployer.mintTestUsdc(OWNER_KEY, usdc.address(), payer.getAddress(), BigInteger.valueOf(usdcUnits));
        }
        return payer;
    }

    /** Mints {@code units} more test USDC to {@code owner}. */
    public void mintUsdc(String owner, long units) throws Exception {
        deployer.mintTestUsdc(OWNER_KEY, usdc.address(), owner, BigInteger.valueOf(units));
    }

    public BigInteger pol(String owner) {
        return observer.balanceOf(owner, EvmNetworkConfig.POL);
    }

    public BigInteger usdc(String owner) {
        return observer.balanceOf(owner, usdc);
    }

    /** Sends a raw EIP-1559 transaction as a plain wallet would (explicit gas: no simulation first). */
    public String send(Credentials from, String to, BigInteger value, String calldata) throws Exception {
        BigInteger nonce = web3j.ethGetTransactionCount(from.getAddress(), DefaultBlockParameterName.PENDING)
                .send().getTransactionCount();
        BigInteger maxFee = web3j.ethGasPrice().send().getGasPrice().multiply(BigInteger.TWO).add(BigInteger.ONE);
        RawTransaction tx = RawTransaction.createTransaction(chainId, nonce, BigInteger.valueOf(300_000), to, value,
                calldata, BigInteger.ONE, maxFee);
        String raw = Numeric.toHexString(TransactionEncoder.signMessage(tx, chainId, from));
        var sent = web3j.ethSendRawTransaction(raw).send();
        if (sent.hasError()) {
            throw new IllegalStateException("send failed: " + sent.getError().getMessage());
        }
        return sent.getTransactionHash();
    }
}
