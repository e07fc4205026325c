package dev.tollgate.billing;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * One billed endpoint: a path (exact, or a pattern with {@code *} = one segment and {@code **} = any number of
 * segments), an optional HTTP method, and its price: either {@code fixedUsd}, or per-million input/output rates
 * with a {@code ceilingUsd} (the most one request can cost, what the client authorises).
 *
 * @param path                 the path or pattern, starting with {@code /}
 * @param method               the HTTP method (upper case), or null for any
 * @param fixedUsd             the price of one request (fixed mode), else null
 * @param inputUsdPerMillion   USD per million input tokens (usage mode; null = input not charged)
 * @param outputUsdPerMillion  USD per million output tokens (usage mode; null = output not charged)
 * @param ceilingUsd           the most one request can cost (usage mode), else null
 * @param description          what the resource is (shown to clients in the 402), may be null
 */
public record EndpointRule(String path, String method, BigDecimal fixedUsd, BigDecimal inputUsdPerMillion,
                           BigDecimal outputUsdPerMillion, BigDecimal ceilingUsd, String description) {

    public EndpointRule {
        Require.text("path", path, 512);
        if (!path.startsWith("/")) {
            throw new BillingConfigException("path must start with /: " + path);
        }
        PathMatcher.compile(path);
        if (method != null) {
            method = Require.text("method", method, 16).toUpperCase(Locale.ROOT);
            if (!method.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
                throw new BillingConfigException("method must be letters only: " + method);
            }
        }
        if (description != null) {
            Require.text("description", description, 512);
        }
        Require.usd("fixed-usd", fixedUsd, false);
        Require.usd("input-usd-per-million", inputUsdPerMillion, true);
        Require.usd("output-usd-per-million", outputUsdPerMillion, true);
        Require.usd("ceiling-usd", ceilingUsd, false);
        boolean usage = inputUsdPerMillion != null || outputUsdPerMillion != null || ceilingUsd != null;
        if (fixedUsd != null && usage) {
            throw new BillingConfigException("endpoint " + path
                    + ": set either fixed-usd or the per-million rates with ceiling-usd, not both");
        }
        if (fixedUsd == null && !usage) {
            throw new BillingConfigException("endpoint " + path
                    + ": a price is required (fixed-usd, or input/output-usd-per-million with ceiling-usd)");
        }
        if (usage && (ceilingUsd == null || (inputUsdPerMillion == null && outputUsdPerMillion == null))) {
            throw new BillingConfigException("endpoint " + path
                    + ": usage pricing needs ceiling-usd and at least one of input/output-usd-per-million");
        }
    }

    public static EndpointRule fixed(String path, String method, BigDecimal usd) {
        return new EndpointRule(path, method, usd, null, null, null, null);
    }

    public static EndpointRule perMillion(String path, String method, BigDecimal inputUsdPerMillion,
                                          BigDecimal outputUsdPerMillion, BigDecimal ceilingUsd) {
        return new EndpointRule(path, method, null, inputUsdPerMillion, outputUsdPerMillion, ceilingUsd, null);
    }

    public EndpointRule withDescription(String text) {
        return new EndpointRule(path, method, fixedUsd, inputUsdPerMillion, outputUsdPerMillion, ceilingUsd, text);
    }

    /** True when the price depends on the usage the handler reports. */
    public boolean usagePriced() {
        return fixedUsd == null;
    }
}
