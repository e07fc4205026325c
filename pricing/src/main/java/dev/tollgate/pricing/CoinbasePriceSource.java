package dev.tollgate.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Coinbase's public spot price: {@code GET {base}/v2/prices/<SYM>-USD/spot}, answer
 * {@code {"data":{"amount":"123.45","base":"SOL","currency":"USD"}}}. The amount is a decimal string and is
 * parsed strictly; an answer for another pair is refused.
 */
public final class CoinbasePriceSource implements PriceSource {

    public static final URI PUBLIC_BASE_URL = URI.create("https://api.coinbase.com");

    private final String baseUrl;
    private final Clock clock;
    private final JsonHttpGetter http;

    public CoinbasePriceSource(URI baseUrl, Duration timeout, Clock clock) {
        this.baseUrl = JsonHttpGetter.withoutTrailingSlash(Objects.requireNonNull(baseUrl, "baseUrl"));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = new JsonHttpGetter(name(), timeout);
    }

    @Override
    public String name() {
        return "coinbase";
    }

    @Override
    public PriceQuote fetch(String symbol) throws PriceUnavailableException {
        String key = Symbols.normalize(symbol);
        URI uri = URI.create(baseUrl + "/v2/prices/" + key + "-USD/spot");
        JsonNode data = http.get(uri, Map.of()).path("data");
        String pair = data.path("base").asText("") + "-" + data.path("currency").asText("");
        if (!pair.equals(key + "-USD")) {
            throw new PriceUnavailableException("coinbase answered for '" + pair + "' instead of " + key + "-USD (GET "
                    + uri + ")");
        }
        JsonNode amount = data.path("amount");
        if (!amount.isTextual()) {
            throw new PriceUnavailableException("coinbase answer for " + key + " has no data.amount string (GET "
                    + uri + ")");
        }
        BigDecimal price;
        try {
            price = Units.parsePlainDecimal(amount.textValue());
        } catch (IllegalArgumentException e) {
            throw new PriceUnavailableException("coinbase gave no usable " + key + " price: " + e.getMessage()
                    + " (GET " + uri + ")", e);
        }
        if (price.signum() <= 0) {
            throw new PriceUnavailableException("coinbase gave a non-positive " + key + " price "
                    + price.toPlainString() + " (GET " + uri + ")");
        }
        return new PriceQuote(key, price, clock.instant(), name());
    }
}
