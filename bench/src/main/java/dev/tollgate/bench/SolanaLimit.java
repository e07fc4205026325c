package dev.tollgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.localnet.JsonRpcClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.p2p.solanaj.core.Account;
import org.p2p.solanaj.core.PublicKey;
import org.p2p.solanaj.core.Transaction;
import org.p2p.solanaj.programs.SystemProgram;
import org.p2p.solanaj.utils.Base58;

/**
 * The local Solana node alone, with no gateway: (1) broadcast → {@code confirmed} of single SOL transfers sent one
 * at a time (the chain's share of a settle), (2) a burst of transfers sent at once, counted until every one is
 * confirmed (the node's raw rate). Transfers go from the dev payer to a fresh account, each with its own amount so
 * every signature differs.
 */
final class SolanaLimit {
    record Outcome(LoadResult confirmAlone, LoadResult burst) {
    }

    private final JsonRpcClient rpc;
    private final Account payer;
    private final PublicKey to = new Account().getPublicKey();
    private final AtomicLong lamports = new AtomicLong(1_000_000);

    SolanaLimit(URI rpcUrl, String payerSecretBase58) {
        this.rpc = new JsonRpcClient(rpcUrl);
        byte[] secret = Base58.decode(payerSecretBase58);
        this.payer = new Account(secret);
        Arrays.fill(secret, (byte) 0);
    }

    Outcome run(int sequential, int burst) throws Exception {
        Histogram alone = new Histogram(3);
        long okAlone = 0;
        long start = System.nanoTime();
        for (int i = 0; i < sequential; i++) {
            long t0 = System.nanoTime();
            String sig = send(blockhash());
            if (awaitConfirmed(List.of(sig), t0 + 30_000_000_000L)) {
                okAlone++;
                alone.recordValue((System.nanoTime() - t0) / 1000);
            }
        }
        LoadResult aloneResult = LoadResult.of("solana transfer, broadcast→confirmed, one at a time", 1, sequential,
                okAlone, sequential - okAlone, (System.nanoTime() - start) / 1e9, alone);

        String hash = blockhash();
        Histogram sendMicros = new org.HdrHistogram.ConcurrentHistogram(3);
        List<String> sigs = new ArrayList<>();
        long t0 = System.nanoTime();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < burst; i++) {
                futures.add(threads.submit(() -> {
                    long s = System.nanoTime();
                    String sig = send(hash);
                    sendMicros.recordValue((System.nanoTime() - s) / 1000);
                    return sig;
                }));
            }
            for (var f : futures) {
                try {
                    sigs.add(f.get());
                } catch (Exception e) {
                    // a refused send counts as failed below
                }
            }
        }
        long confirmed = countConfirmed(sigs, t0 + 60_000_000_000L);
        double seconds = (System.nanoTime() - t0) / 1e9;
        LoadResult burstResult = LoadResult.of("solana transfers, burst until all confirmed", burst, burst, confirmed,
                burst - confirmed, seconds, sendMicros);
        return new Outcome(aloneResult, burstResult);
    }

    private String blockhash() {
        return rpc.call("getLatestBlockhash", Map.of("commitment", "confirmed")).path("value").path("blockhash").asText();
    }

    private String send(String blockhash) {
        Transaction tx = new Transaction();
        tx.addInstruction(SystemProgram.transfer(payer.getPublicKey(), to, lamports.getAndIncrement()));
        tx.setRecentBlockHash(blockhash);
        tx.sign(payer);
        String wire = Base64.getEncoder().encodeToString(tx.serialize());
        return rpc.call("sendTransaction", wire, Map.of("encoding", "base64")).asText();
    }

    private boolean awaitConfirmed(List<String> sigs, long deadlineNanos) throws InterruptedException {
        return countConfirmed(sigs, deadlineNanos) == sigs.size();
    }

    /** Polls the signatures' statuses (every 10 ms) until all are confirmed or the deadline passes. */
    private long countConfirmed(List<String> sigs, long deadlineNanos) throws InterruptedException {
        long confirmed = 0;
        while (System.nanoTime() < deadlineNanos) {
            confirmed = 0;
            for (int from = 0; from < sigs.size(); from += 256) {
                List<String> chunk = sigs.subList(from, Math.min(sigs.size(), from + 256));
                JsonNode values = rpc.call("getSignatureStatuses", chunk).path("value");
                for (JsonNode v : values) {
                    String status = v.path("confirmationStatus").asText("");
                    if (v.path("err").isNull() && ("confirmed".equals(status) || "finalized".equals(status))) {
                        confirmed++;
                    }
                }
            }
            if (confirmed == sigs.size()) {
                return confirmed;
            }
            Thread.sleep(10); // poll interval of a condition with a deadline
        }
        return confirmed;
    }
}
