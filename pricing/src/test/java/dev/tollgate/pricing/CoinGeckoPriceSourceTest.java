package dev.tollgate.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CoinGeckoPriceSourceTest {

    /** Generous, so a cold JVM on a busy machine does not turn an ordinary answer into a timeout. */
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SHORT_TIMEOUT = Duration.ofMillis(300);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private LocalHttpServer server;
    private CoinGeckoPriceSource source;

    @BeforeEach
    void start() throws Exception {
        server = new LocalHttpServer();
        source = new CoinGeckoPriceSource(server.baseUrl(), TIMEOUT, CoinGeckoPriceSource.DEFAULT_COIN_IDS, clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void readsThePriceFromSimplePrice() throws Exception {
        server.respond(200, PriceFeedAnswers.coinGeckoSimplePrice("solana", "152.37"));
        PriceQuote quote = source.fetch("sol");
        assertThat(quote).isEqualTo(new PriceQuote("SOL", new BigDecimal("152.37"), clock.instant(), "coingecko"));
        LocalHttpServer.Request request = server.requests().getFirst();
        assertThat(request.uri().getPath()).isEqualTo("/api/v3/simple/price");
        assertThat(request.uri().getQuery()).isEqualTo("ids=solana&vs_currencies=usd");
        assertThat(request.headers().containsKey(CoinGeckoPriceSource.API_KEY_HEADER)).isFalse();
    }

    @Test
    void keepsEveryDigitOfTheJsonNumber() throws Exception {
        // 0.1 as a double would be 0.1000000000000000055511151231257827…; this text must survive as written.
        server.respond(200, "{\"solana\":{\"usd\":0.12345678901234567890123}}");
        assertThat(source.fetch("SOL").usdPerToken()).isEqualTo(new BigDecimal("0.12345678901234567890123"));
    }

    @Test
    void usesTheIdOfEachSymbol() throws Exception {
        server.respond(200, "{\"polygon-ecosystem-token\":{\"usd\":0.25}}");
        assertThat(source.fetch("POL").usdPerToken()).isEqualTo(new BigDecimal("0.25"));
        assertThat(server.requests().getFirst().uri().getQuery()).startsWith("ids=polygon-ecosystem-token&");
    }

    @Test
    void sendsTheDemoApiKeyWhenConfigured() throws Exception {
        CoinGeckoPriceSource keyed = new CoinGeckoPriceSource(server.baseUrl(), TIMEOUT,
                CoinGeckoPriceSource.DEFAULT_COIN_IDS, clock, "demo-key-123");
        server.respond(200, "{\"solana\":{\"usd\":150}}");
        keyed.fetch("SOL");
        assertThat(server.requests().getFirst().headers().getFirst(CoinGeckoPriceSource.API_KEY_HEADER))
                .isEqualTo("demo-key-123");
    }

    @Test
    void keepsAPathPrefixInTheBaseUrl() throws Exception {
        CoinGeckoPriceSource proxied = new CoinGeckoPriceSource(URI.create(server.baseUrl() + "/cg/"), TIMEOUT,
                CoinGeckoPriceSource.DEFAULT_COIN_IDS, clock);
        server.respond(200, "{\"solana\":{\"usd\":150}}");
        proxied.fetch("SOL");
        assertThat(server.requests().getFirst().uri().getPath()).isEqualTo("/cg/api/v3/simple/price");
    }

    @Test
    void unknownSymbolFailsWithoutCallingOut() {
        assertThatThrownBy(() -> source.fetch("DOGE"))
                .isInstanceOf(PriceUnavailableException.class)
                .hasMessageContaining("no coin id configured for DOGE");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void serverErrorIsUnavailable() {
        server.respond(500, "{\"error\":\"boom\"}");
        assertThatThrownBy(() -> source.fetch("SOL"))
                .isInstanceOf(PriceUnavailableException.class)
                .hasMessageContaining("coingecko answered HTTP 500");
    }

    @Test
    void rateLimitAndRedirectsAreUnavailable() {
        server.respond(429, "{\"status\":{\"error_code\":429}}");
        assertThatThrownBy(() -> source.fetch("SOL")).hasMessageContaining("HTTP 429");
        server.respond(302, "");
        assertThatThrownBy(() -> source.fetch("SOL")).hasMessageContaining("HTTP 302");
    }

    @Test
    void malformedJsonIsUnavailable() {
        server.respond(200, "{\"solana\":{\"usd\":15");
        assertThatThrownBy(() -> source.fetch("SOL")).hasMessageContaining("malformed JSON");
    }

    @Test
    void duplicateKeysAreMalformed() {
        server.respond(200, "{\"solana\":{\"usd\":1,\"usd\":150}}");
        assertThatThrownBy(() -> source.fetch("SOL")).hasMessageContaining("malformed JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"solana\":{}}", "{\"solana\":{\"eur\":140}}", "{\"solana\":{\"usd\":\"150\"}}",
            "{\"solana\":{\"usd\":null}}", "{\"solana\":{\"usd\":true}}", "[]", "\"150\""})
    void missingOrNonNumericPriceIsUnavailable(String body) {
        server.respond(200, body);
        assertThatThrownBy(() -> source.fetch("SOL"))
                .isInstanceOf(PriceUnavailableException.class)
                .hasMessageContaining("no numeric solana.usd");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.0", "-150"})
    void nonPositivePriceIsUnavailable(String price) {
        server.respond(200, "{\"solana\":{\"usd\":" + price + "}}");
        assertThatThrownBy(() -> source.fetch("SOL")).hasMessageContaining("non-positive");
    }

    @Test
    void slowServerTimesOut() {
        CoinGeckoPriceSource impatient = new CoinGeckoPriceSource(server.baseUrl(), SHORT_TIMEOUT,
                CoinGeckoPriceSource.DEFAULT_COIN_IDS, clock);
        server.respond(200, "{\"solana\":{\"usd\":150}}");
        server.delayHeaders(Duration.ofSeconds(5));
        long started = System.nanoTime();
        assertThatThrownBy(() -> impatient.fetch("SOL"))
                .isInstanceOf(PriceUnavailableException.class)
                .hasMessageContaining("timed out after 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aBodyThatStallsAfterTheHeadersTimesOutToo() {
        CoinGeckoPriceSource impatient = new CoinGeckoPriceSource(server.baseUrl(), SHORT_TIMEOUT,
                CoinGeckoPriceSource.DEFAULT_COIN_IDS, clock);
        server.respond(200, "{\"solana\":{\"usd\":150}}");
        server.stallMidBody(Duration.ofSeconds(5));
        long started = System.nanoTime();
        assertThatThrownBy(() -> impatient.fetch("SOL")).hasMessageContaining("timed out after 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void oversizedBodyIsRefused() {
        server.respond(200, "{\"solana\":{\"usd\":150},\"pad\":\"" + "x".repeat(JsonHttpGetter.MAX_BODY_BYTES) + "\"}");
        assertThatThrownBy(() -> source.fetch("SOL")).hasMessageContaining("larger than");
    }

    @Test
    void nothingListeningIsUnavailable() {
        int port = server.baseUrl().getPort();
        server.close();
        CoinGeckoPriceSource down = new CoinGeckoPriceSource(URI.create("http://127.0.0.1:" + port), TIMEOUT,
                CoinGeckoPriceSource.DEFAULT_COIN_IDS, clock);
        assertThatThrownBy(() -> down.fetch("SOL"))
                .isInstanceOf(PriceUnavailableException.class)
                .hasMessageContaining("coingecko");
    }

    @Test
    void rejectsBadConfiguration() {
        URI base = server.baseUrl();
        assertThatThrownBy(() -> new CoinGeckoPriceSource(base, TIMEOUT, Map.of("SOL", "so lana"), clock))
                .hasMessageContaining("coin id");
        assertThatThrownBy(() -> new CoinGeckoPriceSource(base, Duration.ZERO, Map.of(), clock))
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> new CoinGeckoPriceSource(base, Duration.ofMinutes(5), Map.of(), clock))
                .hasMessageContaining("timeout");
    }
}
