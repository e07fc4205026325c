package dev.tollgate.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class PriceOracleTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ScriptedPriceSource primary = new ScriptedPriceSource("primary", clock).answer("SOL", "150");
    private final ScriptedPriceSource secondary = new ScriptedPriceSource("secondary", clock).answer("SOL", "151");

    private PriceOracle oracle() {
        return PriceOracle.builder(primary, clock).secondary(secondary).build();
    }

    // ---- Caching ----
    @Test
    void servesTheCachedQuoteUntilTheTtlEnds() throws Exception {
        PriceOracle oracle = oracle();
        PriceQuote first = oracle.price("SOL");
        assertThat(first.usdPerToken()).isEqualTo(new BigDecimal("150"));
        assertThat(first.source()).isEqualTo("primary");

        primary.answer("SOL", "152");
        secondary.answer("SOL", "152");
        clock.advance(Duration.ofSeconds(59));
        assertThat(oracle.price("sol")).isSameAs(first);
        assertThat(primary.calls()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(oracle.price("SOL").usdPerToken()).isEqualTo(new BigDecimal("152"));
        assertThat(primary.calls()).isEqualTo(2);
        assertThat(secondary.calls()).isEqualTo(2);
    }

    @Test
    void zeroTtlAsksEveryTime() throws Exception {
        PriceOracle oracle = PriceOracle.builder(primary, clock).cacheTtl(Duration.ZERO).build();
        oracle.price("SOL");
        oracle.price("SOL");
        assertThat(primary.calls()).isEqualTo(2);
    }

    // ---- Failover ----
    @Test
    void usesTheSecondaryWhenThePrimaryFails() throws Exception {
        primary.fail("answered HTTP 500");
        PriceQuote quote = oracle().price("SOL");
        assertThat(quote.source()).isEqualTo("secondary");
        assertThat(quote.usdPerToken()).isEqualTo(new BigDecimal("151"));
    }

    @Test
    void usesThePrimaryWhenTheSecondaryFails() throws Exception {
        secondary.fail("timed out");
        assertThat(oracle().price("SOL").source()).isEqualTo("primary");
    }

    @Test
    void aBuggySourceCountsAsFailedInsteadOfBreakingPricing() throws Exception {
        primary.breakWith(new IllegalStateException("bug"));
        assertThat(oracle().price("SOL").source()).isEqualTo("secondary");
    }

    @Test
    void aQuoteForAnotherSymbolCountsAsFailed() throws Exception {
        PriceSource confused = new PriceSource() {
            @Override
            public String name() {
                return "confused";
            }

            @Override
            public PriceQuote fetch(String symbol) {
                return new PriceQuote("BTC", new BigDecimal("95000"), clock.instant(), name());
            }
        };
        PriceOracle oracle = PriceOracle.builder(confused, clock).secondary(secondary).build();
        assertThat(oracle.price("SOL").source()).isEqualTo("secondary");
    }

    @Test
    void aQuoteAlreadyOlderThanMaxAgeCountsAsFailed() {
        primary.stampWith(clock.instant().minus(Duration.ofSeconds(301)));
        PriceOracle oracle = PriceOracle.builder(primary, clock).build();
        assertThatThrownBy(() -> oracle.price("SOL"))
                .isInstanceOf(PriceUnavailableException.class)
                .hasMessageContaining("older than 300 s");
    }

    // ---- Staleness ----
    @Test
    void servesTheLastGoodPriceUntilMaxAgeThenRefuses() throws Exception {
        PriceOracle oracle = oracle();
        PriceQuote good = oracle.price("SOL");
        primary.fail("answered HTTP 500");
        secondary.fail("timed out after 2000 ms");

        clock.advance(Duration.ofSeconds(299));
        assertThat(oracle.price("SOL")).isSameAs(good);
        assertThat(primary.calls()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> oracle.price("SOL"))
                .isInstanceOf(PriceUnavailableException.class)
                .hasMessageContaining("no trustworthy SOL price")
                .hasMessageContaining("primary answered HTTP 500")
                .hasMessageContaining("secondary timed out after 2000 ms")
                .hasMessageContaining("is 300 s old (limit 300 s)");
    }

    @Test
    void refusesWithoutHistoryAndNeverMakesAPriceUp() {
        primary.fail("down");
        secondary.fail("down");
        assertThatThrownBy(() -> oracle().price("SOL"))
                .isInstanceOf(PriceUnavailableException.class)
                .hasMessageContaining("no earlier price to fall back on");
    }

    @Test
    void recoversWhenASourceAnswersAgain() throws Exception {
        primary.fail("down");
        secondary.fail("down");
        PriceOracle oracle = oracle();
        assertThatThrownBy(() -> oracle.price("SOL")).isInstanceOf(PriceUnavailableException.class);
        secondary.answer("SOL", "149");
        assertThat(oracle.price("SOL").usdPerToken()).isEqualTo(new BigDecimal("149"));
    }

    @Test
    void worksWithoutASecondary() throws Exception {
        PriceOracle oracle = PriceOracle.builder(primary, clock).build();
        PriceQuote good = oracle.price("SOL");
        primary.fail("down");
        clock.advance(Duration.ofSeconds(120));
        assertThat(oracle.price("SOL")).isSameAs(good);
        clock.advance(Duration.ofSeconds(180));
        assertThatThrownBy(() -> oracle.price("SOL")).hasMessageContaining("primary down");
    }

    // ---- Deviation ----
    @Test
    void refusesWhenTheSourcesDisagree() {
        secondary.answer("SOL", "160");
        assertThatThrownBy(() -> oracle().price("SOL"))
                .isInstanceOf(PriceUnavailableException.class)
                .hasMessageContaining("disagree by more than 300 bps")
                .hasMessageContaining("primary 150 USD")
                .hasMessageContaining("secondary 160 USD");
    }

    @Test
    void theLimitIsInclusiveAndRelativeToTheLowerPrice() throws Exception {
        secondary.answer("SOL", "154.5"); // exactly 300 bps above 150
        assertThat(oracle().price("SOL").source()).isEqualTo("primary");

        secondary.answer("SOL", "154.50000001");
        assertThatThrownBy(() -> oracle().price("SOL")).hasMessageContaining("disagree");

        primary.answer("SOL", "154.5");
        secondary.answer("SOL", "150"); // same gap, other way round
        assertThat(oracle().price("SOL").source()).isEqualTo("primary");
    }

    @Test
    void disagreementIsNotPaperedOverWithTheLastGoodPrice() throws Exception {
        PriceOracle oracle = oracle();
        oracle.price("SOL");
        clock.advance(Duration.ofSeconds(61));
        secondary.answer("SOL", "200");
        assertThatThrownBy(() -> oracle.price("SOL")).hasMessageContaining("disagree");
    }

    @Test
    void quotesAgainOnceTheyAgree() throws Exception {
        PriceOracle oracle = oracle();
        secondary.answer("SOL", "200");
        assertThatThrownBy(() -> oracle.price("SOL")).hasMessageContaining("disagree");
        secondary.answer("SOL", "150.5");
        assertThat(oracle.price("SOL").usdPerToken()).isEqualTo(new BigDecimal("150"));
    }

    @Test
    void zeroBpsAcceptsOnlyIdenticalPrices() throws Exception {
        PriceOracle strict = PriceOracle.builder(primary, clock).secondary(secondary).maxDeviationBps(0).build();
        assertThatThrownBy(() -> strict.price("SOL")).hasMessageContaining("disagree");
        secondary.answer("SOL", "150.000");
        assertThat(strict.price("SOL").source()).isEqualTo("primary");
    }

    // ---- Pegged ----
    @Test
    void usdcIsOneDollarWithoutAskingAnySource() throws Exception {
        PriceQuote quote = oracle().price("usdc");
        assertThat(quote).isEqualTo(new PriceQuote("USDC", BigDecimal.ONE, clock.instant(), "pegged"));
        assertThat(primary.calls()).isZero();
        assertThat(secondary.calls()).isZero();
    }

    @Test
    void peggedSymbolsCanBeReplaced() throws Exception {
        primary.answer("USDC", "0.97");
        secondary.answer("USDC", "0.97");
        PriceOracle oracle = PriceOracle.builder(primary, clock).secondary(secondary)
                .peggedSymbols(Set.of("usdt")).build();
        assertThat(oracle.price("USDT").source()).isEqualTo("pegged");
        assertThat(oracle.price("USDC").usdPerToken()).isEqualTo(new BigDecimal("0.97"));
    }

    // ---- Concurrency ----
    @Test
    void concurrentCallersShareOneRefresh() throws Exception {
        PriceOracle oracle = oracle();
        CountDownLatch release = primary.block("SOL");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<PriceQuote>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> oracle.price("SOL")));
            }
            assertThat(primary.entered().await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(200); // let the other callers reach the shared refresh
            release.countDown();
            for (Future<PriceQuote> result : results) {
                assertThat(result.get(5, TimeUnit.SECONDS).usdPerToken()).isEqualTo(new BigDecimal("150"));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(primary.calls()).isEqualTo(1);
        assertThat(secondary.calls()).isEqualTo(1);
    }

    @Test
    void aSlowSymbolDoesNotHoldUpAnother() throws Exception {
        primary.answer("POL", "0.25");
        secondary.answer("POL", "0.25");
        PriceOracle oracle = oracle();
        CountDownLatch release = primary.block("SOL");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<PriceQuote> slow = pool.submit(() -> oracle.price("SOL"));
            assertThat(primary.entered().await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(oracle.price("POL").usdPerToken()).isEqualTo(new BigDecimal("0.25"));
            assertThat(slow.isDone()).isFalse();
            release.countDown();
            assertThat(slow.get(5, TimeUnit.SECONDS).usdPerToken()).isEqualTo(new BigDecimal("150"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void waitersShareTheRefusalToo() throws Exception {
        primary.fail("down");
        secondary.fail("down");
        PriceOracle oracle = oracle();
        CountDownLatch release = primary.block("SOL");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<PriceQuote>> results = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                results.add(pool.submit(() -> oracle.price("SOL")));
            }
            assertThat(primary.entered().await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(200);
            release.countDown();
            for (Future<PriceQuote> result : results) {
                assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(PriceUnavailableException.class)
                        .hasMessageContaining("no earlier price");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(primary.calls()).isEqualTo(1);
    }

    // ---- Logging ----
    @Test
    void aFailingSourceIsReportedOnceAndItsRecoveryOnce() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(PriceOracle.class);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        logger.addAppender(events);
        try {
            PriceOracle oracle = PriceOracle.builder(primary, clock).secondary(secondary)
                    .cacheTtl(Duration.ZERO).build();
            primary.fail("answered HTTP 500");
            for (int i = 0; i < 5; i++) {
                oracle.price("SOL");
            }
            primary.answer("SOL", "150");
            oracle.price("SOL");
            oracle.price("SOL");
        } finally {
            logger.detachAppender(events);
        }
        List<String> warnings = messagesAt(events, Level.WARN);
        assertThat(warnings).hasSize(1);
        assertThat(warnings.getFirst()).contains("primary", "SOL", "answered HTTP 500");
        assertThat(messagesAt(events, Level.DEBUG)).hasSize(4);
        assertThat(messagesAt(events, Level.INFO)).containsExactly("Price source primary answers for SOL again");
    }

    private static List<String> messagesAt(ListAppender<ILoggingEvent> events, Level level) {
        return events.list.stream()
                .filter(e -> e.getLevel() == level)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    // ---- Configuration ----
    @Test
    void rejectsInconsistentSettings() {
        assertThatThrownBy(() -> PriceOracle.builder(primary, clock).cacheTtl(Duration.ofSeconds(400)).build())
                .hasMessageContaining("maxAge");
        assertThatThrownBy(() -> PriceOracle.builder(primary, clock).cacheTtl(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("cacheTtl");
        assertThatThrownBy(() -> PriceOracle.builder(primary, clock).maxDeviationBps(-1).build())
                .hasMessageContaining("maxDeviationBps");
        assertThatThrownBy(() -> PriceOracle.builder(primary, clock).maxDeviationBps(10_001).build())
                .hasMessageContaining("maxDeviationBps");
        assertThatThrownBy(() -> PriceOracle.builder(primary, clock).secondary(primary).build())
                .hasMessageContaining("different source");
    }

    @Test
    void rejectsMalformedSymbolsBeforeAskingAnyone() {
        assertThatThrownBy(() -> oracle().price("S O L")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> oracle().price("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> oracle().price(null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(primary.calls()).isZero();
    }

    // ---- over the real HTTP sources, each talking to its own local server ----
    private PriceOracle oracle(LocalHttpServer gecko, LocalHttpServer coinbase) {
        Duration timeout = Duration.ofSeconds(5);
        return PriceOracle.builder(new CoinGeckoPriceSource(gecko.baseUrl(), timeout,
                        CoinGeckoPriceSource.DEFAULT_COIN_IDS, clock), clock)
                .secondary(new CoinbasePriceSource(coinbase.baseUrl(), timeout, clock))
                .build();
    }

    @Test
    void agreeingFeedsGiveThePrimaryPrice() throws Exception {
        try (LocalHttpServer gecko = new LocalHttpServer(); LocalHttpServer coinbase = new LocalHttpServer()) {
            gecko.respond(200, "{\"solana\":{\"usd\":150.25}}");
            coinbase.respond(200, "{\"data\":{\"amount\":\"150.10\",\"base\":\"SOL\",\"currency\":\"USD\"}}");
            PriceQuote quote = oracle(gecko, coinbase).price("SOL");
            assertThat(quote.source()).isEqualTo("coingecko");
            assertThat(quote.usdPerToken()).isEqualTo(new BigDecimal("150.25"));
        }
    }

    @Test
    void aFeedDownFailsOverAndDisagreementRefuses() throws Exception {
        try (LocalHttpServer gecko = new LocalHttpServer(); LocalHttpServer coinbase = new LocalHttpServer()) {
            gecko.respond(500, "{}");
            coinbase.respond(200, "{\"data\":{\"amount\":\"150.10\",\"base\":\"SOL\",\"currency\":\"USD\"}}");
            PriceOracle oracle = oracle(gecko, coinbase);
            assertThat(oracle.price("SOL").source()).isEqualTo("coinbase");

            clock.advance(Duration.ofSeconds(60));
            gecko.respond(200, "{\"solana\":{\"usd\":120}}");
            assertThatThrownBy(() -> oracle.price("SOL"))
                    .hasMessageContaining("coingecko 120 USD vs coinbase 150.10 USD");
        }
    }
}
