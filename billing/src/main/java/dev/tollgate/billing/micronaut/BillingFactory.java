package dev.tollgate.billing.micronaut;

import dev.tollgate.billing.BillingConfig;
import dev.tollgate.billing.BillingConfigLoader;
import dev.tollgate.billing.BillingEngine;
import dev.tollgate.billing.BillingGateway;
import dev.tollgate.billing.HttpBillingGateway;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.core.type.Argument;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The billing beans of a Micronaut host, from its {@code tollgate.billing.*} configuration (YAML, properties or
 * environment variables such as {@code TOLLGATE_BILLING_GATEWAY_URL}), validated by {@link BillingConfigLoader}.
 * Present only when {@code tollgate.billing.gateway-url} is set. A host (or a test) may supply its own
 * {@link BillingGateway} bean.
 */
@Factory
@Requires(property = BillingFactory.GATEWAY_URL)
public class BillingFactory {

    public static final String GATEWAY_URL = "tollgate.billing.gateway-url";

    private static final String PREFIX = "tollgate.billing.";
    private static final List<String> SCALARS = List.of("gateway-url", "gateway-token", "fee-bps", "finality",
            "max-response-bytes", "gateway-timeout-millis", "public-url", "private-key-header.enabled",
            "private-key-header.name");

    @Singleton
    public BillingConfig billingConfig(Environment environment) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String scalar : SCALARS) {
            environment.getProperty(PREFIX + scalar, String.class).ifPresent(value -> keys.put(PREFIX + scalar, value));
        }
        list(environment, "endpoints", keys);
        list(environment, "rails", keys);
        return BillingConfigLoader.load(keys);
    }

    @Singleton
    @Requires(missingBeans = BillingGateway.class)
    public BillingGateway billingGateway(BillingConfig config) {
        return HttpBillingGateway.of(config);
    }

    @Singleton
    public BillingEngine billingEngine(BillingConfig config, BillingGateway gateway) {
        return new BillingEngine(config, gateway);
    }

    private static void list(Environment environment, String name, Map<String, String> keys) {
        Optional<List<Map<String, Object>>> entries = environment.getProperty(PREFIX + name,
                Argument.listOf(Argument.mapOf(String.class, Object.class)));
        List<Map<String, Object>> list = entries.orElse(List.of());
        for (int i = 0; i < list.size(); i++) {
            flatten(PREFIX + name + "[" + i + "].", list.get(i), keys);
        }
    }

    /** Nested maps ({@code private-key-header: {enabled: …}} style) become dotted keys; camelCase becomes kebab. */
    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> map, Map<String, String> keys) {
        for (Map.Entry<String, Object> entry : map.entrySet()) {
            String key = prefix + kebab(entry.getKey());
            if (entry.getValue() instanceof Map<?, ?> nested) {
                flatten(key + ".", (Map<String, Object>) nested, keys);
            } else if (entry.getValue() != null) {
                keys.put(key, entry.getValue().toString());
            }
        }
    }

    private static String kebab(String key) {
        StringBuilder out = new StringBuilder();
        for (char c : key.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('-').append(Character.toLowerCase(c));
            } else {
                out.append(c == '_' ? '-' : c);
            }
        }
        return out.toString();
    }
}
