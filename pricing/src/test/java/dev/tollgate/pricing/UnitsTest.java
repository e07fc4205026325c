package dev.tollgate.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UnitsTest {

    @Test
    void toDecimalIsExactAtTheTokensScale() {
        assertThat(Units.toDecimal(BigInteger.valueOf(20_000), 9).toPlainString()).isEqualTo("0.000020000");
        assertThat(Units.toDecimal(BigInteger.valueOf(249), 6).toPlainString()).isEqualTo("0.000249");
        assertThat(Units.toDecimal(new BigInteger("1000000000000000000"), 18).toPlainString())
                .isEqualTo("1.000000000000000000");
        assertThat(Units.toDecimal(BigInteger.valueOf(7), 0).toPlainString()).isEqualTo("7");
    }

    @Test
    void toDecimalRejectsNegativeAmountsAndSillyDecimals() {
        assertThatThrownBy(() -> Units.toDecimal(BigInteger.valueOf(-1), 9)).hasMessageContaining("negative");
        assertThatThrownBy(() -> Units.toDecimal(BigInteger.ONE, -1)).hasMessageContaining("decimals");
        assertThatThrownBy(() -> Units.toDecimal(BigInteger.ONE, 37)).hasMessageContaining("decimals");
    }

    @ParameterizedTest
    @CsvSource({
            "0.25, 9, 250000000",
            "1, 0, 1",
            "150, 6, 150000000",
            "0.000001, 6, 1",
            "1.000000000, 9, 1000000000",
            "1.50000000000, 9, 1500000000",
            "0007.5, 1, 75",
            "0, 18, 0"
    })
    void parsesPlainDecimals(String text, int decimals, String units) {
        assertThat(Units.parseDecimal(text, decimals)).isEqualTo(new BigInteger(units));
    }

    @ParameterizedTest
    @CsvSource({
            "0.0000001, 6, more than 6 decimal places",
            "1.5, 0, more than 0 decimal places",
            "-1, 6, negative",
            "-0, 6, negative",
            "1e6, 6, exponent",
            "1E+2, 6, exponent",
            "'+1', 6, not a plain decimal",
            "'1,000', 6, not a plain decimal",
            "'1 000', 6, not a plain decimal",
            "'1.', 6, not a plain decimal",
            "'.5', 6, not a plain decimal",
            "'1.2.3', 6, not a plain decimal",
            "' 1', 6, not a plain decimal",
            "0x10, 6, not a plain decimal",
            "NaN, 6, not a plain decimal",
            "Infinity, 6, not a plain decimal",
            "١٢, 6, not a plain decimal",
            "'', 6, missing or blank",
            "'  ', 6, missing or blank"
    })
    void rejectsAnythingButPlainDecimals(String text, int decimals, String reason) {
        assertThatThrownBy(() -> Units.parseDecimal(text, decimals))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void rejectsNullAndOverlongText() {
        assertThatThrownBy(() -> Units.parseDecimal(null, 6)).hasMessageContaining("missing");
        assertThatThrownBy(() -> Units.parseDecimal("1".repeat(101), 0)).hasMessageContaining("longer than");
        assertThat(Units.parseDecimal("1".repeat(100), 0)).isEqualTo(new BigInteger("1".repeat(100)));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 37})
    void parseRejectsSillyDecimals(int decimals) {
        assertThatThrownBy(() -> Units.parseDecimal("1", decimals)).hasMessageContaining("decimals must be");
    }
}
