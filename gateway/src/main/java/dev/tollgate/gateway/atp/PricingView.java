package dev.tollgate.gateway.atp;

import dev.tollgate.pricing.UsdQuote;
import java.util.LinkedHashMap;
import java.util.Map;

/** ATP's {@code pricing} object, keys in ATP's order. */
public final class PricingView {
    private PricingView() {
    }

    public static Map<String, Object> of(UsdQuote q) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("usd_cost", q.usdCost().stripTrailingZeros());
        p.put("source", q.source());
        p.put("input_tokens", q.inputTokens());
        p.put("output_tokens", q.outputTokens());
        p.put("total_tokens", q.totalTokens());
        p.put("input_cost_per_million_usd", q.inputCostPerMillionUsd());
        p.put("output_cost_per_million_usd", q.outputCostPerMillionUsd());
        if (UsdQuote.SOURCE_PER_MILLION_RATES.equals(q.source())) {
            p.put("input_cost_usd", q.inputCostUsd().stripTrailingZeros());
            p.put("output_cost_usd", q.outputCostUsd().stripTrailingZeros());
        }
        return p;
    }
}
