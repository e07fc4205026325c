package dev.tollgate.billing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.pricing.PricingJson;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * The USD to reserve before a usage-priced handler runs: {@code min(ceiling, input_estimate + max_output ×
 * output rate)} where max_output is the request's {@code max_tokens} / {@code max_completion_tokens} /
 * {@code max_output_tokens} / {@code generationConfig.maxOutputTokens} and input_estimate = ⌈body bytes / 4⌉
 * tokens × input rate. Without a max-token field (or a JSON body) it is the ceiling; it is never zero.
 */
public final class RequestEstimate {

    private RequestEstimate() {
    }

    public static BigDecimal usd(EndpointRule rule, byte[] body) {
        BigDecimal ceiling = rule.ceilingUsd();
        Long maxOutput = body == null ? null : maxOutputTokens(body);
        if (maxOutput == null) {
            return UsagePricer.roundUp(ceiling);
        }
        long inputTokens = (body.length + 3L) / 4;
        BigDecimal estimate = UsagePricer.side(inputTokens, rule.inputUsdPerMillion())
                .add(UsagePricer.side(maxOutput, rule.outputUsdPerMillion()));
        if (estimate.signum() == 0 || estimate.compareTo(ceiling) > 0) {
            return UsagePricer.roundUp(ceiling);
        }
        return UsagePricer.roundUp(estimate);
    }

    /** The request's output-token limit, or null when it has none (or it is not a count). */
    static Long maxOutputTokens(byte[] body) {
        JsonNode tree;
        try {
            tree = PricingJson.mapper().readTree(body);
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
        if (tree == null || !tree.isObject()) {
            return null;
        }
        for (JsonNode field : new JsonNode[] {tree.get("max_tokens"), tree.get("max_completion_tokens"),
                tree.get("max_output_tokens"), tree.path("generationConfig").get("maxOutputTokens")}) {
            if (field != null && field.isIntegralNumber() && field.canConvertToLong() && field.longValue() >= 0) {
                return field.longValue();
            }
        }
        return null;
    }
}
