package dev.tollgate.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class TokenConverterTest {

    private static final int SOL = 9;
    private static final int USDC = 6;

    @Test
    void atpExampleThreeTenthsOfACentAtOneFiftyIsTwentyThousandLamports() {
        assertThat(TokenConverter.usdToUnits(new BigDecimal("0.003"), new BigDecimal("150"), SOL))
                .isEqualTo(20_000);
    }

    @Test
    void atpFloatBugCaseIsExact() {
        // ATP: int(0.000249 * 1e6) == 248. Here: exactly 249 micro-USDC.
        assertThat(TokenConverter.usdToUnits(new BigDecimal("0.000249"), BigDecimal.ONE, USDC)).isEqualTo(249);
    }

    @Test
    void everyMicroDollarBelowTenCentsConvertsExactly() {
        // ATP's float path got 1,438 of these wrong.
        for (int micros = 1; micros < 100_000; micros++) {
            BigDecimal usd = BigDecimal.valueOf(micros, 6);
            assertThat(TokenConverter.usdToUnits(usd, BigDecimal.ONE, USDC)).isEqualTo(micros);
        }
    }

    @Test
    void roundsDownSoThePayerNeverPaysMoreThanTheQuote() {
        // $1 at $3/token = 0.333… token = 333,333,333.33… lamports
        assertThat(TokenConverter.usdToUnits(BigDecimal.ONE, new BigDecimal("3"), SOL)).isEqualTo(333_333_333);
        // $2 at $3/token = 666,666,666.66… lamports, still down
        assertThat(TokenConverter.usdToUnits(new BigDecimal("2"), new BigDecimal("3"), SOL)).isEqualTo(666_666_666);
    }

    @Test
    void paidWorkIsNeverQuotedAtZero() {
        assertThat(TokenConverter.usdToUnits(new BigDecimal("0.000000000001"), new BigDecimal("150"), SOL))
                .isEqualTo(BigInteger.ONE);
        assertThat(TokenConverter.usdToUnits(BigDecimal.ZERO, new BigDecimal("150"), SOL)).isZero();
        assertThat(TokenConverter.usdToUnits(new BigDecimal("0.000000000000"), new BigDecimal("150"), SOL)).isZero();
    }

    @Test
    void handlesEighteenDecimalTokens() {
        // $0.003 at $0.25/POL = 0.012 POL = 12,000,000,000,000,000 wei
        assertThat(TokenConverter.usdToUnits(new BigDecimal("0.003"), new BigDecimal("0.25"), 18))
                .isEqualTo(new BigInteger("12000000000000000"));
    }

    @Test
    void rejectsNegativeUsdAndNonPositivePrices() {
        assertThatThrownBy(() -> TokenConverter.usdToUnits(new BigDecimal("-0.01"), BigDecimal.ONE, USDC))
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> TokenConverter.usdToUnits(BigDecimal.ONE, BigDecimal.ZERO, USDC))
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> TokenConverter.usdToUnits(BigDecimal.ONE, new BigDecimal("-150"), USDC))
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> TokenConverter.usdToUnits(BigDecimal.ONE, BigDecimal.ONE, -1))
                .hasMessageContaining("decimals");
    }

    @Test
    void unitsToUsdRoundsHalfUpToSixPlacesForDisplay() {
        assertThat(TokenConverter.unitsToUsd(BigInteger.valueOf(20_000), new BigDecimal("150"), SOL))
                .isEqualTo(new BigDecimal("0.003000"));
        // 1 lamport at $150 = $0.00000015 → 0.000000
        assertThat(TokenConverter.unitsToUsd(BigInteger.ONE, new BigDecimal("150"), SOL))
                .isEqualTo(new BigDecimal("0.000000"));
        // 5 lamports at $100 = $0.0000005 → HALF_UP → 0.000001
        assertThat(TokenConverter.unitsToUsd(BigInteger.valueOf(5), new BigDecimal("100"), SOL))
                .isEqualTo(new BigDecimal("0.000001"));
        assertThatThrownBy(() -> TokenConverter.unitsToUsd(BigInteger.ONE, BigDecimal.ZERO, SOL))
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> TokenConverter.unitsToUsd(BigInteger.valueOf(-1), BigDecimal.ONE, SOL))
                .hasMessageContaining("negative");
    }
}
