package dev.tollgate.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What to ask an agent for (ATP's {@code AgentTask}): {@code agent_config} (with {@code agent_name}), the task, the
 * token to pay in ({@code SOL}|{@code USDC} on Solana, {@code POL}|{@code USDC} on Polygon) and the network
 * ({@code solana}, {@code polygon} or a CAIP-2 id; {@code null} for the gateway's default). {@code user_wallet} is the
 * client's wallet.
 */
public record TradeRequest(Map<String, Object> agentConfig, String task, String paymentToken, String network,
                           Map<String, Object> extra) {
    public TradeRequest {
        Objects.requireNonNull(agentConfig, "agentConfig");
        Objects.requireNonNull(task, "task");
        agentConfig = Map.copyOf(agentConfig);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    public static TradeRequest of(String agentName, String task, String paymentToken, String network) {
        return new TradeRequest(Map.of("agent_name", agentName), task, paymentToken, network, Map.of());
    }

    /** The JSON body for {@code wallet}. */
    Map<String, Object> body(String userWallet) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("agent_config", agentConfig);
        b.put("task", task);
        b.put("user_wallet", userWallet);
        if (paymentToken != null) {
            b.put("payment_token", paymentToken);
        }
        if (network != null) {
            b.put("network", network);
        }
        extra.forEach(b::putIfAbsent);
        return b;
    }
}
