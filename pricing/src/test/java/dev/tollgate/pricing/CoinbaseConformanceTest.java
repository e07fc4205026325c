package dev.tollgate.pricing;

import java.math.BigDecimal;
import java.net.URI;
import java.util.Locale;

/** {@link CoinbasePriceSource} against a local server that answers like Coinbase's spot-price endpoint. */
class CoinbaseConformanceTest extends PriceSourceConformance {

    @Override
    protected PriceSource sourceQuoting(String symbol, BigDecimal usd) throws Exception {
        String pair = symbol.toUpperCase(Locale.ROOT);
        LocalHttpServer server = closeAfterTest(new LocalHttpServer());
        server.respond(404, PriceFeedAnswers.COINBASE_NOT_FOUND);
        server.respondTo(PriceFeedAnswers.coinbaseSpotTarget(pair), 200,
                PriceFeedAnswers.coinbaseSpot("\"" + usd.toPlainString() + "\"", pair));
        return new CoinbasePriceSource(server.baseUrl(), HTTP_TIMEOUT, clock);
    }

    /** Nothing listening: the port of a server that has been stopped. */
    @Override
    protected PriceSource unavailableSource() throws Exception {
        URI base;
        try (LocalHttpServer stopped = new LocalHttpServer()) {
            base = stopped.baseUrl();
        }
        return new CoinbasePriceSource(base, HTTP_TIMEOUT, clock);
    }
}
