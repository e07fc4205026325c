package dev.tollgate.pricing;

import java.math.BigDecimal;
import java.math.BigInteger;

/** A settlement fee in basis points (1 bps = 0.01 %), 0..10000. */
public record FeeBps(int value) {

    public static final int MAX = 10_000;

    public FeeBps {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException("fee must be 0.." + MAX + " bps, got " + value);
        }
    }

    /**
     * Parses ATP's {@code SETTLEMENT_FEE_PERCENT}, which despite its name is a fraction ("0.05" = 5 % = 500 bps).
     * Strict: 0..1, at most 4 decimal places (1 bps), no sign, exponent or other text.
     */
    public static FeeBps fromPercentFraction(String fraction) {
        BigInteger bps;
        try {
            bps = Units.parseDecimal(fraction, 4);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SETTLEMENT_FEE_PERCENT must be a fraction from 0 to 1 with at most"
                    + " 4 decimal places (0.05 = 5%): " + e.getMessage(), e);
        }
        if (bps.compareTo(BigInteger.valueOf(MAX)) > 0) {
            throw new IllegalArgumentException(
                    "SETTLEMENT_FEE_PERCENT '" + fraction + "' is above 1; it is a fraction (0.05 = 5%)");
        }
        return new FeeBps(bps.intValueExact());
    }

    /** The fee in percent at scale 2 (500 bps → 5.00), ATP's {@code settlement_fee_percent}. */
    public BigDecimal percent() {
        return BigDecimal.valueOf(value, 2);
    }

    /** The fee as a fraction at scale 4 (500 bps → 0.0500), e.g. for ATP's display-only {@code fee_usd}. */
    public BigDecimal fraction() {
        return BigDecimal.valueOf(value, 4);
    }
}
