package dev.tollgate.gateway.atp;

import dev.tollgate.gateway.api.ApiException;
import dev.tollgate.gateway.api.JsonBodies;
import dev.tollgate.gateway.core.Quoter;
import dev.tollgate.gateway.rails.PaymentRails;
import dev.tollgate.pricing.PriceQuote;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** ATP's price endpoints (§1.4). */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class PriceController {
    private final Quoter quoter;
    private final PaymentRails rails;
    private final JsonBodies json;

    PriceController(Quoter quoter, PaymentRails rails, JsonBodies json) {
        this.quoter = quoter;
        this.rails = rails;
        this.json = json;
    }

    @Get("/v1/token/price/{token}")
    @Produces("application/json")
    public String tokenPrice(@PathVariable String token) {
        String symbol = token.toUpperCase(Locale.ROOT);
        TreeSet<String> supported = new TreeSet<>();
        rails.all().forEach(r -> supported.addAll(r.rail().assets().keySet()));
        if (!supported.contains(symbol)) {
            throw ApiException.badRequest("unsupported_token", "Unsupported token: " + token + ". Supported tokens: "
                    + supported.stream().map(s -> "'" + s + "'").toList());
        }
        PriceQuote quote = quoter.price(symbol);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", symbol);
        body.put("price_usd", quote.usdPerToken().stripTrailingZeros());
        body.put("source", quote.source());
        body.put("mint_address", "USDC".equals(symbol) ? usdcMint() : null);
        body.put("observed_at", quote.observedAt().toString());
        return json.write(body);
    }

    @Get("/v1/sol/price")
    @Produces("application/json")
    public String solPrice() {
        PriceQuote quote = quoter.price("SOL");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("currency", "SOL");
        body.put("price_usd", quote.usdPerToken().stripTrailingZeros());
        body.put("source", quote.source());
        return json.write(body);
    }

    private String usdcMint() {
        return rails.resolve("solana").flatMap(r -> r.asset("USDC")).map(a -> a.address()).orElse(null);
    }
}
