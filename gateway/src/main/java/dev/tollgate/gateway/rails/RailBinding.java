package dev.tollgate.gateway.rails;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.PaymentRail;
import java.util.Optional;

/**
 * A rail as this gateway uses it: the rail, the short name clients may use for it, and where the money goes.
 * Treasuries may be missing (ATP starts without them); trades on such a rail are refused with a clear error.
 */
public record RailBinding(PaymentRail rail, String alias, String agentTreasury, String feeTreasury) {

    public Optional<ChainAsset> asset(String symbol) {
        return Optional.ofNullable(rail.assets().get(symbol));
    }
}
