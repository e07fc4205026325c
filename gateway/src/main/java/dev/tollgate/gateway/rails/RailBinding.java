package dev.tollgate.gateway.rails;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.PaymentRail;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A rail as this gateway uses it: the rail, the short name clients may use for it, and where the money goes.
 * Treasuries may be missing (ATP starts without them); trades on such a rail are refused with a clear error.
 *
 * @param rpcUrls the primary RPC URL first, then the fallbacks, for the resilient transport
 * @param prices  how each asset (by symbol) is priced
 */
public record RailBinding(PaymentRail rail, String alias, String agentTreasury, String feeTreasury,
                          List<URI> rpcUrls, Map<String, AssetPrice> prices) {

    /** How one asset is priced: the oracle's id for it, or exactly 1 USD when pegged. */
    public record AssetPrice(String priceId, boolean pegged) {
    }

    public RailBinding {
        rpcUrls = rpcUrls == null ? List.of() : List.copyOf(rpcUrls);
        prices = prices == null ? Map.of() : Map.copyOf(prices);
    }

    /** Without RPC URLs or prices of its own (tests and tools). */
    public RailBinding(PaymentRail rail, String alias, String agentTreasury, String feeTreasury) {
        this(rail, alias, agentTreasury, feeTreasury, List.of(), Map.of());
    }

    public Optional<ChainAsset> asset(String symbol) {
        return Optional.ofNullable(rail.assets().get(symbol));
    }
}
