package dev.tollgate.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * CoinGecko's simple price endpoint: {@code GET {base}/api/v3/simple/price?ids=<id>&vs_currencies=usd}, answer
 * {@code {"<id>":{"usd":<number>}}}. The number is read from the JSON text as an exact decimal.
 */
public final class CoinGeckoPriceSource implements PriceSource {

    public static final URI PUBLIC_BASE_URL = URI.create("https://api.coingecko.com");

    /** CoinGecko's ids for the tokens Tollgate settles in. */
    public static final Map<String, String> DEFAULT_COIN_IDS = Map.of(
            "SOL", "solana",
            "POL", "polygon-ecosystem-token");

    static final String API_KEY_HEADER = "x-cg-demo-api-key";

    private static final Pattern COIN_ID = Pattern.compile("[a-z0-9-]{1,100}");

    private final String baseUrl;
    private final Map<String, String> coinIds;
    private final Clock clock;
    private final Map<String, String> headers;
    private final JsonHttpGetter http;

    public CoinGeckoPriceSource(URI baseUrl, Duration timeout, Map<String, String> coinIds, Clock clock) {
        this(baseUrl, timeout, coinIds, clock, null);
    }

    /** @param demoApiKey sent as {@value #API_KEY_HEADER} when not null or blank */
    public CoinGeckoPriceSource(URI baseUrl, Duration timeout, Map<String, String> coinIds, Clock clock,
                                String demoApiKey) {
        this.baseUrl = JsonHttpGetter.withoutTrailingSlash(Objects.requireNonNull(baseUrl, "baseUrl"));
        this.clock = Objects.requireNonNull(clock, "clock");
        Map<String, String> ids = new HashMap<>();
        coinIds.forEach((symbol, id) -> {
            if (id == null || !COIN_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("CoinGecko coin id for " + symbol + " must be lower-case letters,"
                        + " digits and '-', got '" + id + "'");
            }
            ids.put(Symbols.normalize(symbol), id);
        });
        this.coinIds = Map.copyOf(ids);
        this.headers = demoApiKey == null || demoApiKey.isBlank() ? Map.of() : Map.of(API_KEY_HEADER, demoApiKey);
        this.http = new JsonHttpGetter(name(), timeout);
    }

    @Override
    public String name() {
        return "coingecko";
    }

    @Override
    public PriceQuote fetch(String symbol) throws PriceUnavailableException {
        String key = Symbols.normalize(symbol);
        String id = coinIds.get(key);
        if (id == null) {
            throw new PriceUnavailableException("coingecko has no coin id configured for " + key);
        }
        URI uri = URI.create(baseUrl + "/api/v3/simple/price?ids=" + id + "&vs_currencies=usd");
        JsonNode usd = http.get(uri, headers).path(id).path("usd");
        if (!usd.isNumber()) {
            throw new PriceUnavailableException("coingecko answer for " + key + " has no numeric " + id + ".usd (GET "
                    + uri + ")");
        }
        BigDecimal price = usd.decimalValue();
        if (price.signum() <= 0) {
            throw new PriceUnavailableException("coingecko gave a non-positive " + key + " price "
                    + price.toPlainString() + " (GET " + uri + ")");
        }
        return new PriceQuote(key, price, clock.instant(), name());
    }
}
