package dev.tollgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * x402 on the local Solana node with the stock {@code @x402/fetch} client (svm exact, {@code interop/bench/x402-load.mjs}):
 * USDC against Tollgate's own trade (the gateway co-signs as fee payer, settles into its settlement wallet and sweeps
 * the split), against a stock {@code @x402/express} server on Tollgate's facilitator, and against the reference
 * stack: the stock server with the stock in-process SVM facilitator ({@code interop/bench/express-reference-svm.mjs},
 * its fee payer funded by the node's airdrop).
 */
final class SolanaX402Scenario {
    private final GatewayProcess gateway;
    private final X402Load node;

    SolanaX402Scenario(GatewayProcess gateway, Path repoRoot) {
        this.gateway = gateway;
        this.node = new X402Load(repoRoot.resolve("interop"), ProcessBuilder.Redirect.INHERIT);
    }

    LoadResult tollgateTrade(int clients, int count) throws Exception {
        JsonNode dev = gateway.dev();
        Map<String, String> env = payerEnv();
        env.put("URL", gateway.url("/v1/agent/trade"));
        env.put("METHOD", "POST");
        env.put("BODY", Http.JSON.writeValueAsString(Map.of("agent_config", Map.of("agent_name", "bench"),
                "task", "benchmark", "network", "solana", "payment_token", "USDC",
                "user_wallet", dev.path("payer").path("solana_pubkey").asText())));
        return load("x402 solana Tollgate trade, stock client, " + clients + " clients", env, clients, count);
    }

    LoadResult expressOnTollgateFacilitator(int clients, int count) throws Exception {
        Map<String, String> serverEnv = resourceEnv();
        serverEnv.put("FACILITATOR_URL", gateway.url("/x402"));
        serverEnv.put("EXTRA", "{}");
        return againstServer("x402-gw/express-server.mjs", serverEnv,
                "x402 solana stock express on Tollgate facilitator, " + clients + " clients", clients, count);
    }

    LoadResult expressReference(int clients, int count) throws Exception {
        Map<String, String> serverEnv = resourceEnv();
        serverEnv.put("RPC_URL", gateway.dev().path("solana_rpc_url").asText());
        return againstServer("bench/express-reference-svm.mjs", serverEnv,
                "x402 solana reference: stock express + in-process facilitator, " + clients + " clients", clients, count);
    }

    private Map<String, String> resourceEnv() {
        JsonNode dev = gateway.dev();
        Map<String, String> env = new HashMap<>();
        env.put("NETWORK", dev.path("solana_network").asText());
        env.put("ASSET", dev.path("usdc_mint").asText());
        env.put("AMOUNT", "10000");
        env.put("PAY_TO", dev.path("x402_seller").path("solana").asText()); // its USDC account exists
        return env;
    }

    private LoadResult againstServer(String script, Map<String, String> serverEnv, String name, int clients, int count)
            throws Exception {
        Process server = node.start(script, serverEnv);
        try {
            int port = X402Load.awaitListening(server);
            Map<String, String> env = payerEnv();
            env.put("URL", "http://127.0.0.1:" + port + "/paid");
            return load(name, env, clients, count);
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Map<String, String> payerEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("SVM_SECRET_KEY", gateway.dev().path("payer").path("solana_secret_key").asText());
        env.put("SOLANA_RPC_URL", gateway.dev().path("solana_rpc_url").asText());
        return env;
    }

    private LoadResult load(String name, Map<String, String> env, int clients, int count) throws Exception {
        return node.run(name, env, clients, count);
    }
}
