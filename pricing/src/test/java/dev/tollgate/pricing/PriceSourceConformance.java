package dev.tollgate.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PriceSource} owes {@link PriceOracle}; one subclass per implementation ({@code *ConformanceTest})
 * supplies the sources, HTTP ones backed by a real {@link LocalHttpServer}. The contract:
 * <ul>
 *   <li>a quote carries the symbol in upper case, the price exactly as the feed or operator gave it (same
 *       {@link BigDecimal} digits and scale, never via {@code double}), {@code source() == name()} (non-blank,
 *       stable), and {@code observedAt} = the injected clock's instant at the call;</li>
 *   <li>symbols are ASCII case-insensitive: {@code "sol"}, {@code "Sol"} and {@code "SOL"} give equal quotes for
 *       {@code "SOL"}; anything that is not 1-16 ASCII letters or digits, including non-ASCII letters that
 *       upper-case to ASCII ({@code "ſol"} → {@code "SOL"}), is a caller bug: {@link IllegalArgumentException};</li>
 *   <li>an unknown symbol, or an outage, is a {@link PriceUnavailableException} whose message names the source
 *       (and, for an unknown symbol, the symbol), never a default price;</li>
 *   <li>no memory between calls: each call reads the clock afresh, a failed call does not affect the next, and
 *       concurrent callers all get the same correct quote.</li>
 * </ul>
 * Caching, staleness and failover are {@link PriceOracle}'s job, not a source's.
 */
abstract class PriceSourceConformance {

    /** A symbol and the USD price a source under test is set up to quote for it. */
    record SymbolPrice(String symbol, BigDecimal usd) {
    }

    /** Nanosecond precision, so a source that truncates or re-reads the time differently shows up. */
    private static final Instant START = Instant.parse("2026-03-14T15:09:26.535897932Z");

    /** Generous, so a cold JVM on a busy machine does not turn an ordinary answer into a timeout. */
    static final Duration HTTP_TIMEOUT = Duration.ofSeconds(5);

    /** The clock every source under test must stamp its quotes with; tests move it. */
    protected final MutableClock clock = new MutableClock(START);

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    /**
     * The symbol and price the tests ask for; {@link #sourceQuoting} is only ever called with these. The default
     * has 18 significant digits, more than a {@code double} holds (it would come back as 123.45678901234568).
     * Sources with a fixed book (a peg) override it.
     */
    protected SymbolPrice supportedQuote() {
        return new SymbolPrice("SOL", new BigDecimal("123.456789012345678"));
    }

    /**
     * A source that quotes {@code usd} for {@code symbol} (and nothing else), stamped with {@link #clock}. HTTP
     * sources get a real local server serving that price; register it with {@link #closeAfterTest}.
     */
    protected abstract PriceSource sourceQuoting(String symbol, BigDecimal usd) throws Exception;

    /**
     * A source configured for {@link #supportedQuote()}'s symbol whose feed is down (an HTTP 500, nothing
     * listening), or null for a source without I/O, which skips the outage test.
     */
    protected abstract PriceSource unavailableSource() throws Exception;

    /** A well-formed symbol the source from {@link #sourceQuoting} has no price for. */
    protected String unknownSymbol() {
        return "NOPE";
    }

    /** Closes {@code resource} (a local server, say) after the current test. */
    protected final <T extends AutoCloseable> T closeAfterTest(T resource) {
        resources.push(resource);
        return resource;
    }

    @AfterEach
    void closeResources() throws Exception {
        while (!resources.isEmpty()) {
            resources.pop().close();
        }
    }

    private PriceSource supportedSource() throws Exception {
        SymbolPrice supported = supportedQuote();
        return sourceQuoting(supported.symbol(), supported.usd());
    }

    private PriceQuote expectedQuote(PriceSource source) {
        SymbolPrice supported = supportedQuote();
        return new PriceQuote(supported.symbol().toUpperCase(Locale.ROOT), supported.usd(), clock.instant(),
                source.name());
    }

    @Test
    void aQuoteCarriesTheSymbolItsSourceNameAndTheClocksInstant() throws Exception {
        PriceSource source = supportedSource();
        String name = source.name();
        assertThat(name).isNotBlank().isEqualTo(source.name());

        PriceQuote quote = source.fetch(supportedQuote().symbol());

        assertThat(quote.symbol()).isEqualTo(supportedQuote().symbol().toUpperCase(Locale.ROOT));
        assertThat(quote.source()).isEqualTo(name);
        assertThat(quote.observedAt()).isEqualTo(START);
    }

