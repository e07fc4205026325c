package dev.tollgate.gateway.core;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.gateway.rails.RailBinding;
import dev.tollgate.pricing.FeeBps;
import dev.tollgate.pricing.FeeSplit;
import dev.tollgate.pricing.PriceOracle;
import dev.tollgate.pricing.PriceQuote;
import dev.tollgate.pricing.PriceUnavailableException;
import dev.tollgate.pricing.TokenConverter;
import dev.tollgate.pricing.UsageExtractor;
import dev.tollgate.pricing.UsdPricing;
import dev.tollgate.pricing.UsdQuote;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Singleton;

/** Prices a job: usage → USD (ATP's rules) → token units at the oracle's price → fee split in integers. */
@Singleton
public class Quoter {
    private final UsdPricing usdPricing;
    private final PriceOracle oracle;
    private final FeeBps feeBps;

    Quoter(UsdPricing usdPricing, PriceOracle oracle, FeeBps feeBps) {
        this.usdPricing = usdPricing;
        this.oracle = oracle;
        this.feeBps = feeBps;
    }

    public FeeBps feeBps() {
        return feeBps;
    }

    /** The token price, refused when no trustworthy price can be had (never a made-up one). */
    public PriceQuote price(String symbol) {
        try {
            return oracle.price(symbol);
        } catch (PriceUnavailableException e) {
            throw new Refusal(Code.PRICE_UNAVAILABLE,
                    "No trustworthy " + symbol + "/USD price is available right now: " + e.getMessage());
        }
    }

    public JobQuote quote(RailBinding rail, ChainAsset asset, PriceQuote price, JsonNode usage) {
        UsdQuote usd = usdPricing.quote(UsageExtractor.extract(usage));
        if (usd.usdCost().signum() <= 0) {
            throw new Refusal(Code.ZERO_COST, "The agent's usage prices to zero; there is nothing to settle.");
        }
        FeeSplit split = FeeSplit.of(TokenConverter.usdToUnits(usd.usdCost(), price.usdPerToken(), asset.decimals()), feeBps);
        return new JobQuote(rail, asset, usd, price, split);
    }
}
