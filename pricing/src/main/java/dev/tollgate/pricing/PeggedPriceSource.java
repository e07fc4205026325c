package dev.tollgate.pricing;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Stablecoins taken at exactly 1 USD (as ATP does for USDC), without any network call. Source name
 * {@code pegged}. A de-peg is not detected: only peg coins you are willing to accept at par.
 */
public final class PeggedPriceSource implements PriceSource {

    public static final Set<String> DEFAULT_SYMBOLS = Set.of("USDC");

    private final FixedPriceSource atPar;

    public PeggedPriceSource(Clock clock) {
        this(DEFAULT_SYMBOLS, clock);
    }

    public PeggedPriceSource(Set<String> symbols, Clock clock) {
        Map<String, BigDecimal> ones = symbols.stream()
                .collect(Collectors.toMap(Function.identity(), symbol -> BigDecimal.ONE));
        this.atPar = new FixedPriceSource("pegged", ones, clock);
    }

    @Override
    public String name() {
        return atPar.name();
    }

    @Override
    public PriceQuote fetch(String symbol) throws PriceUnavailableException {
        return atPar.fetch(symbol);
    }
}
