package dev.tollgate.pricing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Objects;

/** USD ↔ atomic token units at a given token price, computed exactly. */
public final class TokenConverter {

    /** Scale of USD values produced for display. */
    public static final int DISPLAY_USD_SCALE = 6;

    private TokenConverter() {
    }

    /**
     * {@code floor(usd / price × 10^decimals)} atomic units, exact: the decimal shift happens before the single
     * division, which rounds down at scale 0, so no intermediate rounding can lose or invent a unit (ATP's floating-point
     * path turned $0.000249 into 248 micro-USDC). Rounding down means the payer never pays more than the quote.
     * A positive cost that is worth less than one unit is charged one unit: we never quote a zero payment for
     * paid work. Zero USD is zero units.
     */
    public static BigInteger usdToUnits(BigDecimal usd, BigDecimal priceUsdPerToken, int decimals) {
        Objects.requireNonNull(usd, "usd");
        requirePositivePrice(priceUsdPerToken);
        Units.checkDecimals(decimals);
        if (usd.signum() < 0) {
            throw new IllegalArgumentException("usd must not be negative: " + usd.toPlainString());
        }
        if (usd.signum() == 0) {
            return BigInteger.ZERO;
        }
        BigInteger units = usd.movePointRight(decimals)
                .divide(priceUsdPerToken, 0, RoundingMode.FLOOR)
                .toBigIntegerExact();
        return units.signum() == 0 ? BigInteger.ONE : units;
    }

    /** The USD value of {@code units} at {@code price}, rounded HALF_UP to 6 decimal places; for display only. */
    public static BigDecimal unitsToUsd(BigInteger units, BigDecimal priceUsdPerToken, int decimals) {
        requirePositivePrice(priceUsdPerToken);
        return Units.toDecimal(units, decimals)
                .multiply(priceUsdPerToken)
                .setScale(DISPLAY_USD_SCALE, RoundingMode.HALF_UP);
    }

    private static void requirePositivePrice(BigDecimal price) {
        Objects.requireNonNull(price, "priceUsdPerToken");
        if (price.signum() <= 0) {
            throw new IllegalArgumentException("token price must be positive: " + price.toPlainString());
        }
    }
}
