package dev.tollgate.pricing;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** Prices set by the operator, for offline and development use. Source name {@code fixed}. */
public final class FixedPriceSource implements PriceSource {

    private final String name;
    private final Map<String, BigDecimal> prices;
    private final Clock clock;

    public FixedPriceSource(Map<String, BigDecimal> usdPerToken, Clock clock) {
        this("fixed", usdPerToken, clock);
    }

    FixedPriceSource(String name, Map<String, BigDecimal> usdPerToken, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.clock = Objects.requireNonNull(clock, "clock");
        Map<String, BigDecimal> normalized = new HashMap<>();
        usdPerToken.forEach((symbol, price) -> {
            Objects.requireNonNull(price, "price of " + symbol);
            if (price.signum() <= 0) {
                throw new IllegalArgumentException("fixed price of " + symbol + " must be positive: " + price.toPlainString());
            }
            if (normalized.put(Symbols.normalize(symbol), price) != null) {
                throw new IllegalArgumentException("fixed price of " + symbol + " is given twice");
            }
        });
        this.prices = Map.copyOf(normalized);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PriceQuote fetch(String symbol) throws PriceUnavailableException {
        String key = Symbols.normalize(symbol);
        BigDecimal price = prices.get(key);
        if (price == null) {
            throw new PriceUnavailableException(name + " has no price configured for " + key);
        }
        return new PriceQuote(key, price, clock.instant(), name);
    }
}
