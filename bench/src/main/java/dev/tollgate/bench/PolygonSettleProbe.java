package dev.tollgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.PayerSecret;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.evm.EvmNetworkConfig;
import dev.tollgate.chain.evm.EvmRail;
import dev.tollgate.localnet.JsonRpcClient;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;
import org.web3j.utils.Numeric;

/**
 * Reproduces, on a small scale, the Polygon key-mode settles refused {@code simulation_failed} in
 * {@code ./tollgate bench --full}, and measures the Polygon settle rows without a trade ramp in front. One gateway
 * (child JVM, dev stack), then:
 * <ol>
 *   <li>right after start: POL key-mode settles one at a time and 4 concurrent, USDC 4 concurrent (as
 *       {@code --quick}), and anvil's own send→receipt one at a time (the chain's share);</li>
 *   <li>an idle spell for anvil of {@code idleSeconds}, filled as in {@code --full} by trades on Solana at a fixed
 *       rate, recorded with JFR (profile settings) after a 10 s warm-up: the trade profile;</li>
 *   <li>POL and USDC key-mode settles 8 concurrent (as {@code --full});</li>
 *   <li>the same after one empty block is mined ({@code evm_mine}).</li>
 * </ol>
 * Before each settle round it prints the age of anvil's latest block and the decoded revert of a signing attempt made
 * in this process with the rail's own code ({@link EvmRail#signPayment}, in-memory nonces, never broadcast): the
 * gateway's answer carries only the reason code. Results go to {@code bench/target/probe-<time>/}.
 *
 * <p>{@code java -cp bench/target/tollgate-bench.jar:bench/target/lib/* -Dtollgate.repo.root=$PWD
 * dev.tollgate.bench.PolygonSettleProbe [idleSeconds=130] [tradeRate=100]}
 */
public final class PolygonSettleProbe {
    private PolygonSettleProbe() {
    }

    public static void main(String[] args) throws Exception {
        int idleSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 130;
        double tradeRate = args.length > 1 ? Double.parseDouble(args[1]) : 100;
        Path root = Path.of(System.getProperty("tollgate.repo.root", ".")).toAbsolutePath().normalize();
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
        Path dir = root.resolve("bench/target/probe-" + stamp);
        Http http = new Http();
        System.out.println("load average at start: " + java.nio.file.Files.readString(Path.of("/proc/loadavg")).strip());
        try (GatewayProcess gateway = GatewayProcess.start(root, dir, "1g")) {
            JsonNode dev = gateway.dev();
            JsonRpcClient anvil = new JsonRpcClient(URI.create(dev.path("evm_rpc_url").asText()));
            long chainId = dev.path("evm_chain_id").asLong();
            NetworkId network = NetworkId.of("eip155:" + chainId);
            EvmNetworkConfig config = new EvmNetworkConfig(network, chainId, URI.create(dev.path("evm_rpc_url").asText()),
                    dev.path("splitter_address").asText(), EvmNetworkConfig.POL, Map.of(), 1, false,
                    Duration.ofSeconds(10), EvmNetworkConfig.DEFAULT_PAYMENT_VALIDITY);
            try (EvmRail rail = new EvmRail(config)) {
                SettleScenario settle = new SettleScenario(gateway, http);
                head("1: right after start", anvil, rail, dev, network);
                settles(settle, "POL", 1, 8);
                settles(settle, "POL", 4, 16);
                settles(settle, "USDC", 4, 16);
                LoadResult receipt = new AnvilLimit(URI.create(dev.path("evm_rpc_url").asText()), chainId)
                        .run(10, 1, 1).receiptAlone();
                System.out.printf("anvil alone, send→receipt one at a time: p50 %.1f ms, p99 %.1f ms (%d)%n",
                        receipt.p50Micros() / 1000.0, receipt.p99Micros() / 1000.0, receipt.ok());

                long idleEnds = System.nanoTime() + idleSeconds * 1_000_000_000L;
                tradeProfile(gateway, http, tradeRate, idleSeconds - 25, dir);
                long rest = (idleEnds - System.nanoTime()) / 1_000_000;
                if (rest > 0) {
                    Thread.sleep(rest); // the condition under test is elapsed wall time without a block
                }
                head("2: " + idleSeconds + " s later, no block mined meanwhile (trades were on Solana)", anvil, rail,
                        dev, network);
                settles(settle, "POL", 8, 16);
                settles(settle, "USDC", 8, 16);

                anvil.call("evm_mine");
                head("3: after one empty block (evm_mine)", anvil, rail, dev, network);
                settles(settle, "POL", 8, 16);
                settles(settle, "USDC", 8, 16);
            }
        }
        System.out.println("load average at end: " + java.nio.file.Files.readString(Path.of("/proc/loadavg")).strip());
    }

