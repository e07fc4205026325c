package dev.tollgate.chain.evm;

import dev.tollgate.chain.NetworkId;
import dev.tollgate.localnet.evm.AnvilNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/** One anvil with FeeSplitter and TestUSDC deployed by {@link EvmDeployer}, and fresh funded payers on demand. */
final class EvmTestChain implements AutoCloseable {
    static final long CHAIN_ID = 80002;
    static final NetworkId NETWORK = NetworkId.of("eip155:" + CHAIN_ID);
    static final String OWNER_KEY = AnvilNode.DEV_PRIVATE_KEYS.get(0);
    static final BigInteger TEN_POL = BigInteger.TEN.pow(19);
    static final BigInteger THOUSAND_USDC = BigInteger.valueOf(1_000_000_000L);
    private static final SecureRandom RANDOM = new SecureRandom();

    final AnvilNode anvil;
    final EvmDeployer deployer;
    final EvmDeployer.LocalContracts contracts;

    EvmTestChain() throws Exception {
        anvil = AnvilNode.start(CHAIN_ID);
        deployer = new EvmDeployer(anvil.rpcUrl(), CHAIN_ID, Duration.ofSeconds(10));
        contracts = deployer.deployLocal(OWNER_KEY);
        deployer.installLocalUptoProxy(); // Permit2 and x402's upto proxy (ours) at their canonical addresses
    }

    EvmNetworkConfig config(int confirmations, boolean finalizedTag) {
        return config(anvil.rpcUrl(), confirmations, finalizedTag);
    }

    EvmNetworkConfig config(URI rpcUrl, int confirmations, boolean finalizedTag) {
        return new EvmNetworkConfig(NETWORK, CHAIN_ID, rpcUrl, contracts.splitter(), EvmNetworkConfig.POL,
                Map.of("USDC", EvmNetworkConfig.usdc(contracts.usdc())), confirmations, finalizedTag,
                Duration.ofSeconds(5), null);
    }

    /** A 0x-hex key holding 10 POL and, if asked, 1,000 USDC. */
    String newPayerKey(boolean withUsdc) throws Exception {
        ECKeyPair pair = Keys.createEcKeyPair();
        String address = Numeric.prependHexPrefix(Keys.getAddress(pair));
        anvil.setBalance(address, TEN_POL);
        if (withUsdc) {
            deployer.mintTestUsdc(OWNER_KEY, contracts.usdc(), address, THOUSAND_USDC);
        }
        return Numeric.toHexStringWithPrefixZeroPadded(pair.getPrivateKey(), 64);
    }

    static String newAddress() {
        byte[] bytes = new byte[20];
        RANDOM.nextBytes(bytes);
        return Keys.toChecksumAddress("0x" + HexFormat.of().formatHex(bytes));
    }

    static String randomTxHash() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "0x" + HexFormat.of().formatHex(bytes);
    }

    /** An RPC URL on 127.0.0.1 where nothing listens. */
    static URI closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        deployer.close();
        anvil.close();
    }
}
