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
 * Reproduces the Polygon key-mode settles refused {@code simulation_failed} in {@code ./tollgate bench --full}, on a
 * small scale: the same gateway (child JVM, dev stack), three rounds of 8-concurrent POL key-mode settles. Round 1
 * right after start; round 2 after {@code idleSeconds} in which nothing is sent to anvil (as during the --full trade
 * ramp, which trades on Solana); round 3 after one empty block is mined ({@code evm_mine}). Before each round it
 * prints the age of anvil's latest block and the decoded revert of a signing attempt made in this process with the
 * rail's own code ({@link EvmRail#signPayment}, in-memory nonces, never broadcast): the gateway's answer carries only
 * the reason code, not the revert.
 *
 * <p>{@code java -cp bench/target/tollgate-bench.jar:bench/target/lib/* -Dtollgate.repo.root=$PWD
 * dev.tollgate.bench.PolygonSettleProbe [idleSeconds=130] [workers=8] [settlesPerRound=16]}
 */
public final class PolygonSettleProbe {
    private PolygonSettleProbe() {
    }

    public static void main(String[] args) throws Exception {
        int idleSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 130;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int perRound = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        Path root = Path.of(System.getProperty("tollgate.repo.root", ".")).toAbsolutePath().normalize();
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
        Http http = new Http();
        try (GatewayProcess gateway = GatewayProcess.start(root, root.resolve("bench/target/probe-" + stamp), "1g")) {
            JsonNode dev = gateway.dev();
            JsonRpcClient anvil = new JsonRpcClient(URI.create(dev.path("evm_rpc_url").asText()));
            long chainId = dev.path("evm_chain_id").asLong();
            NetworkId network = NetworkId.of("eip155:" + chainId);
            EvmNetworkConfig config = new EvmNetworkConfig(network, chainId, URI.create(dev.path("evm_rpc_url").asText()),
                    dev.path("splitter_address").asText(), EvmNetworkConfig.POL, Map.of(), 1, false,
                    Duration.ofSeconds(10), EvmNetworkConfig.DEFAULT_PAYMENT_VALIDITY);
            try (EvmRail rail = new EvmRail(config)) {
                SettleScenario settle = new SettleScenario(gateway, http);
                round("1: right after start", anvil, rail, dev, network, settle, workers, perRound);
                System.out.println("idle " + idleSeconds + " s: nothing is sent to anvil");
                Thread.sleep(idleSeconds * 1000L); // the condition under test is elapsed wall time itself
                round("2: after " + idleSeconds + " s without a block", anvil, rail, dev, network, settle, workers, perRound);
                anvil.call("evm_mine");
                round("3: after one empty block (evm_mine)", anvil, rail, dev, network, settle, workers, perRound);
            }
        }
    }

    private static void round(String name, JsonRpcClient anvil, EvmRail rail, JsonNode dev, NetworkId network,
                              SettleScenario settle, int workers, int total) {
        JsonNode head = anvil.call("eth_getBlockByNumber", "latest", false);
        long blockTime = Numeric.decodeQuantity(head.path("timestamp").asText()).longValue();
        long now = Instant.now().getEpochSecond();
        System.out.println();
        System.out.println("== round " + name);
        System.out.println("anvil latest block " + Numeric.decodeQuantity(head.path("number").asText()) + " at "
                + blockTime + ", wall clock " + now + ": the block is " + (now - blockTime) + " s old; the rail's"
                + " splitter deadline = block time + " + EvmNetworkConfig.DEFAULT_PAYMENT_VALIDITY.toSeconds()
                + " = " + (blockTime + EvmNetworkConfig.DEFAULT_PAYMENT_VALIDITY.toSeconds()));
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
        LoadResult r = settle.run("polygon", "POL", workers, total);
        System.out.printf("gateway POST /v1/agent/settle, POL key mode, %d concurrent: %d settled, %d failed, p50 %.1f ms;"
                + " refusals %s%n", workers, r.ok(), r.failed(), r.p50Micros() / 1000.0, settle.failures);
        settle.failures.clear();
    }
}
