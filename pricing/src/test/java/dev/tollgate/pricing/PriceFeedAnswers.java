package dev.tollgate.pricing;

/** The requests the HTTP price sources send and answers in the real feeds' shapes, for {@link LocalHttpServer}. */
final class PriceFeedAnswers {

    private PriceFeedAnswers() {
    }

    /** Coinbase's spot request target for {@code symbol} (upper case, as the source sends it). */
    static String coinbaseSpotTarget(String symbol) {
        return "/v2/prices/" + symbol + "-USD/spot";
    }

    /** A Coinbase spot answer; {@code amountJson} is raw JSON, so tests can send non-strings ({@code "\"1.5\""}). */
    static String coinbaseSpot(String amountJson, String base) {
        return "{\"data\":{\"amount\":" + amountJson + ",\"base\":\"" + base + "\",\"currency\":\"USD\"}}";
    }

    /** What Coinbase answers (HTTP 404) for a pair it does not list. */
    static final String COINBASE_NOT_FOUND =
            "{\"errors\":[{\"id\":\"not_found\",\"message\":\"Invalid base currency\"}]}";

    /** CoinGecko's simple-price request target for the coin {@code id}. */
    static String coinGeckoSimplePriceTarget(String id) {
        return "/api/v3/simple/price?ids=" + id + "&vs_currencies=usd";
    }

    /** A CoinGecko simple-price answer; {@code usdJson} is raw JSON (a number, normally). */
    static String coinGeckoSimplePrice(String id, String usdJson) {
        return "{\"" + id + "\":{\"usd\":" + usdJson + "}}";
    }
}
