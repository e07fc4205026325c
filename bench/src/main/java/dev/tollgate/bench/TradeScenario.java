package dev.tollgate.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Trades (POST /v1/agent/trade → 402 with a locked output) at a fixed arrival rate. The rate grows by half each step
 * until a step breaks (see {@link #step}); the best rate held before that, narrowed by one step halfway to the rate
 * that broke, is the saturation figure. A second run at half that rate gives the latency a user sees. The upstream
 * is devstack's demo agent, which answers from memory at once: its own time is the loopback round trip, measured
 * alone at the same rate and reported beside the trade.
 */
final class TradeScenario {
    record Outcome(List<LoadResult> ramp, double saturationPerSecond, LoadResult halfRate, LoadResult upstreamAlone) {
    }

    /**
     * Runs one ramp step; null when it broke: over 1% failed, 10% short of the rate, or queueing (p50 over 100 ms
     * or p99 over 500 ms, from the intended send time: a trade that answers in about 10 ms alone has fallen behind).
     */
    private LoadResult step(OpenLoad load, double rate, Duration step, List<LoadResult> ramp) {
        LoadResult r = load.run("trade @" + Math.round(rate) + "/s", rate, step, this::tradeOnce);
        ramp.add(r);
        boolean broke = r.errorRatio() > 0.01 || r.okPerSecond() < 0.9 * rate
                || r.p50Micros() > 100_000 || r.p99Micros() > 500_000;
        return broke ? null : r;
    }

    private final GatewayProcess gateway;
    private final Http http;
    private final Map<String, Object> body;

    TradeScenario(GatewayProcess gateway, Http http) {
        this.gateway = gateway;
        this.http = http;
        this.body = Map.of("agent_config", Map.of("agent_name", "bench"), "task", "benchmark",
                "user_wallet", gateway.dev().path("payer").path("solana_pubkey").asText(),
                "network", "solana", "payment_token", "SOL");
    }

    boolean tradeOnce() throws Exception {
        return http.postJson(gateway.url("/v1/agent/trade"), body).status() == 402;
    }

    Outcome run(Duration step, Duration warmup) {
        OpenLoad load = new OpenLoad(2_000, Duration.ofSeconds(5));
        // JIT warm-up, not reported: the first requests compile the trade path
        load.run("trade warm-up", 100, warmup, this::tradeOnce);
        List<LoadResult> ramp = new ArrayList<>();
        double rate = 100;
        double best = 0;
        double failedAt = -1;
        while (rate <= 20_000) {
            LoadResult r = step(load, rate, step, ramp);
            if (r == null) {
                failedAt = rate;
                break;
            }
            best = Math.max(best, r.okPerSecond());
            rate *= 1.5;
        }
        if (failedAt > 0 && best > 0) {
            // one step halfway between the last rate held and the first that broke, to narrow the figure
            LoadResult r = step(load, (best + failedAt) / 2, step, ramp);
            if (r != null) {
                best = Math.max(best, r.okPerSecond());
            }
        }
        double half = Math.max(10, best / 2);
        LoadResult halfRate = load.run("trade @half saturation", half, step.multipliedBy(2), this::tradeOnce);
        String agent = gateway.dev().path("upstream_agent_url").asText();
        Map<String, Object> agentBody = Map.of("agent_config", Map.of("agent_name", "bench"), "task", "benchmark");
        LoadResult upstream = load.run("demo agent alone", half, step,
                () -> http.postJson(agent, agentBody).status() == 200);
        return new Outcome(ramp, best, halfRate, upstream);
    }
}
