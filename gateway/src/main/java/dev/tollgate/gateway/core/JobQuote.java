package dev.tollgate.gateway.core;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.gateway.rails.RailBinding;
import dev.tollgate.pricing.FeeSplit;
import dev.tollgate.pricing.PriceQuote;
import dev.tollgate.pricing.UsdQuote;

/** The price of one job: USD from usage, the token price used, and the integer split of the token amount. */
public record JobQuote(RailBinding rail, ChainAsset asset, UsdQuote usd, PriceQuote price, FeeSplit split) {
}
