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
 * dev.tollgate.bench.PolygonSettleProbe [idleSeconds=130] [tradeRate=100]}; {@code idleSeconds = 0} runs the settles
 * only (round 1, then POL and USDC 64 each at 8 concurrent). Each settle row also gives the gateway's EVM node round
 * trips per settle, by method, from its own {@code tollgate_rpc_calls_total}.
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
                RpcCalls calls = new RpcCalls(gateway, network);
                head("1: right after start", anvil, rail, dev, network);
                settles(settle, calls, "POL", 1, 8);
                settles(settle, calls, "USDC", 1, 8);
                settles(settle, calls, "POL", 4, 16);
                settles(settle, calls, "USDC", 4, 16);
                LoadResult receipt = new AnvilLimit(URI.create(dev.path("evm_rpc_url").asText()), chainId)
                        .run(10, 1, 1).receiptAlone();
                System.out.printf("anvil alone, send→receipt one at a time: p50 %.1f ms, p99 %.1f ms (%d)%n",
                        receipt.p50Micros() / 1000.0, receipt.p99Micros() / 1000.0, receipt.ok());
                if (idleSeconds == 0) {
                    // settles only: one payer at --full's concurrency, no idle spell
                    settles(settle, calls, "POL", 8, 64);
                    settles(settle, calls, "USDC", 8, 64);
                    head("after the 8-concurrent rounds", anvil, rail, dev, network);
                    System.out.println("load average at end: "
                            + java.nio.file.Files.readString(Path.of("/proc/loadavg")).strip());
                    return;
                }

                long idleEnds = System.nanoTime() + idleSeconds * 1_000_000_000L;
                tradeProfile(gateway, http, tradeRate, idleSeconds - 25, dir);
                long rest = (idleEnds - System.nanoTime()) / 1_000_000;
                if (rest > 0) {
                    Thread.sleep(rest); // the condition under test is elapsed wall time without a block
                }
                head("2: " + idleSeconds + " s later, no block mined meanwhile (trades were on Solana)", anvil, rail,
                        dev, network);
                settles(settle, calls, "POL", 8, 16);
                settles(settle, calls, "USDC", 8, 16);

                anvil.call("evm_mine");
                head("3: after one empty block (evm_mine)", anvil, rail, dev, network);
                settles(settle, calls, "POL", 8, 16);
                settles(settle, calls, "USDC", 8, 16);
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

    private static void settles(SettleScenario settle, RpcCalls calls, String token, int workers, int total)
            throws Exception {
        Map<String, Double> before = calls.read();
        LoadResult r = settle.run("polygon", token, workers, total);
        Map<String, Double> after = calls.read();
        System.out.printf("settle key polygon %s, %d concurrent: %.1f settled/s, %d ok, %d failed, p50 %.1f ms,"
                + " p99 %.1f ms; refusals %s%n", token, workers, r.okPerSecond(), r.ok(), r.failed(),
                r.p50Micros() / 1000.0, r.p99Micros() / 1000.0, settle.failures.isEmpty() ? "none" : settle.failures);
        System.out.println("  gateway's EVM node round trips per settle: " + RpcCalls.perSettle(before, after, total));
        settle.failures.clear();
    }

    /**
     * The gateway's own count of its EVM JSON-RPC exchanges ({@code tollgate_rpc_calls_total} for this network at
     * {@code /management/prometheus}), by method: a JSON-RPC batch is one exchange.
     */
    private static final class RpcCalls {
        private final GatewayProcess gateway;
        private final String rail;
        private final java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();

        RpcCalls(GatewayProcess gateway, NetworkId network) {
            this.gateway = gateway;
            this.rail = "rail=\"" + network.value() + "\"";
        }

        Map<String, Double> read() throws Exception {
            String text = client.send(java.net.http.HttpRequest.newBuilder(URI.create(gateway.url("/management/prometheus")))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            Map<String, Double> byMethod = new java.util.TreeMap<>();
            for (String line : text.split("\n")) {
                if (line.startsWith("tollgate_rpc_calls_total{") && line.contains(rail)) {
                    int m = line.indexOf("method=\"") + 8;
                    String method = line.substring(m, line.indexOf('"', m));
                    byMethod.merge(method, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
                }
            }
            return byMethod;
        }

        static String perSettle(Map<String, Double> before, Map<String, Double> after, int settles) {
            StringBuilder out = new StringBuilder();
            double total = 0;
            for (var e : after.entrySet()) {
                double n = (e.getValue() - before.getOrDefault(e.getKey(), 0.0)) / settles;
                if (n > 0) {
                    total += n;
                    out.append(String.format(java.util.Locale.ROOT, " %s %.2f", e.getKey(), n));
                }
            }
            return String.format(java.util.Locale.ROOT, "%.2f (", total) + out.toString().strip() + ")";
        }
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
