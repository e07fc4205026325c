package dev.tollgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.localnet.evm.AnvilNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Paid requests per second with the stock {@code @x402/fetch} client ({@code interop/bench/x402-load.mjs}, node),
 * USDC by EIP-3009 on anvil: against Tollgate's own trade (its x402 front-end) and against a stock
 * {@code @x402/express} server that settles through Tollgate's facilitator ({@code interop/x402-gw/express-server.mjs});
 * and, for reference, the same stock server with the stock facilitator in process
 * ({@code interop/bench/express-reference.mjs}).
 */
final class X402Scenario {
    private final GatewayProcess gateway;
    private final X402Load node;

    X402Scenario(GatewayProcess gateway, Path repoRoot) {
        this.gateway = gateway;
        this.node = new X402Load(repoRoot.resolve("interop"), ProcessBuilder.Redirect.DISCARD);
    }

    /**
     * JSON-RPC exchanges with the EVM node per paid request of the last {@link #tollgateTrade} run, by method
     * (a JSON-RPC batch is one exchange, named {@code batch}), from the gateway's {@code tollgate_rpc_calls_total};
     * empty when the metrics could not be read.
     */
    Map<String, Double> lastRpcPerPaid = Map.of();
    /**
     * CPU milliseconds per paid request of the last {@link #tollgateTrade} run: the gateway's JVM (with devstack's
     * demo agent) and anvil. Less disturbed by a busy box than wall-clock rates.
     */
    Map<String, Double> lastCpuMsPerPaid = Map.of();

    LoadResult tollgateTrade(int clients, int count) throws Exception {
        JsonNode dev = gateway.dev();
        String body = Http.JSON.writeValueAsString(Map.of("agent_config", Map.of("agent_name", "bench"),
                "task", "benchmark", "network", "polygon", "payment_token", "USDC",
                "user_wallet", dev.path("payer").path("evm_address").asText()));
        Map<String, String> env = payerEnv();
        env.put("URL", gateway.url("/v1/agent/trade"));
        env.put("METHOD", "POST");
        env.put("BODY", body);
        String rail = dev.path("evm_network").asText();
        warmUp(env); // not counted below
        Map<String, Double> before = rpcCalls(rail);
        long gatewayCpu = gateway.cpuTime().toNanos();
        long anvilCpu = anvilCpuNanos();
        LoadResult result = load("x402 Tollgate trade, stock client, " + clients + " clients", env, clients, count);
        Map<String, Double> after = rpcCalls(rail);
        if (result.ok() > 0) {
            Map<String, Double> cpu = new java.util.LinkedHashMap<>();
            cpu.put("gateway", Math.round((gateway.cpuTime().toNanos() - gatewayCpu) / 1e4 / result.ok()) / 100.0);
            cpu.put("anvil", Math.round((anvilCpuNanos() - anvilCpu) / 1e4 / result.ok()) / 100.0);
            lastCpuMsPerPaid = cpu;
        }
        Map<String, Double> perPaid = new java.util.TreeMap<>();
        if (!after.isEmpty() && result.ok() > 0) {
            after.forEach((method, n) -> {
                double delta = n - before.getOrDefault(method, 0.0);
                if (delta > 0) {
                    perPaid.put(method, Math.round(100.0 * delta / result.ok()) / 100.0);
                }
            });
        }
        lastRpcPerPaid = perPaid;
        return result;
    }

