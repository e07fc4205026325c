package dev.tollgate.pricing;

import static dev.tollgate.pricing.PriceFeedAnswers.coinbaseSpot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CoinbasePriceSourceTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private LocalHttpServer server;
    private CoinbasePriceSource source;

    @BeforeEach
    void start() throws Exception {
        server = new LocalHttpServer();
        source = new CoinbasePriceSource(server.baseUrl(), Duration.ofSeconds(5), clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void readsTheSpotPrice() throws Exception {
        server.respond(200, coinbaseSpot("\"123.45\"", "SOL"));
        assertThat(source.fetch("sol"))
                .isEqualTo(new PriceQuote("SOL", new BigDecimal("123.45"), clock.instant(), "coinbase"));
        assertThat(server.requests().getFirst().uri().getPath()).isEqualTo("/v2/prices/SOL-USD/spot");
    }

    @Test
    void refusesAnAnswerForAnotherPair() {
        server.respond(200, coinbaseSpot("\"95000.00\"", "BTC"));
        assertThatThrownBy(() -> source.fetch("SOL")).hasMessageContaining("'BTC-USD' instead of SOL-USD");
        server.respond(200, "{\"data\":{\"amount\":\"123.45\"}}");
        assertThatThrownBy(() -> source.fetch("SOL")).hasMessageContaining("instead of SOL-USD");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"1e3\"   | exponent",
            "\"-5\"    | negative",
            "\"abc\"   | not a plain decimal",
            "\"\"      | missing or blank",
            "null      | no data.amount string",
            "123.45    | no data.amount string",
            "\"0\"     | non-positive",
            "\"0.000\" | non-positive"
    })
    void refusesUnusableAmounts(String amount, String reason) {
        server.respond(200, coinbaseSpot(amount, "SOL"));
        assertThatThrownBy(() -> source.fetch("SOL"))
                .isInstanceOf(PriceUnavailableException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void notFoundAndServerErrorsAreUnavailable() {
        server.respond(404, PriceFeedAnswers.COINBASE_NOT_FOUND);
        assertThatThrownBy(() -> source.fetch("SOL")).hasMessageContaining("coinbase answered HTTP 404");
        server.respond(503, "");
        assertThatThrownBy(() -> source.fetch("SOL")).hasMessageContaining("HTTP 503");
    }

    @Test
    void malformedJsonIsUnavailable() {
        server.respond(200, "<html>maintenance</html>");
        assertThatThrownBy(() -> source.fetch("SOL")).hasMessageContaining("malformed JSON");
    }

    @Test
    void slowServerTimesOut() {
        CoinbasePriceSource impatient = new CoinbasePriceSource(server.baseUrl(), Duration.ofMillis(300), clock);
        server.respond(200, coinbaseSpot("\"123.45\"", "SOL"));
        server.delayHeaders(Duration.ofSeconds(5));
        assertThatThrownBy(() -> impatient.fetch("SOL")).hasMessageContaining("coinbase timed out after 300 ms");
    }

    @Test
    void malformedSymbolsNeverReachTheUrl() {
        assertThatThrownBy(() -> source.fetch("SOL/../../admin")).isInstanceOf(IllegalArgumentException.class);
        assertThat(server.requests()).isEmpty();
    }
}
