package dev.tollgate.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * ATP's G1 pricing of usage in USD (spec/atp.md §4.1), exact in {@link BigDecimal}:
 * <ol>
 *   <li>per-million rates when (input rate set and input count reported) or (output rate set and output count
 *       reported): {@code cost = tokens × rate / 1,000,000} per side, a missing count or rate counting as 0;</li>
 *   <li>else the upstream's own {@code total_cost};</li>
 *   <li>else {@code defaultUsd} (ATP: $0.01).</li>
 * </ol>
 * Each USD value is rounded HALF_UP to {@value #USD_SCALE} decimal places (a millionth of a micro-dollar, far
 * below any token's smallest unit at real prices; exact for rates with up to 6 decimals), and the rates-path
 * total is the sum of the two rounded sides, so the parts shown always add up.
 *
 * @param inputCostPerMillionUsd  USD per million input tokens, or null when not charged by input
 * @param outputCostPerMillionUsd USD per million output tokens, or null when not charged by output
 * @param defaultUsd              what a job costs when the usage says nothing priceable
 */
public record UsdPricing(BigDecimal inputCostPerMillionUsd, BigDecimal outputCostPerMillionUsd,
                         BigDecimal defaultUsd) {

    public static final int USD_SCALE = 12;

    /** ATP's fallback price for one job. */
    public static final BigDecimal ATP_DEFAULT_USD = new BigDecimal("0.01");

    private static final BigDecimal ZERO_USD = BigDecimal.ZERO.setScale(USD_SCALE);

    public UsdPricing {
        requireNotNegative("inputCostPerMillionUsd", inputCostPerMillionUsd);
        requireNotNegative("outputCostPerMillionUsd", outputCostPerMillionUsd);
        Objects.requireNonNull(defaultUsd, "defaultUsd");
        requireNotNegative("defaultUsd", defaultUsd);
    }

    public UsdQuote quote(Usage usage) {
        Objects.requireNonNull(usage, "usage");
        Long input = usage.inputTokens();
        Long output = usage.outputTokens();
        boolean byRates = (inputCostPerMillionUsd != null && input != null)
                || (outputCostPerMillionUsd != null && output != null);
        if (byRates) {
            BigDecimal inputCost = cost(input, inputCostPerMillionUsd);
            BigDecimal outputCost = cost(output, outputCostPerMillionUsd);
            return quote(usage, inputCost.add(outputCost), UsdQuote.SOURCE_PER_MILLION_RATES, inputCost, outputCost);
        }
        if (usage.totalCostUsd() != null) {
            return quote(usage, toUsdScale(usage.totalCostUsd()), UsdQuote.SOURCE_UPSTREAM_TOTAL_COST, null, null);
        }
        return quote(usage, toUsdScale(defaultUsd), UsdQuote.SOURCE_FALLBACK_DEFAULT, null, null);
    }

    private UsdQuote quote(Usage usage, BigDecimal usd, String source, BigDecimal inputCost, BigDecimal outputCost) {
        return new UsdQuote(usd, source, usage.inputTokens(), usage.outputTokens(), usage.totalTokens(),
                inputCostPerMillionUsd, outputCostPerMillionUsd, inputCost, outputCost);
    }

    private static BigDecimal cost(Long tokens, BigDecimal ratePerMillion) {
        if (tokens == null || ratePerMillion == null) {
            return ZERO_USD;
        }
        return toUsdScale(ratePerMillion.multiply(BigDecimal.valueOf(tokens)).movePointLeft(6));
    }

    private static BigDecimal toUsdScale(BigDecimal usd) {
        return usd.setScale(USD_SCALE, RoundingMode.HALF_UP);
    }

    private static void requireNotNegative(String name, BigDecimal value) {
        if (value != null && value.signum() < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + value.toPlainString());
        }
    }
}
