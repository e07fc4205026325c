package dev.tollgate.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.BigRange;
import net.jqwik.api.constraints.IntRange;

class UnitsProperties {

    private static final String MAX_UNITS = "1000000000000000000000000000000000000000";

    @Property
    void parseUndoesToDecimal(@ForAll @BigRange(min = "0", max = MAX_UNITS) BigInteger units,
                              @ForAll @IntRange(min = 0, max = 18) int decimals) {
        String text = Units.toDecimal(units, decimals).toPlainString();
        assertThat(Units.parseDecimal(text, decimals)).isEqualTo(units);
    }

    @Property
    void toDecimalUndoesParse(@ForAll @BigRange(min = "0", max = MAX_UNITS) BigInteger units,
                              @ForAll @IntRange(min = 0, max = 18) int decimals) {
        BigDecimal decimal = Units.toDecimal(units, decimals);
        assertThat(Units.toDecimal(Units.parseDecimal(decimal.toPlainString(), decimals), decimals))
                .isEqualTo(decimal);
        // the decimal is exact: shifting back gives the units with nothing left over
        assertThat(decimal.movePointRight(decimals).toBigIntegerExact()).isEqualTo(units);
    }

    @Property
    void trailingZerosBeyondTheDecimalsAreHarmless(@ForAll @BigRange(min = "0", max = MAX_UNITS) BigInteger units,
                                                   @ForAll @IntRange(min = 1, max = 18) int decimals,
                                                   @ForAll @IntRange(min = 1, max = 5) int zeros) {
        String text = Units.toDecimal(units, decimals).toPlainString() + "0".repeat(zeros);
        assertThat(Units.parseDecimal(text, decimals)).isEqualTo(units);
    }

    @Property
    void rejectsADigitFinerThanOneUnit(@ForAll @BigRange(min = "0", max = MAX_UNITS) BigInteger units,
                                       @ForAll @IntRange(min = 0, max = 18) int decimals,
                                       @ForAll @IntRange(min = 1, max = 9) int digit) {
        String exact = Units.toDecimal(units, decimals).toPlainString();
        String finer = exact + (decimals == 0 ? "." : "") + digit;
        assertThatThrownBy(() -> Units.parseDecimal(finer, decimals))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("decimal places");
    }

    @Property
    void rejectsNegatives(@ForAll @BigRange(min = "0", max = MAX_UNITS) BigInteger units,
                          @ForAll @IntRange(min = 0, max = 18) int decimals) {
        String negative = "-" + Units.toDecimal(units, decimals).toPlainString();
        assertThatThrownBy(() -> Units.parseDecimal(negative, decimals)).hasMessageContaining("negative");
    }

    @Property
    void rejectsExponents(@ForAll @BigRange(min = "0", max = "1000000") BigInteger mantissa,
                          @ForAll @IntRange(min = -20, max = 20) int exponent,
                          @ForAll @IntRange(min = 0, max = 18) int decimals) {
        String text = mantissa + "e" + exponent;
        assertThatThrownBy(() -> Units.parseDecimal(text, decimals)).hasMessageContaining("exponent");
    }
}