    @Test
    void thePriceIsExactlyTheDecimalGivenWithEveryDigitAndTheScale() throws Exception {
        BigDecimal usd = supportedQuote().usd();

        BigDecimal price = supportedSource().fetch(supportedQuote().symbol()).usdPerToken();

        // BigDecimal.equals compares the scale too: 1.50 is not 1.5 here, and a double round trip cannot pass.
        assertThat(price.toPlainString()).isEqualTo(usd.toPlainString());
        assertThat(price).isEqualTo(usd);
    }

    @Test
    void symbolsAreAsciiCaseInsensitive() throws Exception {
        PriceSource source = supportedSource();
        String symbol = supportedQuote().symbol().toUpperCase(Locale.ROOT);
        String lower = symbol.toLowerCase(Locale.ROOT);
        String mixed = lower.substring(0, 1).toUpperCase(Locale.ROOT) + lower.substring(1);

        for (String asked : List.of(symbol, lower, mixed)) {
            assertThat(source.fetch(asked)).as("fetch(\"%s\")", asked).isEqualTo(expectedQuote(source));
        }
    }

    @Test
    void aMalformedSymbolIsACallerBugNotAQuote() throws Exception {
        PriceSource source = supportedSource();
        String lower = supportedQuote().symbol().toLowerCase(Locale.ROOT);
        // U+017F (long s) and U+0131 (dotless i) upper-case to ASCII S and I; they must not pass for a symbol.
        String nonAsciiLookAlike = lower.replace('s', '\u017F').replace('i', '\u0131');
        Set<String> malformed = new LinkedHashSet<>(List.of("", " " + lower, lower + "\n", lower + "/../admin",
                lower + "-usd", "A".repeat(17), "\u017Fol", "\u0131d"));
        if (!nonAsciiLookAlike.equals(lower)) {
            malformed.add(nonAsciiLookAlike);
        }

        for (String symbol : malformed) {
            assertThatThrownBy(() -> source.fetch(symbol), "fetch(\"%s\")", symbol)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("symbol");
        }
    }

    @Test
    void anUnknownSymbolIsUnavailableNamingTheSymbolAndTheSource() throws Exception {
        PriceSource source = supportedSource();
        String unknown = unknownSymbol();

        assertThatThrownBy(() -> source.fetch(unknown))
                .isInstanceOf(PriceUnavailableException.class)
                .hasMessageContaining(unknown.toUpperCase(Locale.ROOT))
                .hasMessageContaining(source.name());
    }

    @Test
    void anOutageIsUnavailableNeverADefaultPrice() throws Exception {
        PriceSource source = unavailableSource();
        assumeThat(source).as("a source without I/O has no outage").isNotNull();
        String symbol = supportedQuote().symbol();

        for (String asked : List.of(symbol, symbol.toLowerCase(Locale.ROOT))) {
            assertThatThrownBy(() -> source.fetch(asked), "fetch(\"%s\") while the feed is down", asked)
                    .isInstanceOf(PriceUnavailableException.class)
                    .hasMessageContaining(source.name());
        }
    }

    @Test
    void callsAreIndependentOfEarlierCallsAndReadTheClockAfresh() throws Exception {
        PriceSource source = supportedSource();
        String symbol = supportedQuote().symbol();
        assertThat(source.fetch(symbol)).isEqualTo(expectedQuote(source));

        assertThatThrownBy(() -> source.fetch(unknownSymbol())).isInstanceOf(PriceUnavailableException.class);
        assertThatThrownBy(() -> source.fetch("")).isInstanceOf(IllegalArgumentException.class);
        clock.advance(Duration.ofMinutes(7).plusNanos(1));

        PriceQuote later = source.fetch(symbol);
        assertThat(later).isEqualTo(expectedQuote(source));
        assertThat(later.observedAt()).isEqualTo(START.plus(Duration.ofMinutes(7).plusNanos(1)));
    }

    @Test
    void concurrentCallersAllGetTheSameQuote() throws Exception {
        int threads = 8;
        int callsPerThread = 20;
        PriceSource source = supportedSource();
        String symbol = supportedQuote().symbol();
        PriceQuote expected = expectedQuote(source);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<PriceQuote>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                // Half the threads ask in lower case, so case folding is exercised concurrently too.
                String asked = t % 2 == 0 ? symbol : symbol.toLowerCase(Locale.ROOT);
                Callable<List<PriceQuote>> caller = () -> {
                    go.await();
                    List<PriceQuote> quotes = new ArrayList<>();
                    for (int i = 0; i < callsPerThread; i++) {
                        quotes.add(source.fetch(asked));
                    }
                    return quotes;
                };
                results.add(pool.submit(caller));
            }
            go.countDown();

            List<PriceQuote> all = new ArrayList<>();
            for (Future<List<PriceQuote>> result : results) {
                all.addAll(result.get(60, TimeUnit.SECONDS));
            }
            assertThat(all).hasSize(threads * callsPerThread).containsOnly(expected);
        } finally {
            pool.shutdownNow();
        }
    }
}
