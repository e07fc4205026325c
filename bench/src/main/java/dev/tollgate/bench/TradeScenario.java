package dev.tollgate.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Trades (POST /v1/agent/trade → 402 with a locked output) at a fixed arrival rate. The rate doubles (then grows by
 * half) until the run fails more than 1% of requests, falls 10% short of the asked rate, or its p99 passes 1 s (or
 * ten times the first step's); the best rate sustained before that is the saturation figure. A second run at half
 * that rate gives the latency a user sees. The upstream is devstack's demo agent, which answers from memory at
 * once: its own time is the loopback round trip, measured alone at the same rate and reported beside the trade.
 */
final class TradeScenario {
    record Outcome(List<LoadResult> ramp, double saturationPerSecond, LoadResult halfRate, LoadResult upstreamAlone) {
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
        long firstP99 = -1;
        while (rate <= 20_000) {
            LoadResult r = load.run("trade @" + (long) rate + "/s", rate, step, this::tradeOnce);
            ramp.add(r);
            if (firstP99 < 0) {
                firstP99 = Math.max(r.p99Micros(), 1_000);
            }
            boolean exploded = r.errorRatio() > 0.01 || r.okPerSecond() < 0.9 * rate
                    || r.p99Micros() > 1_000_000 || r.p99Micros() > 10 * firstP99;
            if (exploded) {
                break;
            }
            best = Math.max(best, r.okPerSecond());
            rate = rate < 800 ? rate * 2 : rate * 1.5;
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
