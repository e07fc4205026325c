package dev.tollgate.pricing;

import java.math.BigDecimal;
import java.util.Set;

/** {@link PeggedPriceSource}: stablecoins at exactly 1 USD, no I/O, so no outage. */
class PeggedPriceSourceConformanceTest extends PriceSourceConformance {

    /** A peg cannot be set to a price: the only quote it gives is 1 USD, here for its default, USDC. */
    @Override
    protected SymbolPrice supportedQuote() {
        return new SymbolPrice("USDC", BigDecimal.ONE);
    }

    @Override
    protected PriceSource sourceQuoting(String symbol, BigDecimal usd) {
        if (!usd.equals(BigDecimal.ONE) || !PeggedPriceSource.DEFAULT_SYMBOLS.contains(symbol)) {
            throw new IllegalArgumentException("a pegged source quotes its default symbols at 1 USD only, asked "
                    + symbol + " at " + usd.toPlainString());
        }
        return new PeggedPriceSource(clock);
    }

    @Override
    protected PriceSource unavailableSource() {
        return null;
    }
}
