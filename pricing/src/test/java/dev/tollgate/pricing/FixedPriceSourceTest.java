package dev.tollgate.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FixedPriceSourceTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void servesConfiguredPricesStampedWithTheClock() throws Exception {
        FixedPriceSource fixed = new FixedPriceSource(Map.of("sol", new BigDecimal("150")), clock);
        assertThat(fixed.fetch("SOL")).isEqualTo(new PriceQuote("SOL", new BigDecimal("150"), clock.instant(), "fixed"));
        assertThatThrownBy(() -> fixed.fetch("POL"))
                .isInstanceOf(PriceUnavailableException.class)
                .hasMessageContaining("fixed has no price configured for POL");
    }

    @Test
    void rejectsNonPositiveAndDuplicatePrices() {
        assertThatThrownBy(() -> new FixedPriceSource(Map.of("SOL", BigDecimal.ZERO), clock))
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> new FixedPriceSource(Map.of("SOL", BigDecimal.ONE, "sol", BigDecimal.TEN), clock))
                .hasMessageContaining("twice");
    }

    @Test
    void peggedStablecoinsAreExactlyOneDollar() throws Exception {
        PeggedPriceSource pegged = new PeggedPriceSource(clock);
        assertThat(pegged.fetch("usdc")).isEqualTo(new PriceQuote("USDC", BigDecimal.ONE, clock.instant(), "pegged"));
        assertThatThrownBy(() -> pegged.fetch("SOL")).isInstanceOf(PriceUnavailableException.class);
        assertThat(new PeggedPriceSource(Set.of("USDT"), clock).fetch("USDT").usdPerToken()).isEqualTo(BigDecimal.ONE);
    }
}
