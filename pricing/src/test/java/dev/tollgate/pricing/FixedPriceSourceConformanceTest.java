package dev.tollgate.pricing;

import java.math.BigDecimal;
import java.util.Map;

/** {@link FixedPriceSource}: operator-set prices, no I/O, so no outage. */
class FixedPriceSourceConformanceTest extends PriceSourceConformance {

    @Override
    protected PriceSource sourceQuoting(String symbol, BigDecimal usd) {
        return new FixedPriceSource(Map.of(symbol, usd), clock);
    }

    @Override
    protected PriceSource unavailableSource() {
        return null;
    }
}
