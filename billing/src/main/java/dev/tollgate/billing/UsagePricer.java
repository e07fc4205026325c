package dev.tollgate.billing;

import dev.tollgate.pricing.Usage;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * USD for a usage-priced endpoint, exact in {@link BigDecimal}: {@code input_tokens × input rate / 10^6 +
 * output_tokens × output rate / 10^6} (a missing count or rate counts as 0), rounded UP to
 * {@value Require#MAX_USD_SCALE} fraction digits (the gateway's limit; the gateway then rounds UP to a whole
 * token unit). Without input or output counts, the handler's own {@code total_cost} is used (ATP G1); a total
 * token count alone cannot be split between the two rates, so it is no usage.
 */
public final class UsagePricer {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private UsagePricer() {
    }

    /** The price, or null when the usage says nothing priceable. */
    public static BigDecimal usd(EndpointRule rule, Usage usage) {
        if (usage.inputTokens() == null && usage.outputTokens() == null) {
            return usage.totalCostUsd() == null ? null : roundUp(usage.totalCostUsd());
        }
        return roundUp(side(usage.inputTokens(), rule.inputUsdPerMillion())
                .add(side(usage.outputTokens(), rule.outputUsdPerMillion())));
    }

    static BigDecimal side(Long tokens, BigDecimal ratePerMillion) {
        if (tokens == null || ratePerMillion == null) {
            return BigDecimal.ZERO;
        }
        return ratePerMillion.multiply(BigDecimal.valueOf(tokens)).divide(MILLION);
    }

    /** Rounded up to the gateway's precision, without trailing zeros, never in exponent form. */
    static BigDecimal roundUp(BigDecimal usd) {
        BigDecimal rounded = usd.setScale(Require.MAX_USD_SCALE, RoundingMode.UP).stripTrailingZeros();
        return rounded.scale() < 0 ? rounded.setScale(0) : rounded;
    }
}
