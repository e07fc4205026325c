package dev.tollgate.bench;

import dev.tollgate.client.Challenge;
import dev.tollgate.client.JournaledPayment;
import dev.tollgate.client.SiwxProof;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Settles by proof (closed model): each operation trades (untimed), signs and broadcasts the payment itself to the
 * chain's RPC (the Java client's offline signer and {@code submit}), waits on its own node until the transaction is
 * confirmed (Solana) or mined (EVM), then settles with {@code {job_id, tx_signature, payer_proof}} (a fresh
 * Sign-In-With-X proof). Rows: the settle request (the gateway's look-up, checks, proof and release: its own
 * time), the payer's broadcast→confirmed (the chain's time, seen by the client at the same concurrency) and the
 * payer's own look-up of the confirmed transaction (one node call's cost, to set against the gateway's).
 */
final class ProofSettleScenario {
    private final GatewayProcess gateway;
    private final Http http;
    private final PayerSide side;
    private final ChainWait chain;
    final Map<String, String> failures = new LinkedHashMap<>();

    ProofSettleScenario(GatewayProcess gateway, Http http, PayerSide side) {
        this.gateway = gateway;
        this.http = http;
        this.side = side;
        this.chain = new ChainWait(http);
    }

    /**
     * The settle request's row, then the payer's own broadcast→confirmed row, then the payer's own single look-up
     * of the confirmed transaction (what one node call costs at this moment).
     */
    List<LoadResult> run(String network, String token, int workers, int total) {
        Histogram settleMicros = new ConcurrentHistogram(3);
        Histogram chainMicros = new ConcurrentHistogram(3);
        Histogram lookUpMicros = new ConcurrentHistogram(3);
        Refusals refusals = new Refusals();
        LoadResult whole = ClosedLoad.run("settle", workers, total, () -> {
            Challenge c = side.trade(network, token, refusals);
            if (c == null) {
                return false;
            }
            JournaledPayment paid;
            long sent = System.nanoTime();
            try {
                paid = side.payer.signTransaction(c, side.wallet(c), JournaledPayment.Kind.SELF_BROADCAST);
                sent = System.nanoTime();
                side.payer.broadcast(c, paid);
                boolean landed = c.isSolana()
                        ? chain.solanaConfirmed(side.rpcOf(c), paid.txId(), sent + TimeUnit.SECONDS.toNanos(60))
                        : chain.evmMined(side.rpcOf(c), paid.txId(), sent + TimeUnit.SECONDS.toNanos(60));
                if (!landed) {
                    refusals.count("payer's transaction failed or unconfirmed in 60 s");
                    return false;
                }
            } catch (Exception e) {
                refusals.count("payer's sign/broadcast:", e);
                throw e;
            }
            chainMicros.recordValue((System.nanoTime() - sent) / 1000);
            // the node's own cost of the look-up the gateway is about to make (its last, content-reading call)
            long lookUp = System.nanoTime();
            if (c.isSolana()) {
                chain.call(side.rpcOf(c), "getTransaction", paid.txId(), Map.of("encoding", "json",
                        "commitment", "confirmed", "maxSupportedTransactionVersion", 0));
            } else {
                chain.call(side.rpcOf(c), "eth_getTransactionReceipt", paid.txId());
            }
            lookUpMicros.recordValue((System.nanoTime() - lookUp) / 1000);
            Map<String, Object> proof = SiwxProof.forJob(side.wallet(c), side.gatewayBase(), c.network(), c.jobId(),
                    Clock.systemUTC()).payload();
            Map<String, Object> body = SettlePath.PROOF.settleBody(c.jobId(), paid.txId(), proof);
            long t0 = System.nanoTime();
            Http.Reply settled;
            try {
                settled = http.postJson(gateway.url("/v1/agent/settle"), body);
            } catch (java.io.IOException e) {
                refusals.count("no answer", e);
                throw e;
            }
            settleMicros.recordValue((System.nanoTime() - t0) / 1000);
            if (settled.status() != 200) {
                refusals.count(Refusals.code(settled));
            }
            return settled.status() == 200;
        });
        String name = SignedSettleScenario.name(network, token, SettlePath.PROOF, workers);
        if (!refusals.isEmpty()) {
            failures.put(name, refusals.toString());
            System.err.println("bench: " + name + ": failed " + refusals);
        }
        return List.of(
                LoadResult.of(name, workers, whole.sent(), whole.ok(), whole.failed(), whole.seconds(), settleMicros),
                LoadResult.of("  payer's own broadcast→confirmed, " + network + " " + token, workers, whole.sent(),
                        chainMicros.getTotalCount(), whole.sent() - chainMicros.getTotalCount(), whole.seconds(),
                        chainMicros),
                LoadResult.of("  payer's own " + (network.equals("solana") ? "getTransaction" : "eth_getTransactionReceipt")
                        + " of it, " + network + " " + token, workers, whole.sent(), lookUpMicros.getTotalCount(),
                        whole.sent() - lookUpMicros.getTotalCount(), whole.seconds(), lookUpMicros));
    }
}
