package dev.tollgate.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class UsdPricingTest {

    private static final BigDecimal TEN = new BigDecimal("10");
    private static final BigDecimal THIRTY = new BigDecimal("30");
    private static final UsdPricing RATES = new UsdPricing(TEN, THIRTY, UsdPricing.ATP_DEFAULT_USD);

    @Test
    void atpWorkedExampleFromUsageToTheFeeSplit() {
        UsdQuote quote = RATES.quote(Usage.ofTokens(150L, 50L));
        assertThat(quote.source()).isEqualTo("per_million_rates");
        assertThat(quote.inputCostUsd()).isEqualByComparingTo("0.0015");
        assertThat(quote.outputCostUsd()).isEqualByComparingTo("0.0015");
        assertThat(quote.usdCost()).isEqualTo(new BigDecimal("0.003000000000"));
        assertThat(quote.totalTokens()).isEqualTo(200L);

        BigInteger lamports = TokenConverter.usdToUnits(quote.usdCost(), new BigDecimal("150"), 9);
        assertThat(lamports).isEqualTo(20_000);
        FeeSplit split = FeeSplit.of(lamports, FeeBps.fromPercentFraction("0.05"));
        assertThat(split.fee()).isEqualTo(1_000);
        assertThat(split.net()).isEqualTo(19_000);
    }

    @Test
    void quoteCarriesTheRatesAndCountsForTheChallenge() {
        UsdQuote quote = RATES.quote(new Usage(150L, 50L, 210L, null));
        assertThat(quote).isEqualTo(new UsdQuote(new BigDecimal("0.003000000000"), "per_million_rates", 150L, 50L,
                210L, TEN, THIRTY, new BigDecimal("0.001500000000"), new BigDecimal("0.001500000000")));
    }

    @Test
    void oneSideCountedIsEnoughAndTheOtherCountsAsZero() {
        UsdQuote quote = RATES.quote(Usage.ofTokens(null, 1_000L));
        assertThat(quote.source()).isEqualTo("per_million_rates");
        assertThat(quote.inputCostUsd()).isEqualByComparingTo("0");
        assertThat(quote.usdCost()).isEqualByComparingTo("0.03");
    }

    @Test
    void aRateWithoutItsCountDoesNotSelectTheRatesPath() {
        UsdPricing inputOnly = new UsdPricing(TEN, null, UsdPricing.ATP_DEFAULT_USD);
        UsdQuote quote = inputOnly.quote(Usage.ofTokens(null, 50L));
        assertThat(quote.source()).isEqualTo("fallback_default");
        assertThat(quote.inputCostUsd()).isNull();

        UsdQuote both = inputOnly.quote(Usage.ofTokens(100L, 50L));
        assertThat(both.source()).isEqualTo("per_million_rates");
        assertThat(both.outputCostUsd()).isEqualByComparingTo("0");
        assertThat(both.usdCost()).isEqualByComparingTo("0.001");
    }

    @Test
    void upstreamTotalCostWhenRatesDoNotApply() {
        UsdPricing noRates = new UsdPricing(null, null, UsdPricing.ATP_DEFAULT_USD);
        UsdQuote quote = noRates.quote(new Usage(150L, 50L, 200L, new BigDecimal("0.0042")));
        assertThat(quote.source()).isEqualTo("upstream_total_cost");
        assertThat(quote.usdCost()).isEqualTo(new BigDecimal("0.004200000000"));
        assertThat(quote.inputCostUsd()).isNull();
        assertThat(quote.outputCostUsd()).isNull();
        assertThat(quote.inputTokens()).isEqualTo(150L);
    }

    @Test
    void ratesWinOverUpstreamTotalCost() {
        assertThat(RATES.quote(new Usage(150L, 50L, 200L, new BigDecimal("9"))).usdCost())
                .isEqualByComparingTo("0.003");
    }

    @Test
    void fallbackDefaultWhenNothingIsPriceable() {
        UsdQuote quote = RATES.quote(Usage.EMPTY);
        assertThat(quote.source()).isEqualTo("fallback_default");
        assertThat(quote.usdCost()).isEqualTo(new BigDecimal("0.010000000000"));
        // ATP's G1 behaviour: a body with only total_tokens is charged the default.
        assertThat(RATES.quote(new Usage(null, null, 500L, null)).source()).isEqualTo("fallback_default");
    }

    @Test
    void zeroTokensCostZero() {
        UsdQuote quote = RATES.quote(Usage.ofTokens(0L, 0L));
        assertThat(quote.source()).isEqualTo("per_million_rates");
        assertThat(quote.usdCost()).isZero();
    }

    @Test
    void roundsEachSideHalfUpAtTwelvePlacesAndTheTotalIsTheirSum() {
        // 1 token at $0.0000005/M = $5e-13 → 1e-12; 1 token at $0.0000004/M = $4e-13 → 0
        UsdPricing tiny = new UsdPricing(new BigDecimal("0.0000005"), new BigDecimal("0.0000004"), BigDecimal.ZERO);
        UsdQuote quote = tiny.quote(Usage.ofTokens(1L, 1L));
        assertThat(quote.inputCostUsd()).isEqualTo(new BigDecimal("0.000000000001"));
        assertThat(quote.outputCostUsd()).isEqualTo(new BigDecimal("0.000000000000"));
        assertThat(quote.usdCost()).isEqualTo(quote.inputCostUsd().add(quote.outputCostUsd()));
    }

    @Test
    void largeCountsStayExact() {
        UsdQuote quote = new UsdPricing(new BigDecimal("3.123457"), new BigDecimal("15"), BigDecimal.ZERO)
                .quote(Usage.ofTokens(987_654_321L, 123_456_789L));
        // 987,654,321 × 3.123457 / 1e6 = 3084.895802507697 (exact); 123,456,789 × 15 / 1e6 = 1851.851835
        assertThat(quote.inputCostUsd()).isEqualTo(new BigDecimal("3084.895802507697"));
        assertThat(quote.outputCostUsd()).isEqualTo(new BigDecimal("1851.851835000000"));
    }

    @Test
    void rejectsNegativeConfiguration() {
        assertThatThrownBy(() -> new UsdPricing(new BigDecimal("-1"), null, BigDecimal.ONE))
                .hasMessageContaining("inputCostPerMillionUsd");
        assertThatThrownBy(() -> new UsdPricing(null, new BigDecimal("-1"), BigDecimal.ONE))
                .hasMessageContaining("outputCostPerMillionUsd");
        assertThatThrownBy(() -> new UsdPricing(null, null, new BigDecimal("-0.01")))
                .hasMessageContaining("defaultUsd");
        assertThatThrownBy(() -> new UsdPricing(null, null, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void usageRejectsNegativeParts() {
        assertThatThrownBy(() -> new Usage(-1L, null, null, null)).hasMessageContaining("inputTokens");
        assertThatThrownBy(() -> new Usage(null, null, null, new BigDecimal("-1"))).hasMessageContaining("totalCostUsd");
    }
}
