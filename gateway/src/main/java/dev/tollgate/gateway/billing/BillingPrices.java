package dev.tollgate.gateway.billing;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.gateway.core.Quoter;
import dev.tollgate.gateway.core.Refusal;
import dev.tollgate.pricing.FeeBps;
import dev.tollgate.pricing.FeeSplit;
import dev.tollgate.pricing.PriceQuote;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;

/**
 * USD to a rail asset's atomic units for billed requests, at the gateway's price sources, rounding UP to a whole
 * unit (a billed price is a floor for the host: USDC at 1 USD is 1,000,000 units per USD, so 0.0000001 USD is 1
 * unit); and the fee split, floor(total × bps / 10000). Integers only.
 */
@Singleton
public class BillingPrices {
    private final Quoter quoter;

    BillingPrices(Quoter quoter) {
        this.quoter = quoter;
    }

    /** {@code ceil(usd / price × 10^decimals)}; 503 {@code price_unavailable} when no trustworthy price exists. */
    public BigInteger units(ChainAsset asset, BigDecimal usd) {
        if (usd.signum() <= 0) {
            throw new IllegalArgumentException("usd must be positive");
        }
        return ceilUnits(usd, usdPerToken(asset), asset.decimals());
    }

    /** The asset's USD price now; 503 {@code price_unavailable} when no trustworthy price exists. */
    public BigDecimal usdPerToken(ChainAsset asset) {
        PriceQuote price;
        try {
            price = quoter.price(asset.symbol());
        } catch (Refusal e) {
            throw new BillingRefusal(HttpStatus.SERVICE_UNAVAILABLE, "price_unavailable", "price_unavailable",
                    "No trustworthy " + asset.symbol() + "/USD price is available right now.",
                    Map.of("asset", asset.symbol()));
        }
        return price.usdPerToken();
    }

    static BigInteger ceilUnits(BigDecimal usd, BigDecimal usdPerToken, int decimals) {
        return usd.movePointRight(decimals).divide(usdPerToken, 0, RoundingMode.CEILING).toBigIntegerExact();
    }

    /** fee = floor(total × bps / 10000), net = total − fee. */
    public static FeeSplit split(BigInteger total, FeeBps bps) {
        return FeeSplit.of(total, bps);
    }
}
