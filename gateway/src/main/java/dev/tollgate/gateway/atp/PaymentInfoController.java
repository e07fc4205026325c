package dev.tollgate.gateway.atp;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.gateway.api.JsonBodies;
import dev.tollgate.gateway.config.PricingConfig;
import dev.tollgate.gateway.core.Quoter;
import dev.tollgate.gateway.rails.PaymentRails;
import dev.tollgate.gateway.rails.RailBinding;
import dev.tollgate.gateway.api.ApiException;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** ATP's {@code /v1/payment/info} (§1.4), plus the networks and their assets. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class PaymentInfoController {
    private final PaymentRails rails;
    private final Quoter quoter;
    private final PricingConfig pricing;
    private final JsonBodies json;

    PaymentInfoController(PaymentRails rails, Quoter quoter, PricingConfig pricing, JsonBodies json) {
        this.rails = rails;
        this.quoter = quoter;
        this.pricing = pricing;
        this.json = json;
    }

    @Get("/v1/payment/info")
    @Produces("application/json")
    public String info() {
        Set<String> tokens = new LinkedHashSet<>();
        rails.all().forEach(r -> tokens.addAll(r.rail().assets().keySet()));
        RailBinding solana = rails.resolve("solana").orElse(null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("supported_tokens", List.copyOf(tokens));
        body.put("settlement_fee_percent", quoter.feeBps().percent().stripTrailingZeros());
        body.put("fee_bps", quoter.feeBps().value());
        body.put("swarms_treasury", solana == null ? null : solana.feeTreasury());
        Map<String, Object> agentPricing = new LinkedHashMap<>();
        agentPricing.put("input_cost_per_million_usd", decimal(pricing.inputCostPerMillionUsd()));
        agentPricing.put("output_cost_per_million_usd", decimal(pricing.outputCostPerMillionUsd()));
        agentPricing.put("enabled", agentPricing.get("input_cost_per_million_usd") != null
                || agentPricing.get("output_cost_per_million_usd") != null);
        body.put("agent_pricing", agentPricing);
        ChainAsset usdc = solana == null ? null : solana.asset("USDC").orElse(null);
        body.put("usdc_mint_address", usdc == null ? null : usdc.address());
        body.put("usdc_decimals", 6);
        body.put("sol_decimals", 9);
        Map<String, Object> prices = new LinkedHashMap<>();
        for (String token : tokens) {
            try {
                prices.put(token, quoter.price(token).usdPerToken().stripTrailingZeros());
            } catch (ApiException unavailable) {
                prices.put(token, null); // shown as unknown rather than failing the whole page
            }
        }
        body.put("current_prices", prices);
        List<Map<String, Object>> networks = new ArrayList<>();
        for (RailBinding r : rails.all()) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("network", r.rail().network().value());
            n.put("alias", r.alias());
            n.put("assets", r.rail().assets().values().stream().map(a -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("symbol", a.symbol());
                m.put("decimals", a.decimals());
                m.put("address", a.address());
                return m;
            }).toList());
            n.put("agent_treasury", r.agentTreasury());
            n.put("fee_treasury", r.feeTreasury());
            networks.add(n);
        }
        body.put("networks", networks);
        return json.write(body);
    }

    private static BigDecimal decimal(String text) {
        return text == null || text.isBlank() ? null : new BigDecimal(text.trim());
    }
}
