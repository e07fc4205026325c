package dev.tollgate.pricing;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The USD cost of one job and how it was reached; mirrors ATP's {@code pricing} object (spec/atp.md §4.1).
 * USD values are at scale {@link UsdPricing#USD_SCALE}; {@code inputCostUsd}/{@code outputCostUsd} are set only
 * for {@link #SOURCE_PER_MILLION_RATES}.
 */
public record UsdQuote(
        BigDecimal usdCost,
        String source,
        Long inputTokens,
        Long outputTokens,
        Long totalTokens,
        BigDecimal inputCostPerMillionUsd,
        BigDecimal outputCostPerMillionUsd,
        BigDecimal inputCostUsd,
        BigDecimal outputCostUsd) {

    public static final String SOURCE_PER_MILLION_RATES = "per_million_rates";
    public static final String SOURCE_UPSTREAM_TOTAL_COST = "upstream_total_cost";
    public static final String SOURCE_FALLBACK_DEFAULT = "fallback_default";

    public UsdQuote {
        Objects.requireNonNull(usdCost, "usdCost");
        Objects.requireNonNull(source, "source");
        if (usdCost.signum() < 0) {
            throw new IllegalArgumentException("usdCost must not be negative: " + usdCost.toPlainString());
        }
    }
}
