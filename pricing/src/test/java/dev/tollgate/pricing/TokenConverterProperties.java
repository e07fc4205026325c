package dev.tollgate.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.BigRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;

class TokenConverterProperties {

    private static final String MAX_USD = "1000000";

    @Property
    void neverMoreThanOneUnitFromTheExactValue(@ForAll @BigRange(min = "0", max = MAX_USD) @Scale(12) BigDecimal usd,
                                               @ForAll @BigRange(min = "0.00000001", max = "1000000") @Scale(8) BigDecimal price,
                                               @ForAll @IntRange(min = 0, max = 18) int decimals) {
        BigInteger units = TokenConverter.usdToUnits(usd, price, decimals);
        // exact = usd·10^d / price; compare multiplied through by price so nothing is rounded.
        BigDecimal exactTimesPrice = usd.movePointRight(decimals);
        BigDecimal unitsTimesPrice = new BigDecimal(units).multiply(price);
        assertThat(unitsTimesPrice.subtract(exactTimesPrice).abs()).isLessThan(price);
        if (usd.signum() == 0) {
            assertThat(units).isZero();
        } else {
            assertThat(units).isPositive();
        }
    }

    @Property
    void roundsDownUnlessRaisedToTheOneUnitMinimum(@ForAll @BigRange(min = "0", max = MAX_USD) @Scale(12) BigDecimal usd,
                                                  @ForAll @BigRange(min = "0.00000001", max = "1000000") @Scale(8) BigDecimal price,
                                                  @ForAll @IntRange(min = 0, max = 18) int decimals) {
        BigInteger units = TokenConverter.usdToUnits(usd, price, decimals);
        BigDecimal exactTimesPrice = usd.movePointRight(decimals);
        BigDecimal unitsTimesPrice = new BigDecimal(units).multiply(price);
        if (!units.equals(BigInteger.ONE)) {
            assertThat(unitsTimesPrice).isLessThanOrEqualTo(exactTimesPrice);
        }
        assertThat(unitsTimesPrice.add(price)).isGreaterThan(exactTimesPrice);
    }

    @Property
    void moreUsdNeverBuysFewerUnits(@ForAll @BigRange(min = "0", max = MAX_USD) @Scale(12) BigDecimal a,
                                    @ForAll @BigRange(min = "0", max = MAX_USD) @Scale(12) BigDecimal b,
                                    @ForAll @BigRange(min = "0.00000001", max = "1000000") @Scale(8) BigDecimal price,
                                    @ForAll @IntRange(min = 0, max = 18) int decimals) {
        BigInteger low = TokenConverter.usdToUnits(a.min(b), price, decimals);
        BigInteger high = TokenConverter.usdToUnits(a.max(b), price, decimals);
        assertThat(low).isLessThanOrEqualTo(high);
    }

    @Property
    void aHigherPriceNeverCostsMoreUnits(@ForAll @BigRange(min = "0", max = MAX_USD) @Scale(12) BigDecimal usd,
                                         @ForAll @BigRange(min = "0.00000001", max = "1000000") @Scale(8) BigDecimal a,
                                         @ForAll @BigRange(min = "0.00000001", max = "1000000") @Scale(8) BigDecimal b,
                                         @ForAll @IntRange(min = 0, max = 18) int decimals) {
        BigInteger atLowPrice = TokenConverter.usdToUnits(usd, a.min(b), decimals);
        BigInteger atHighPrice = TokenConverter.usdToUnits(usd, a.max(b), decimals);
        assertThat(atHighPrice).isLessThanOrEqualTo(atLowPrice);
    }

    @Property
    void stablecoinAtParIsTheUsdItselfWhenItFits(@ForAll @BigRange(min = "0", max = MAX_USD) @Scale(6) BigDecimal usd) {
        BigInteger micro = TokenConverter.usdToUnits(usd, BigDecimal.ONE, 6);
        assertThat(micro).isEqualTo(usd.movePointRight(6).toBigIntegerExact());
    }
}
