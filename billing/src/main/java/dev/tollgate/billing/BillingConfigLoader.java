package dev.tollgate.billing;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a {@link BillingConfig} from flat keys, as in a properties file or servlet init parameters:
 * <pre>
 * tollgate.billing.gateway-url, gateway-token, fee-bps, finality, max-response-bytes, gateway-timeout-millis,
 * public-url,
 * private-key-header.enabled, private-key-header.name,
 * endpoints[i].path|method|fixed-usd|input-usd-per-million|output-usd-per-million|ceiling-usd|description,
 * rails[i].network|asset|pay-to|fee-recipient
 * </pre>
 * The {@code tollgate.billing.} prefix is optional. Keys outside the prefix are ignored; unknown keys under it,
 * gaps in list indexes and values that do not parse are refused with a message naming the key.
 */
public final class BillingConfigLoader {

    public static final String PREFIX = "tollgate.billing.";

    private static final Pattern LIST_KEY = Pattern.compile("(endpoints|rails)\\[(\\d{1,3})]\\.([a-z-]+)");
    private static final Set<String> ENDPOINT_FIELDS = Set.of("path", "method", "fixed-usd",
            "input-usd-per-million", "output-usd-per-million", "ceiling-usd", "description");
    private static final Set<String> RAIL_FIELDS = Set.of("network", "asset", "pay-to", "fee-recipient");
    private static final Set<String> SCALARS = Set.of("gateway-url", "gateway-token", "fee-bps", "finality",
            "max-response-bytes", "gateway-timeout-millis", "public-url", "private-key-header.enabled",
            "private-key-header.name");

    private BillingConfigLoader() {
    }

    public static BillingConfig load(Map<String, String> keys) {
        Map<String, String> scalars = new TreeMap<>();
        Map<Integer, Map<String, String>> endpoints = new TreeMap<>();
        Map<Integer, Map<String, String>> rails = new TreeMap<>();
        boolean prefixed = keys.keySet().stream().anyMatch(k -> k.startsWith(PREFIX));
        for (Map.Entry<String, String> entry : keys.entrySet()) {
            String key = entry.getKey();
            if (prefixed) {
                if (!key.startsWith(PREFIX)) {
                    continue;
                }
                key = key.substring(PREFIX.length());
            }
            String value = entry.getValue() == null ? null : entry.getValue().strip();
            Matcher list = LIST_KEY.matcher(key);
            if (list.matches()) {
                boolean endpoint = list.group(1).equals("endpoints");
                String field = list.group(3);
                if (!(endpoint ? ENDPOINT_FIELDS : RAIL_FIELDS).contains(field)) {
                    throw new BillingConfigException("unknown key " + PREFIX + key);
                }
                (endpoint ? endpoints : rails).computeIfAbsent(Integer.parseInt(list.group(2)), i -> new TreeMap<>())
                        .put(field, value);
            } else if (SCALARS.contains(key)) {
                scalars.put(key, value);
            } else if (prefixed || key.startsWith("endpoints") || key.startsWith("rails")) {
                throw new BillingConfigException("unknown key " + PREFIX + key);
            }
        }
        String url = scalars.get("gateway-url");
        if (url == null || url.isEmpty()) {
            throw new BillingConfigException(PREFIX + "gateway-url is required");
        }
        String token = scalars.get("gateway-token");
        if (token == null || token.isEmpty()) {
            throw new BillingConfigException(PREFIX + "gateway-token is required");
        }
        PrivateKeyHeader header = new PrivateKeyHeader(
                bool("private-key-header.enabled", scalars.get("private-key-header.enabled")),
                blankToNull(scalars.get("private-key-header.name")));
        try {
            return new BillingConfig(uri(url), token, endpoints(endpoints), rails(rails),
                    integer("fee-bps", scalars.get("fee-bps"), BillingConfig.DEFAULT_FEE_BPS),
                    blankToNull(scalars.get("finality")), header,
                    integer("max-response-bytes", scalars.get("max-response-bytes"),
                            BillingConfig.DEFAULT_MAX_RESPONSE_BYTES),
                    integer("gateway-timeout-millis", scalars.get("gateway-timeout-millis"),
                            BillingConfig.DEFAULT_GATEWAY_TIMEOUT_MILLIS),
                    blankToNull(scalars.get("public-url")) == null ? null : uri(scalars.get("public-url")));
        } catch (BillingConfigException e) {
            throw e.getMessage().startsWith(PREFIX) ? e : new BillingConfigException(PREFIX + e.getMessage());
        }
    }

    private static List<EndpointRule> endpoints(Map<Integer, Map<String, String>> byIndex) {
        List<EndpointRule> rules = new ArrayList<>();
        for (Map<String, String> fields : inOrder("endpoints", byIndex)) {
            int i = rules.size();
            try {
                rules.add(new EndpointRule(fields.get("path"), blankToNull(fields.get("method")),
                        usd(fields.get("fixed-usd")), usd(fields.get("input-usd-per-million")),
                        usd(fields.get("output-usd-per-million")), usd(fields.get("ceiling-usd")),
                        blankToNull(fields.get("description"))));
            } catch (BillingConfigException e) {
                throw new BillingConfigException(PREFIX + "endpoints[" + i + "]: " + e.getMessage());
            }
        }
        return rules;
    }

    private static List<RailTerms> rails(Map<Integer, Map<String, String>> byIndex) {
        List<RailTerms> rails = new ArrayList<>();
        for (Map<String, String> fields : inOrder("rails", byIndex)) {
            int i = rails.size();
            try {
                rails.add(new RailTerms(fields.get("network"), fields.get("asset"), fields.get("pay-to"),
                        blankToNull(fields.get("fee-recipient"))));
            } catch (BillingConfigException e) {
                throw new BillingConfigException(PREFIX + "rails[" + i + "]: " + e.getMessage());
            }
        }
        return rails;
    }

    private static List<Map<String, String>> inOrder(String list, Map<Integer, Map<String, String>> byIndex) {
        List<Map<String, String>> ordered = new ArrayList<>();
        int expected = 0;
        for (Map.Entry<Integer, Map<String, String>> entry : byIndex.entrySet()) {
            if (entry.getKey() != expected) {
                throw new BillingConfigException(PREFIX + list + "[" + expected + "] is missing (indexes start at "
                        + "0 with no gaps)");
            }
            ordered.add(entry.getValue());
            expected++;
        }
        return ordered;
    }

    private static URI uri(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new BillingConfigException(PREFIX + "gateway-url / public-url is not a URL");
        }
    }

    /** Plain decimals only (no exponent, no sign other than none): what a person writes for a price. */
    private static BigDecimal usd(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.length() > 64 || !text.matches("[0-9]+(\\.[0-9]+)?")) {
            throw new BillingConfigException("'" + text + "' is not a plain decimal USD amount");
        }
        return new BigDecimal(text);
    }

    private static int integer(String key, String text, int fallback) {
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        if (!text.matches("[0-9]{1,10}")) {
            throw new BillingConfigException(PREFIX + key + " must be a whole number");
        }
        long value = Long.parseLong(text);
        if (value > Integer.MAX_VALUE) {
            throw new BillingConfigException(PREFIX + key + " is too large");
        }
        return (int) value;
    }

    private static boolean bool(String key, String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new BillingConfigException(PREFIX + key + " must be true or false");
        };
    }

    private static String blankToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
