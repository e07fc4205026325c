package dev.tollgate.localnet.solana;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.localnet.JsonRpcClient;
import dev.tollgate.localnet.LocalProcess;
import dev.tollgate.localnet.RepoPaths;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A real local Solana runtime (LiteSVM behind our JSON-RPC server in {@code localnet/solana}) running as a child
 * process on 127.0.0.1, with the fixture calls tests and dev mode need: airdrops, a local USDC-like mint, minting.
 */
public final class SolanaNode implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("\"rpcUrl\"\\s*:\\s*\"([^\"]+)\"");

    private final LocalProcess process;
    private final URI rpcUrl;
    private final JsonRpcClient rpc;

    private SolanaNode(LocalProcess process, URI rpcUrl) {
        this.process = process;
        this.rpcUrl = rpcUrl;
        this.rpc = new JsonRpcClient(rpcUrl);
    }

    /** Timing of the local chain; {@link #realistic()} mirrors mainnet, tests shorten it. */
    public record Options(int port, int slotMillis, int blockhashValidSlots, int finalizeSlots) {
        public static Options realistic() {
            return new Options(0, 400, 150, 32);
        }

        /** Faster slots and a short blockhash life, so expiry can be tested in seconds. */
        public static Options fastForTests() {
            return new Options(0, 100, 40, 8);
        }
    }

    public static SolanaNode start(Options options) {
        Path dir = RepoPaths.nodePackage("solana");
        List<String> command = new ArrayList<>(List.of("node", "server.js",
                "--host", "127.0.0.1",
                "--port", Integer.toString(options.port()),
                "--slot-ms", Integer.toString(options.slotMillis()),
                "--blockhash-valid-slots", Integer.toString(options.blockhashValidSlots()),
                "--finalize-slots", Integer.toString(options.finalizeSlots()),
                "--exit-on-stdin-close"));
        LocalProcess.Started<URI> started = LocalProcess.start("solana-localnet", command, dir, READY,
                Duration.ofSeconds(30), m -> URI.create(m.group(1)));
        return new SolanaNode(started.process(), started.value());
    }

    public URI rpcUrl() {
        return rpcUrl;
    }

    public JsonRpcClient rpc() {
        return rpc;
    }

    /** The CAIP-2 id of this chain: {@code solana:} and the first 32 characters of its genesis hash. */
    public String caip2() {
        String genesis = rpc.call("getGenesisHash").asText();
        return "solana:" + genesis.substring(0, Math.min(32, genesis.length()));
    }

    public void airdrop(String pubkey, long lamports) {
        rpc.call("requestAirdrop", pubkey, lamports);
    }

    /** The SPL Token program, owner of classic mints. */
    public static final String TOKEN_PROGRAM = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA";
    /** Token-2022 (Token Extensions), which LiteSVM preloads at its real id. */
    public static final String TOKEN_2022_PROGRAM = "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb";

    /** Creates an initialized SPL Token mint and returns its address. */
    public String createMint(int decimals) {
        return createMint(decimals, TOKEN_PROGRAM);
    }

    /** Creates an initialized mint owned by {@code tokenProgram} (SPL Token or Token-2022) and returns its address. */
    public String createMint(int decimals, String tokenProgram) {
        JsonNode result = rpc.call("localnet_createMint", Map.of("decimals", decimals, "tokenProgram", tokenProgram));
        return result.get("mint").asText();
    }

    /**
     * Credits {@code owner}'s associated token account (created if missing) with {@code amount} atomic units; the
     * account is derived under the mint's own token program.
     */
    public String mintTo(String mint, String owner, BigInteger amount) {
        JsonNode result = rpc.call("localnet_mintTo", Map.of("mint", mint, "owner", owner, "amount", amount.toString()));
        return result.get("tokenAccount").asText();
    }

    @Override
    public void close() {
        process.close();
    }
}
