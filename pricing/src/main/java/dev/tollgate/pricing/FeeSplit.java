package dev.tollgate.pricing;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A total in atomic units split into the fee and what the seller nets. The fee is taken out of the total and
 * rounded down ({@code fee = floor(total * bps / 10000)}), so rounding dust goes to the seller and
 * {@code fee + net == total} always holds.
 */
public record FeeSplit(BigInteger total, BigInteger fee, BigInteger net, FeeBps bps) {

    private static final BigInteger BPS_PER_WHOLE = BigInteger.valueOf(FeeBps.MAX);

    /** Rejects any split that {@link #of} would not have produced, so an instance is always consistent. */
    public FeeSplit {
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(fee, "fee");
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(bps, "bps");
        BigInteger expectedFee = feeOf(total, bps);
        if (!fee.equals(expectedFee) || !net.equals(total.subtract(expectedFee))) {
            throw new IllegalArgumentException("inconsistent split of " + total + " at " + bps.value()
                    + " bps: fee " + fee + " + net " + net + ", expected fee " + expectedFee);
        }
    }

    public static FeeSplit of(BigInteger total, FeeBps bps) {
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(bps, "bps");
        BigInteger fee = feeOf(total, bps);
        return new FeeSplit(total, fee, total.subtract(fee), bps);
    }

    private static BigInteger feeOf(BigInteger total, FeeBps bps) {
        if (total.signum() < 0) {
            throw new IllegalArgumentException("total must not be negative: " + total);
        }
        // total >= 0, so truncating division is floor.
        return total.multiply(BigInteger.valueOf(bps.value())).divide(BPS_PER_WHOLE);
    }
}
