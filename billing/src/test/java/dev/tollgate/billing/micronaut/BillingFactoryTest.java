package dev.tollgate.billing.micronaut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.billing.BillingConfig;
import dev.tollgate.billing.BillingEngine;
import dev.tollgate.billing.EndpointRule;
import dev.tollgate.billing.RailTerms;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Micronaut beans: absent without a gateway URL; built from YAML-shaped (nested, listed) configuration. */
class BillingFactoryTest {

    @Test
    void noGatewayUrlNoFilter() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("billing-test.host", "none"))) {
            assertThat(context.containsBean(BillingEngine.class)).isFalse();
            assertThat(context.containsBean(MicronautBillingFilter.class)).isFalse();
        }
    }

    @Test
    void yamlShapedConfiguration() {
        Map<String, Object> yaml = Map.of("tollgate", Map.of("billing", Map.of(
                "gateway-url", "http://127.0.0.1:8080",
                "gateway-token", "t0ken",
                "fee-bps", 250,
                "private-key-header", Map.of("enabled", true),
                "endpoints", List.of(
                        Map.of("path", "/v1/chat/completions", "method", "POST", "input-usd-per-million", "2.5",
                                "output-usd-per-million", 10, "ceiling-usd", "0.05"),
                        Map.of("path", "/v1/quote", "fixed-usd", "0.01")),
                "rails", List.of(Map.of("network", "polygon-local", "asset", "USDC", "pay-to", "0xabc",
                        "fee-recipient", "0xdef")))));
        try (ApplicationContext context = ApplicationContext.builder()
                .propertySources(PropertySource.of("yaml-like", yaml)).start()) {
            BillingConfig config = context.getBean(BillingConfig.class);
            assertThat(config.endpoints()).containsExactly(
                    EndpointRule.perMillion("/v1/chat/completions", "POST", new BigDecimal("2.5"),
                            new BigDecimal("10"), new BigDecimal("0.05")),
                    EndpointRule.fixed("/v1/quote", null, new BigDecimal("0.01")));
            assertThat(config.rails()).containsExactly(new RailTerms("polygon-local", "USDC", "0xabc", "0xdef"));
            assertThat(config.feeBps()).isEqualTo(250);
            assertThat(config.privateKeyHeader().enabled()).isTrue();
            assertThat(context.containsBean(BillingEngine.class)).isTrue();
        }
    }

    @Test
    void invalidConfigurationFailsStartupWithTheKey() {
        Map<String, Object> keys = Map.of("tollgate.billing.gateway-url", "http://127.0.0.1:8080",
                "tollgate.billing.gateway-token", "t", "tollgate.billing.endpoints[0].path", "/x",
                "tollgate.billing.rails[0].network", "n", "tollgate.billing.rails[0].asset", "USDC",
                "tollgate.billing.rails[0].pay-to", "0xabc");
        try (ApplicationContext context = ApplicationContext.run(keys)) {
            assertThatThrownBy(() -> context.getBean(BillingConfig.class)).hasStackTraceContaining(
                    "tollgate.billing.endpoints[0]: endpoint /x: a price is required");
        }
    }
}