    /** Trades on Solana at {@code rate} for 10 s (warm-up), then {@code seconds} more under JFR. */
    private static void tradeProfile(GatewayProcess gateway, Http http, double rate, int seconds, Path dir)
            throws Exception {
        TradeScenario trades = new TradeScenario(gateway, http);
        OpenLoad load = new OpenLoad(2_000, Duration.ofSeconds(5));
        load.run("warm-up", rate, Duration.ofSeconds(10), trades::tradeOnce);
        gateway.jcmd("JFR.start", "name=probe-trade", "settings=profile");
        long cpuBefore = gateway.cpuTime().toMillis();
        LoadResult r = load.run("trade @" + Math.round(rate) + "/s", rate, Duration.ofSeconds(Math.max(5, seconds)),
                trades::tradeOnce);
        long cpuMillis = gateway.cpuTime().toMillis() - cpuBefore;
        Path recording = dir.resolve("trade.jfr");
        gateway.jcmd("JFR.stop", "name=probe-trade", "filename=" + recording);
        System.out.printf("%ntrades on Solana at %.0f/s for %d s under JFR: %.1f ok/s, %d failed, p50 %.1f ms, p99 %.1f ms;"
                + " gateway JVM CPU %.2f ms per trade%n", rate, Math.max(5, seconds), r.okPerSecond(), r.failed(),
                r.p50Micros() / 1000.0, r.p99Micros() / 1000.0, (double) cpuMillis / Math.max(1, r.ok()));
        System.out.println(JfrSummary.summarise(recording));
    }

    private static void settles(SettleScenario settle, String token, int workers, int total) {
        LoadResult r = settle.run("polygon", token, workers, total);
        System.out.printf("settle key polygon %s, %d concurrent: %.1f settled/s, %d ok, %d failed, p50 %.1f ms,"
                + " p99 %.1f ms; refusals %s%n", token, workers, r.okPerSecond(), r.ok(), r.failed(),
                r.p50Micros() / 1000.0, r.p99Micros() / 1000.0, settle.failures.isEmpty() ? "none" : settle.failures);
        settle.failures.clear();
    }

    private static void head(String name, JsonRpcClient anvil, EvmRail rail, JsonNode dev, NetworkId network) {
        JsonNode head = anvil.call("eth_getBlockByNumber", "latest", false);
        long blockTime = Numeric.decodeQuantity(head.path("timestamp").asText()).longValue();
        long now = Instant.now().getEpochSecond();
        System.out.println();
        System.out.println("== round " + name);
        System.out.println("anvil latest block " + Numeric.decodeQuantity(head.path("number").asText()) + " at "
                + blockTime + ", wall clock " + now + ": the block is " + (now - blockTime) + " s old; the rail's"
                + " splitter deadline = block time + " + EvmNetworkConfig.DEFAULT_PAYMENT_VALIDITY.toSeconds()
                + " = " + (blockTime + EvmNetworkConfig.DEFAULT_PAYMENT_VALIDITY.toSeconds()));
        // transactions the node holds but cannot mine yet (a nonce gap) show up as "queued"
        System.out.println("anvil txpool_status: " + anvil.call("txpool_status"));
        String job = UUID.randomUUID().toString();
        PaymentIntent intent = new PaymentIntent(job, network, EvmNetworkConfig.POL, dev.path("payer").path("evm_address").asText(),
                dev.path("agent_treasury").path("evm").asText(), dev.path("fee_treasury").path("evm").asText(),
                BigInteger.valueOf(950_000_000_000L), BigInteger.valueOf(50_000_000_000L), PaymentIntent.atpMemo(job));
        try (PayerSecret key = rail.parseSecret(dev.path("payer").path("evm_private_key").asText())) {
            SignedPayment signed = rail.signPayment(intent, key);
            rail.discard(signed); // never sent
            System.out.println("in-process signPayment (gas estimate on anvil): accepted, deadline " + signed.validUntil());
        } catch (PaymentRejectedException e) {
            System.out.println("in-process signPayment (gas estimate on anvil): refused " + e.reason() + ": " + e.getMessage());
        }
    }
}
