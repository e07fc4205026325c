package dev.tollgate.gateway.core;

import dev.tollgate.gateway.proof.SignedIn;
import dev.tollgate.gateway.upstream.AgentTask;

/**
 * A trade as any front-end asks for it.
 *
 * @param network  a rail alias or CAIP-2 id, or {@code null} for the default rail
 * @param signedIn the wallet that signed the request (Sign-In-With-X), or {@code null}: the job is then bound to it
 */
public record TradeCommand(AgentTask task, String userWallet, String paymentToken, String network, SignedIn signedIn) {

    /** An unsigned trade. */
    public TradeCommand(AgentTask task, String userWallet, String paymentToken, String network) {
        this(task, userWallet, paymentToken, network, null);
    }

    /** The same trade, signed by {@code wallet}. */
    public TradeCommand signedBy(SignedIn wallet) {
        return new TradeCommand(task, userWallet, paymentToken, network, wallet);
    }
}
