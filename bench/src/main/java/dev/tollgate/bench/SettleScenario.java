package dev.tollgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Key-mode settles (POST /v1/agent/settle with the payer's private key; the gateway signs, broadcasts, waits for
 * the chain and releases the output) at a fixed concurrency. Each operation makes its own trade first (not timed);
 * the latency is the settle request's alone, the throughput counts settled jobs per second of wall time.
 */
final class SettleScenario {
    private final GatewayProcess gateway;
    private final Http http;
    /** Per scenario, the refused settles by HTTP status and error code (empty when all settled). */
    final Map<String, String> failures = new java.util.LinkedHashMap<>();

    SettleScenario(GatewayProcess gateway, Http http) {
        this.gateway = gateway;
        this.http = http;
    }

    LoadResult run(String network, String token, int workers, int total) {
        JsonNode payer = gateway.dev().path("payer");
        boolean solana = "solana".equals(network);
        String wallet = payer.path(solana ? "solana_pubkey" : "evm_address").asText();
        String key = payer.path(solana ? "solana_secret_key" : "evm_private_key").asText();
        Map<String, Object> trade = Map.of("agent_config", Map.of("agent_name", "bench"), "task", "benchmark",
                "user_wallet", wallet, "network", network, "payment_token", token);
        Histogram settleMicros = new ConcurrentHistogram(3);
        Map<String, AtomicLong> refusals = new ConcurrentSkipListMap<>();
        LoadResult whole = ClosedLoad.run("settle", workers, total, () -> {
            Http.Reply traded;
            try {
                traded = http.postJson(gateway.url("/v1/agent/trade"), trade);
            } catch (java.io.IOException e) {
                refusals.computeIfAbsent("trade: no answer (" + e.getClass().getSimpleName() + ")",
                        c -> new AtomicLong()).incrementAndGet();
                throw e;
            }
            if (traded.status() != 402) {
                refusals.computeIfAbsent("trade " + traded.status(), c -> new AtomicLong()).incrementAndGet();
                return false;
            }
            long t0 = System.nanoTime();
            Http.Reply settled;
            try {
                settled = http.postJson(gateway.url("/v1/agent/settle"),
                        Map.of("job_id", traded.body().path("job_id").asText(), "private_key", key));
            } catch (java.io.IOException e) {
                // e.g. the client's 60 s timeout while the gateway still waits for a transaction that cannot land
                refusals.computeIfAbsent("no answer (" + e.getClass().getSimpleName() + ")", c -> new AtomicLong())
                        .incrementAndGet();
                throw e;
            }
            settleMicros.recordValue((System.nanoTime() - t0) / 1000);
            if (settled.status() != 200) {
                // our own error code, with the reason a refused broadcast names in its message, e.g. "(nonce_too_low)"
                java.util.regex.Matcher reason = java.util.regex.Pattern.compile("\\(([a-z_]+)\\)")
                        .matcher(settled.body().path("error").path("message").asText(""));
                String code = settled.status() + " " + settled.body().path("error").path("code").asText("?")
                        + (reason.find() ? " " + reason.group(1) : "");
                refusals.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
            }
            return settled.status() == 200;
        });
        String name = "settle key " + network + " " + token + ", " + workers + " concurrent";
        if (!refusals.isEmpty()) {
            failures.put(name, refusals.toString());
            System.err.println("bench: " + name + ": refused " + refusals);
        }
        return LoadResult.of(name, workers,
                whole.sent(), whole.ok(), whole.failed(), whole.seconds(), settleMicros);
    }
}
