package dev.tollgate.localnet.evm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.localnet.JsonRpcClient;
import dev.tollgate.localnet.LocalProcess;
import dev.tollgate.localnet.RepoPaths;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A real local EVM chain: Foundry's anvil (pinned by {@code localnet/evm/package.json}) as a child process on
 * 127.0.0.1, with automine (one block per transaction), and the test-only RPCs tests and dev mode need.
 */
public final class AnvilNode implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("Listening on (127\\.0\\.0\\.1:\\d+)");
    private static final String BINARY = "node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil";
    /** Polygon PoS runs the Prague rules (Bhilai); pinned so a newer anvil's default cannot drift under us. */
    private static final String HARDFORK = "prague";

    /**
     * Private keys of anvil's ten dev accounts (mnemonic "test test ... junk"), each funded with 10,000 of the
     * native coin. Public knowledge: never use them on a real network.
     */
    public static final List<String> DEV_PRIVATE_KEYS = List.of(
            "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
            "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
            "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
            "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
            "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
            "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
            "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
            "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
            "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
            "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6");

    /** The addresses of {@link #DEV_PRIVATE_KEYS}, same order (EIP-55 checksummed). */
    public static final List<String> DEV_ADDRESSES = List.of(
            "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
            "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
            "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
            "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
            "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65",
            "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc",
            "0x976EA74026E726554dB657fA54763abd0C3a0aa9",
            "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955",
            "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f",
            "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720");

    private final LocalProcess process;
    private final URI rpcUrl;
    private final long chainId;
    private final JsonRpcClient rpc;

    private AnvilNode(LocalProcess process, URI rpcUrl, long chainId) {
        this.process = process;
        this.rpcUrl = rpcUrl;
        this.chainId = chainId;
        this.rpc = new JsonRpcClient(rpcUrl);
    }

    /** Starts anvil on a free 127.0.0.1 port. */
    public static AnvilNode start(long chainId) {
        return start(chainId, 0);
    }

    /** Starts anvil on {@code port} of 127.0.0.1 ({@code 0}: a free port chosen by the OS, no race). */
    public static AnvilNode start(long chainId, int port) {
        if (chainId <= 0) {
            throw new IllegalArgumentException("chain id must be positive: " + chainId);
        }
        Path dir = RepoPaths.nodePackage("evm");
        Path binary = dir.resolve(BINARY);
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " is missing: run `npm ci --prefix " + dir + "`");
        }
        List<String> command = List.of(binary.toString(),
                "--host", "127.0.0.1",
                "--port", Integer.toString(port),
                "--chain-id", Long.toString(chainId),
                "--hardfork", HARDFORK);
        LocalProcess.Started<URI> started = LocalProcess.start("anvil", command, dir, READY, Duration.ofSeconds(30),
                m -> URI.create("http://" + m.group(1)));
        return new AnvilNode(started.process(), started.value(), chainId);
    }

    public URI rpcUrl() {
        return rpcUrl;
    }

    public long chainId() {
        return chainId;
    }

    /** Raw JSON-RPC access for anything not wrapped here. */
    public JsonRpcClient rpc() {
        return rpc;
    }

    /** Sets the native balance of {@code address} (wei), creating the account if needed. */
    public void setBalance(String address, BigInteger wei) {
        rpc.call("anvil_setBalance", address, quantity(wei));
    }

    /** Saves the chain state; {@link #revert} goes back to it (and drops every block mined since). */
    public String snapshot() {
        return rpc.call("evm_snapshot").asText();
    }

    /** Goes back to a snapshot (consumed by this call); false if the id is unknown. */
    public boolean revert(String snapshotId) {
        return rpc.call("evm_revert", snapshotId).asBoolean();
    }

    /** Mines {@code blocks} empty blocks. */
    public void mine(int blocks) {
        if (blocks < 1) {
            throw new IllegalArgumentException("blocks must be at least 1");
        }
        rpc.call("anvil_mine", quantity(BigInteger.valueOf(blocks)));
    }

    /** Moves the chain clock forward: the next block's timestamp is at least this much later. */
    public void increaseTime(long seconds) {
        rpc.call("evm_increaseTime", seconds);
    }

    public long blockNumber() {
        return decode(rpc.call("eth_blockNumber")).longValueExact();
    }

    /** The timestamp (unix seconds) of the latest block. */
    public long latestTimestamp() {
        return decode(rpc.call("eth_getBlockByNumber", "latest", false).get("timestamp")).longValueExact();
    }

    public BigInteger balance(String address) {
        return decode(rpc.call("eth_getBalance", address, "latest"));
    }

    private static String quantity(BigInteger value) {
        return "0x" + value.toString(16);
    }

    private static BigInteger decode(JsonNode quantity) {
        return new BigInteger(quantity.asText().substring(2), 16);
    }

    @Override
    public void close() {
        process.close();
    }

    @Override
    public String toString() {
        return "AnvilNode[" + rpcUrl + ", chainId=" + chainId + "]";
    }
}