    /** CPU time of the anvil processes the gateway started (its descendants). */
    private long anvilCpuNanos() {
        return gateway.handle().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("anvil")).orElse(false))
                .mapToLong(p -> p.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L)).sum();
    }

    /** The gateway's JSON-RPC call counters of {@code rail} by method (all outcomes), or empty. */
    private Map<String, Double> rpcCalls(String rail) {
        Map<String, Double> calls = new HashMap<>();
        try {
            java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            String text = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                            gateway.url("/management/prometheus"))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            java.util.regex.Pattern line = java.util.regex.Pattern.compile(
                    "^tollgate_rpc_calls_total\\{(.*)\\}\\s+([0-9.eE+-]+)$", java.util.regex.Pattern.MULTILINE);
            java.util.regex.Matcher m = line.matcher(text);
            while (m.find()) {
                String labels = m.group(1);
                if (!labels.contains("rail=\"" + rail + "\"")) {
                    continue;
                }
                java.util.regex.Matcher method = java.util.regex.Pattern.compile("method=\"([^\"]*)\"").matcher(labels);
                if (method.find()) {
                    calls.merge(method.group(1), Double.parseDouble(m.group(2)), Double::sum);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
        return calls;
    }

    LoadResult expressOnTollgateFacilitator(int clients, int count) throws Exception {
        JsonNode dev = gateway.dev();
        Map<String, String> serverEnv = new HashMap<>();
        serverEnv.put("FACILITATOR_URL", gateway.url("/x402"));
        serverEnv.put("NETWORK", dev.path("evm_network").asText());
        serverEnv.put("ASSET", dev.path("evm_usdc").asText());
        serverEnv.put("AMOUNT", "10000");
        serverEnv.put("PAY_TO", dev.path("x402_seller").path("evm").asText());
        serverEnv.put("EXTRA", "{\"name\":\"USD Coin\",\"version\":\"2\"}"); // the dev USDC's EIP-712 domain
        Process server = node.start("x402-gw/express-server.mjs", serverEnv);
        try {
            int port = X402Load.awaitListening(server);
            Map<String, String> env = payerEnv();
            env.put("URL", "http://127.0.0.1:" + port + "/paid");
            return load("x402 stock express on Tollgate facilitator, " + clients + " clients", env, clients, count);
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The reference stack: a stock express server with the stock facilitator in process (anvil dev key 3 pays gas). */
    LoadResult expressReference(int clients, int count) throws Exception {
        JsonNode dev = gateway.dev();
        Map<String, String> serverEnv = new HashMap<>();
        serverEnv.put("RPC_URL", dev.path("evm_rpc_url").asText());
        serverEnv.put("FACILITATOR_PRIVATE_KEY", AnvilNode.DEV_PRIVATE_KEYS.get(3));
        serverEnv.put("NETWORK", dev.path("evm_network").asText());
        serverEnv.put("ASSET", dev.path("evm_usdc").asText());
        serverEnv.put("AMOUNT", "10000");
        serverEnv.put("PAY_TO", dev.path("x402_seller").path("evm").asText());
        serverEnv.put("EXTRA", "{\"name\":\"USD Coin\",\"version\":\"2\"}");
        Process server = node.start("bench/express-reference.mjs", serverEnv);
        try {
            int port = X402Load.awaitListening(server);
            Map<String, String> env = payerEnv();
            env.put("URL", "http://127.0.0.1:" + port + "/paid");
            return load("x402 reference: stock express + in-process facilitator, " + clients + " clients", env,
                    clients, count);
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Map<String, String> payerEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("EVM_PRIVATE_KEY", gateway.dev().path("payer").path("evm_private_key").asText());
        return env;
    }

    /** Paid requests sent, unmeasured, before a server's first measured row (4 clients). */
    static final int WARM_UP_PAYMENTS = 24;
    private final java.util.Set<String> warmed = new java.util.HashSet<>();

    /**
     * Every server (a fresh JVM or node process) is warmed up once before its first measured row: its first paid
     * requests pay for JIT compilation and cold connection pools, which made the first row (1 client) the slowest.
     */
    private void warmUp(Map<String, String> env) throws Exception {
        if (warmed.add(env.get("URL"))) {
            Map<String, String> warm = new HashMap<>(env);
            node.run("warm-up", warm, 4, WARM_UP_PAYMENTS);
        }
    }

    private LoadResult load(String name, Map<String, String> env, int clients, int count) throws Exception {
        warmUp(env);
        return node.run(name, env, clients, count);
    }
}
