package dev.tollgate.pricing;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only thing the gateway asks for a token's USD price.
 * <ul>
 *   <li>Pegged symbols (USDC by default) are 1 USD, without any network call.</li>
 *   <li>A quote younger than {@code cacheTtl} is served from memory.</li>
 *   <li>Otherwise the primary and, when configured, the secondary source are asked at the same time. Both
 *       answered and more than {@code maxDeviationBps} apart (relative to the lower price) → refused, since one
 *       of them is wrong and we cannot tell which. Both agree → the primary's quote. One answered → its quote.</li>
 *   <li>Neither answered → the last good quote while it is younger than {@code maxAge}, else refused.</li>
 * </ul>
 * There is never a built-in fallback price (ATP silently used $150/SOL). Ages are measured from
 * {@link PriceQuote#observedAt()} on the injected clock. Callers never hold a lock across HTTP: concurrent
 * callers for one symbol share one refresh; different symbols refresh independently. A failing source is logged
 * at WARN once when it starts failing and at INFO when it recovers; repeats go to DEBUG.
 */
public final class PriceOracle {

    public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(60);
    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(300);
    public static final int DEFAULT_MAX_DEVIATION_BPS = 300;

    private static final Logger log = LoggerFactory.getLogger(PriceOracle.class);
    private static final BigDecimal BPS_PER_WHOLE = BigDecimal.valueOf(FeeBps.MAX);

    private final PriceSource primary;
    private final PriceSource secondary;
    private final Set<String> peggedSymbols;
    private final PriceSource pegged;
    private final Duration cacheTtl;
    private final Duration maxAge;
    private final int maxDeviationBps;
    private final Clock clock;
    /** Only symbols that were priced at least once stay here, so unknown symbols cannot grow it. */
    private final ConcurrentMap<String, SymbolState> states = new ConcurrentHashMap<>();
    /** Conditions already reported at WARN, so an outage logs once rather than once per request. */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    private PriceOracle(Builder builder) {
        this.primary = builder.primary;
        this.secondary = builder.secondary;
        this.peggedSymbols = builder.peggedSymbols;
        this.pegged = new PeggedPriceSource(builder.peggedSymbols, builder.clock);
        this.cacheTtl = builder.cacheTtl;
        this.maxAge = builder.maxAge;
        this.maxDeviationBps = builder.maxDeviationBps;
        this.clock = builder.clock;
    }

    public static Builder builder(PriceSource primary, Clock clock) {
        return new Builder(primary, clock);
    }

    /**
     * The USD price of {@code symbol} (case-insensitive).
     *
     * @throws PriceUnavailableException when no trustworthy price can be given; the message says why
     * @throws IllegalArgumentException  when the symbol is not 1-16 ASCII letters or digits
     */
    public PriceQuote price(String symbol) throws PriceUnavailableException {
        String key = Symbols.normalize(symbol);
        if (peggedSymbols.contains(key)) {
            return pegged.fetch(key);
        }
        SymbolState state = states.computeIfAbsent(key, k -> new SymbolState());
        PriceQuote cached = state.lastGood;
        if (isYoungerThan(cached, cacheTtl)) {
            return cached;
        }
        CompletableFuture<PriceQuote> mine = new CompletableFuture<>();
        CompletableFuture<PriceQuote> running = state.refreshing.compareAndExchange(null, mine);
        if (running != null) {
            return join(running);
        }
        try {
            PriceQuote quote = refresh(key, state);
            mine.complete(quote);
            return quote;
        } catch (Throwable t) {
            mine.completeExceptionally(t);
            throw t;
        } finally {
            state.refreshing.set(null);
        }
    }

    private PriceQuote refresh(String key, SymbolState state) throws PriceUnavailableException {
        PriceQuote last = state.lastGood;
        if (isYoungerThan(last, cacheTtl)) {
            return last; // refreshed by another caller just before this one took over
        }
        Attempt first;
        Attempt second = null;
        if (secondary == null) {
            first = attempt(primary, key);
        } else {
            FutureTask<Attempt> other = new FutureTask<>(() -> attempt(secondary, key));
            Thread.ofVirtual().name("price-" + secondary.name() + "-" + key).start(other);
            first = attempt(primary, key);
            second = join(other, secondary);
        }
        if (first.ok() && second != null && second.ok() && deviates(first.quote(), second.quote())) {
            String message = key + " price sources disagree by more than " + maxDeviationBps + " bps: "
                    + describe(first.quote()) + " vs " + describe(second.quote()) + "; refusing to quote";
            warnOnce("disagree/" + key, message);
            throw new PriceUnavailableException(message);
        }
        PriceQuote fresh = first.ok() ? first.quote() : second != null && second.ok() ? second.quote() : null;
        if (fresh != null) {
            clearWarning("disagree/" + key, key + " price sources agree again");
            state.lastGood = fresh;
            return fresh;
        }
        if (isYoungerThan(last, maxAge)) {
            log.debug("No source answered for {}; serving the last good price {}", key, describe(last));
            return last;
        }
        if (last == null) {
            states.remove(key, state);
        }
        String failures = first.error() + (second == null ? "" : "; " + second.error());
        String fallback = last == null
                ? "no earlier price to fall back on"
                : "last good price " + describe(last) + " is " + ageOf(last).toSeconds() + " s old (limit "
                        + maxAge.toSeconds() + " s)";
        throw new PriceUnavailableException("no trustworthy " + key + " price: " + failures + "; " + fallback);
    }

    private Attempt attempt(PriceSource source, String key) {
        String condition = "source/" + source.name() + "/" + key;
        try {
            PriceQuote quote = source.fetch(key);
            if (quote == null || !quote.symbol().equals(key)) {
                throw new PriceUnavailableException(source.name() + " answered for "
                        + (quote == null ? "nothing" : quote.symbol()) + " when asked for " + key);
            }
            if (!isYoungerThan(quote, maxAge)) {
                throw new PriceUnavailableException(source.name() + " gave a " + key + " price observed at "
                        + quote.observedAt() + ", older than " + maxAge.toSeconds() + " s");
            }
            clearWarning(condition, "Price source " + source.name() + " answers for " + key + " again");
            return new Attempt(quote, null);
        } catch (PriceUnavailableException e) {
            warnOnce(condition, "Price source " + source.name() + " failing for " + key + ": " + e.getMessage());
            return new Attempt(null, e.getMessage());
        } catch (RuntimeException e) {
            // A bug in a source must not take pricing down with it, but it deserves its stack trace.
            if (reported.add(condition)) {
                log.warn("Price source {} failed unexpectedly for {}", source.name(), key, e);
            }
            return new Attempt(null, source.name() + " failed unexpectedly: " + e);
        }
    }

    /** |a − b| > maxDeviationBps of the lower price, compared exactly (no division). */
    private boolean deviates(PriceQuote a, PriceQuote b) {
        BigDecimal difference = a.usdPerToken().subtract(b.usdPerToken()).abs().multiply(BPS_PER_WHOLE);
        BigDecimal allowed = a.usdPerToken().min(b.usdPerToken()).multiply(BigDecimal.valueOf(maxDeviationBps));
        return difference.compareTo(allowed) > 0;
    }

    private boolean isYoungerThan(PriceQuote quote, Duration limit) {
        return quote != null && ageOf(quote).compareTo(limit) < 0;
    }

    private Duration ageOf(PriceQuote quote) {
        return Duration.between(quote.observedAt(), clock.instant());
    }

    private void warnOnce(String condition, String message) {
        if (reported.add(condition)) {
            log.warn("{} (repeats are logged at DEBUG until it clears)", message);
        } else {
            log.debug(message);
        }
    }

    private void clearWarning(String condition, String message) {
        if (reported.remove(condition)) {
            log.info(message);
        }
    }

    private static String describe(PriceQuote quote) {
        return quote.source() + " " + quote.usdPerToken().toPlainString() + " USD";
    }

    private static PriceQuote join(CompletableFuture<PriceQuote> running) throws PriceUnavailableException {
        try {
            return running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PriceUnavailableException("interrupted while waiting for a price", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof PriceUnavailableException unavailable) {
                throw new PriceUnavailableException(unavailable.getMessage(), unavailable);
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("price refresh failed", cause);
        }
    }

    private static Attempt join(FutureTask<Attempt> other, PriceSource source) {
        try {
            return other.get();
        } catch (InterruptedException e) {
            other.cancel(true);
            Thread.currentThread().interrupt();
            return new Attempt(null, source.name() + ": interrupted while waiting");
        } catch (ExecutionException e) {
            return new Attempt(null, source.name() + " failed unexpectedly: " + e.getCause());
        }
    }

    /** One source's answer: a quote, or why there is none. */
    private record Attempt(PriceQuote quote, String error) {
        boolean ok() {
            return quote != null;
        }
    }

    private static final class SymbolState {
        volatile PriceQuote lastGood;
        final AtomicReference<CompletableFuture<PriceQuote>> refreshing = new AtomicReference<>();
    }

    /** Configuration of a {@link PriceOracle}; defaults: cache 60 s, max age 300 s, 300 bps, USDC pegged. */
    public static final class Builder {
        private final PriceSource primary;
        private final Clock clock;
        private PriceSource secondary;
        private Duration cacheTtl = DEFAULT_CACHE_TTL;
        private Duration maxAge = DEFAULT_MAX_AGE;
        private int maxDeviationBps = DEFAULT_MAX_DEVIATION_BPS;
        private Set<String> peggedSymbols = PeggedPriceSource.DEFAULT_SYMBOLS;

        private Builder(PriceSource primary, Clock clock) {
            this.primary = Objects.requireNonNull(primary, "primary");
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        /** A second, independent source, asked alongside the primary to catch a wrong price. */
        public Builder secondary(PriceSource secondary) {
            this.secondary = secondary;
            return this;
        }

        public Builder cacheTtl(Duration cacheTtl) {
            this.cacheTtl = Objects.requireNonNull(cacheTtl, "cacheTtl");
            return this;
        }

        /** How old the last good price may be when it is served because every source failed. */
        public Builder maxAge(Duration maxAge) {
            this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
            return this;
        }

        public Builder maxDeviationBps(int maxDeviationBps) {
            this.maxDeviationBps = maxDeviationBps;
            return this;
        }

        /** Symbols taken at exactly 1 USD without asking any source (replaces the default USDC). */
        public Builder peggedSymbols(Set<String> symbols) {
            this.peggedSymbols = symbols.stream().map(Symbols::normalize).collect(Collectors.toUnmodifiableSet());
            return this;
        }

        public PriceOracle build() {
            if (cacheTtl.isNegative()) {
                throw new IllegalArgumentException("cacheTtl must not be negative: " + cacheTtl);
            }
            if (maxAge.compareTo(cacheTtl) < 0) {
                throw new IllegalArgumentException("maxAge (" + maxAge + ") must be at least cacheTtl (" + cacheTtl + ")");
            }
            if (maxDeviationBps < 0 || maxDeviationBps > FeeBps.MAX) {
                throw new IllegalArgumentException("maxDeviationBps must be 0.." + FeeBps.MAX + ", got " + maxDeviationBps);
            }
            if (secondary == primary) {
                throw new IllegalArgumentException("secondary must be a different source than primary");
            }
            return new PriceOracle(this);
        }
    }
}
