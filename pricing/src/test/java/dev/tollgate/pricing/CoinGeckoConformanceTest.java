package dev.tollgate.pricing;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/** {@link CoinGeckoPriceSource} against a local server that answers like CoinGecko's simple-price endpoint. */
class CoinGeckoConformanceTest extends PriceSourceConformance {

    @Override
    protected PriceSource sourceQuoting(String symbol, BigDecimal usd) throws Exception {
        String id = symbol.toLowerCase(Locale.ROOT) + "-coin";
        LocalHttpServer server = closeAfterTest(new LocalHttpServer());
        server.respond(200, "{}"); // what CoinGecko answers for ids it does not know
        server.respondTo(PriceFeedAnswers.coinGeckoSimplePriceTarget(id), 200,
                PriceFeedAnswers.coinGeckoSimplePrice(id, usd.toPlainString()));
        return new CoinGeckoPriceSource(server.baseUrl(), HTTP_TIMEOUT, Map.of(symbol, id), clock);
    }

    @Override
    protected PriceSource unavailableSource() throws Exception {
        LocalHttpServer server = closeAfterTest(new LocalHttpServer());
        server.respond(500, "{\"error\":\"internal server error\"}");
        return new CoinGeckoPriceSource(server.baseUrl(), HTTP_TIMEOUT, Map.of(supportedQuote().symbol(), "solana"),
                clock);
    }
}
