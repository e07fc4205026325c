package dev.tollgate.bench.jmh;

import dev.tollgate.pricing.FeeBps;
import dev.tollgate.pricing.FeeSplit;
import dev.tollgate.pricing.TokenConverter;
import dev.tollgate.pricing.Usage;
import dev.tollgate.pricing.UsdPricing;
import dev.tollgate.pricing.UsdQuote;
import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Pricing one job as the gateway's Quoter does: usage priced in USD (per-million rates, exact decimals), converted
 * to the token's atomic units at the oracle's price (floor), then split into fee and net (floor of bps).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class PricingBench {
    private final UsdPricing rates = new UsdPricing(new BigDecimal("2.50"), new BigDecimal("10.00"),
            UsdPricing.ATP_DEFAULT_USD);
    private final Usage usage = Usage.ofTokens(1117L, 126L);
    private final FeeBps fee = new FeeBps(500);
    private final BigDecimal solPrice = new BigDecimal("142.37");
    private final BigDecimal usdcPrice = BigDecimal.ONE;

    @Setup
    public void check() {
        FeeSplit split = quoteAndSplitUsdc();
        if (!split.fee().add(split.net()).equals(split.total()) || split.total().signum() <= 0) {
            throw new IllegalStateException("inconsistent split " + split);
        }
    }

    /** USD quote only (rates path: two sides, each rounded to 12 places). */
    @Benchmark
    public UsdQuote usdQuote() {
        return rates.quote(usage);
    }

    /** Quote, USD to lamports (9 decimals, a non-trivial price), fee split: the whole per-trade pricing. */
    @Benchmark
    public FeeSplit quoteAndSplitSol() {
        UsdQuote usd = rates.quote(usage);
        return FeeSplit.of(TokenConverter.usdToUnits(usd.usdCost(), solPrice, 9), fee);
    }

    /** The same in USDC (6 decimals, pegged price). */
    @Benchmark
    public FeeSplit quoteAndSplitUsdc() {
        UsdQuote usd = rates.quote(usage);
        return FeeSplit.of(TokenConverter.usdToUnits(usd.usdCost(), usdcPrice, 6), fee);
    }
}
