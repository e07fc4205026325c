package dev.tollgate.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.BigRange;
import net.jqwik.api.constraints.IntRange;

class FeeSplitProperties {

    private static final BigInteger TEN_THOUSAND = BigInteger.valueOf(10_000);

    @Property
    void partsSumToTheTotalAndStayInBounds(@ForAll @BigRange(min = "0", max = "1000000000000000000000000000000") BigInteger total,
                                           @ForAll @IntRange(min = 0, max = 10_000) int bps) {
        FeeSplit split = FeeSplit.of(total, new FeeBps(bps));
        assertThat(split.fee().add(split.net())).isEqualTo(total);
        assertThat(split.fee()).isBetween(BigInteger.ZERO, total);
        assertThat(split.net()).isBetween(BigInteger.ZERO, total);
    }

    @Property
    void feeIsTheFloorOfTheExactShare(@ForAll @BigRange(min = "0", max = "1000000000000000000000") BigInteger total,
                                      @ForAll @IntRange(min = 0, max = 10_000) int bps) {
        BigInteger fee = FeeSplit.of(total, new FeeBps(bps)).fee();
        BigInteger exactTimesTenThousand = total.multiply(BigInteger.valueOf(bps));
        // fee ≤ total·bps/10000 < fee + 1
        assertThat(fee.multiply(TEN_THOUSAND)).isLessThanOrEqualTo(exactTimesTenThousand);
        assertThat(fee.add(BigInteger.ONE).multiply(TEN_THOUSAND)).isGreaterThan(exactTimesTenThousand);
    }

    @Property
    void aHigherFeeRateNeverLowersTheFee(@ForAll @BigRange(min = "0", max = "1000000000000000") BigInteger total,
                                         @ForAll @IntRange(min = 0, max = 10_000) int a,
                                         @ForAll @IntRange(min = 0, max = 10_000) int b) {
        FeeSplit low = FeeSplit.of(total, new FeeBps(Math.min(a, b)));
        FeeSplit high = FeeSplit.of(total, new FeeBps(Math.max(a, b)));
        assertThat(low.fee()).isLessThanOrEqualTo(high.fee());
    }

    @Property
    void zeroAndFullRatesAreExact(@ForAll @BigRange(min = "0", max = "1000000000000000000") BigInteger total) {
        assertThat(FeeSplit.of(total, new FeeBps(0)).fee()).isZero();
        assertThat(FeeSplit.of(total, new FeeBps(10_000)).net()).isZero();
    }
}
