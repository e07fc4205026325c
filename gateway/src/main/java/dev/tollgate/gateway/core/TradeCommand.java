package dev.tollgate.gateway.core;

import dev.tollgate.gateway.upstream.AgentTask;

/**
 * A trade as any front-end asks for it.
 *
 * @param network a rail alias or CAIP-2 id, or {@code null} for the default rail
 */
public record TradeCommand(AgentTask task, String userWallet, String paymentToken, String network) {
}
