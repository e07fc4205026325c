package dev.tollgate.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FeeBpsTest {

    @ParameterizedTest
    @CsvSource({
            "0.05, 500",
            "0, 0",
            "0.0, 0",
            "1, 10000",
            "1.0000, 10000",
            "0.0001, 1",
            "0.050000, 500",
            "0.1234, 1234",
            "00.05, 500"
    })
    void parsesAtpFeeFractions(String fraction, int bps) {
        assertThat(FeeBps.fromPercentFraction(fraction).value()).isEqualTo(bps);
    }

    @Test
    void atpDefaultIsFivePercent() {
        FeeBps fee = FeeBps.fromPercentFraction("0.05");
        assertThat(fee.percent()).isEqualTo(new BigDecimal("5.00"));
        assertThat(fee.fraction()).isEqualTo(new BigDecimal("0.0500"));
    }

    @ParameterizedTest
    @CsvSource({
            "0.00005, decimal places",
            "0.12345, decimal places",
            "-0.05, negative",
            "5e-2, exponent",
            "5E-2, exponent",
            "1.0001, above 1",
            "2, above 1",
            "abc, not a plain decimal",
            "'+0.05', not a plain decimal",
            "'.05', not a plain decimal",
            "'0,05', not a plain decimal",
            "' 0.05', not a plain decimal",
            "'0.05 ', not a plain decimal",
            "'5%', not a plain decimal",
            "０.０５, not a plain decimal"
    })
    void rejectsAnythingButAPlainFractionWithAClearMessage(String fraction, String reason) {
        assertThatThrownBy(() -> FeeBps.fromPercentFraction(fraction))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SETTLEMENT_FEE_PERCENT")
                .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void rejectsMissingValues(String fraction) {
        assertThatThrownBy(() -> FeeBps.fromPercentFraction(fraction))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing or blank");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 10_001, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void rejectsOutOfRangeBps(int bps) {
        assertThatThrownBy(() -> new FeeBps(bps)).isInstanceOf(IllegalArgumentException.class);
    }
}
