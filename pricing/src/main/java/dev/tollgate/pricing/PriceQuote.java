package dev.tollgate.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/** A token's USD price as one source saw it at {@code observedAt}. */
public record PriceQuote(String symbol, BigDecimal usdPerToken, Instant observedAt, String source) {

    public PriceQuote {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(usdPerToken, "usdPerToken");
        Objects.requireNonNull(observedAt, "observedAt");
        Objects.requireNonNull(source, "source");
        if (usdPerToken.signum() <= 0) {
            throw new IllegalArgumentException("price must be positive: " + usdPerToken.toPlainString());
        }
    }
}
