package dev.tollgate.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class FeeSplitTest {

    private static final FeeBps FIVE_PERCENT = new FeeBps(500);

    @Test
    void atpExampleSplitsTwentyThousandLamports() {
        FeeSplit split = FeeSplit.of(BigInteger.valueOf(20_000), FIVE_PERCENT);
        assertThat(split.fee()).isEqualTo(1_000);
        assertThat(split.net()).isEqualTo(19_000);
    }

    @Test
    void roundingDustGoesToTheSeller() {
        // 5 % of 19 = 0.95 → fee 0, seller keeps all 19.
        FeeSplit split = FeeSplit.of(BigInteger.valueOf(19), FIVE_PERCENT);
        assertThat(split.fee()).isZero();
        assertThat(split.net()).isEqualTo(19);
        assertThat(FeeSplit.of(BigInteger.valueOf(39), FIVE_PERCENT).fee()).isEqualTo(1);
    }

    @Test
    void handlesWeiSizedTotals() {
        BigInteger total = new BigInteger("123456789012345678901234567890");
        FeeSplit split = FeeSplit.of(total, new FeeBps(1));
        assertThat(split.fee()).isEqualTo(new BigInteger("12345678901234567890123456"));
        assertThat(split.fee().add(split.net())).isEqualTo(total);
    }

    @Test
    void rejectsNegativeTotals() {
        assertThatThrownBy(() -> FeeSplit.of(BigInteger.valueOf(-1), FIVE_PERCENT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
    }

    @Test
    void constructorRejectsSplitsThatDoNotFollowTheRule() {
        BigInteger total = BigInteger.valueOf(20_000);
        assertThatThrownBy(() -> new FeeSplit(total, BigInteger.valueOf(999), BigInteger.valueOf(19_001), FIVE_PERCENT))
                .hasMessageContaining("inconsistent");
        assertThatThrownBy(() -> new FeeSplit(total, BigInteger.valueOf(1_000), BigInteger.valueOf(19_001), FIVE_PERCENT))
                .hasMessageContaining("inconsistent");
        assertThat(new FeeSplit(total, BigInteger.valueOf(1_000), BigInteger.valueOf(19_000), FIVE_PERCENT))
                .isEqualTo(FeeSplit.of(total, FIVE_PERCENT));
    }
}
