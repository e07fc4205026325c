package dev.tollgate.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.pricing.Usage;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PricingAndEstimateTest {

    private static final EndpointRule CHAT = EndpointRule.perMillion("/v1/chat", "POST", new BigDecimal("2.5"),
            new BigDecimal("10"), new BigDecimal("0.05"));

    private static BigDecimal estimate(EndpointRule rule, String body) {
        return RequestEstimate.usd(rule, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void usagePriceIsExact() {
        // 1000 × 2.5 / 1e6 + 500 × 10 / 1e6 = 0.0025 + 0.005
        assertThat(UsagePricer.usd(CHAT, new Usage(1000L, 500L, 1500L, null))).isEqualByComparingTo("0.0075");
        assertThat(UsagePricer.usd(CHAT, new Usage(1000L, 500L, 1500L, null)).toPlainString()).isEqualTo("0.0075");
        assertThat(UsagePricer.usd(CHAT, new Usage(null, 3L, 3L, null))).isEqualByComparingTo("0.00003");
    }

    @Test
    void usagePriceRoundsUpAtEighteenDigits() {
        EndpointRule odd = EndpointRule.perMillion("/x", null, new BigDecimal("0.000000000001"), null,
                new BigDecimal("1"));
        // 1 × 1e-12 / 1e6 = 1e-18 exactly
        assertThat(UsagePricer.usd(odd, new Usage(1L, null, 1L, null)).toPlainString())
                .isEqualTo("0.000000000000000001");
        EndpointRule third = EndpointRule.perMillion("/x", null, new BigDecimal("0.0000000000013"), null,
                new BigDecimal("1"));
        // 1 × 1.3e-12 / 1e6 = 1.3e-18 → rounded UP to 2e-18, never down
        assertThat(UsagePricer.usd(third, new Usage(1L, null, 1L, null)).toPlainString())
                .isEqualTo("0.000000000000000002");
    }

    @Test
    void noCountsMeansTotalCostOrNothing() {
        assertThat(UsagePricer.usd(CHAT, new Usage(null, null, 40L, null))).isNull();
        assertThat(UsagePricer.usd(CHAT, Usage.EMPTY)).isNull();
        assertThat(UsagePricer.usd(CHAT, new Usage(null, null, null, new BigDecimal("0.02"))))
                .isEqualByComparingTo("0.02");
        assertThat(UsagePricer.usd(CHAT, new Usage(0L, 0L, 0L, null))).isEqualByComparingTo("0");
    }

    @Test
    void estimateFromMaxTokens() {
        // 38 bytes → ⌈38/4⌉ = 10 input tokens × 2.5/1e6 = 0.000025; 100 output × 10/1e6 = 0.001
        String body = "{\"max_tokens\":100,\"messages\":[\"aaaa\"]}";
        assertThat(body.length()).isEqualTo(38);
        assertThat(estimate(CHAT, body)).isEqualByComparingTo("0.001025");
    }

    @Test
    void estimateFieldsOfEveryProvider() {
        // 30 bytes → 8 input tokens (0.00002) + 1000 output tokens (0.01)
        assertThat(estimate(CHAT, "{\"max_completion_tokens\":1000}")).isEqualByComparingTo("0.01002");
        // 26 bytes → 7 input tokens (0.0000175)
        assertThat(estimate(CHAT, "{\"max_output_tokens\":1000}")).isEqualByComparingTo("0.0100175");
        // 45 bytes → 12 input tokens (0.00003)
        assertThat(estimate(CHAT, "{\"generationConfig\":{\"maxOutputTokens\":1000}}"))
                .isEqualByComparingTo("0.01003");
    }

    @Test
    void estimateIsCappedAtTheCeilingAndFallsBackToIt() {
        assertThat(estimate(CHAT, "{\"max_tokens\":100000000}")).isEqualByComparingTo("0.05");
        assertThat(estimate(CHAT, "{\"messages\":[]}")).isEqualByComparingTo("0.05");
        assertThat(estimate(CHAT, "not json")).isEqualByComparingTo("0.05");
        assertThat(estimate(CHAT, null)).isEqualByComparingTo("0.05");
        assertThat(estimate(CHAT, "{\"max_tokens\":\"100\"}")).as("not a count").isEqualByComparingTo("0.05");
        assertThat(estimate(CHAT, "{\"max_tokens\":-1}")).isEqualByComparingTo("0.05");
        EndpointRule outputOnly = EndpointRule.perMillion("/x", null, null, new BigDecimal("10"),
                new BigDecimal("0.05"));
        assertThat(estimate(outputOnly, "{\"max_tokens\":0}")).as("never zero").isEqualByComparingTo("0.05");
    }
}
