package dev.tollgate.lockbox;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Objects;

/**
 * A job to lock. Amounts are atomic units of {@code asset}; the split is checked here and again by a
 * database CHECK so a bad split can never be stored.
 *
 * @param payer         may be null when the payer is not known until settlement
 * @param feeRecipient  may be null only when {@code feeUnits} is zero
 * @param usdCost       may be null (no USD pricing)
 * @param tokenPriceUsd may be null (no USD pricing)
 * @param quoteJson     may be null; stored byte for byte
 * @param boundWallet   the signed-in wallet the job is bound to (must be {@code payer}), or null for an unsigned trade
 */
public record NewJob(String network, String asset, String payer, String payee, String feeRecipient,
                     BigInteger totalUnits, BigInteger feeUnits, BigInteger netUnits, int feeBps,
                     BigDecimal usdCost, BigDecimal tokenPriceUsd, String quoteJson, Duration ttl,
                     String boundWallet) {

    /** NUMERIC(78,0) holds any uint256 (78 digits). */
    static final BigInteger MAX_UNITS = BigInteger.TEN.pow(78).subtract(BigInteger.ONE);

    public NewJob {
        requireText(network, "network");
        requireText(asset, "asset");
        requireText(payee, "payee");
        requireUnits(totalUnits, "totalUnits");
        requireUnits(feeUnits, "feeUnits");
        requireUnits(netUnits, "netUnits");
        if (!feeUnits.add(netUnits).equals(totalUnits)) {
            throw new IllegalArgumentException("feeUnits + netUnits must equal totalUnits: "
                    + feeUnits + " + " + netUnits + " != " + totalUnits);
        }
        if (feeBps < 0 || feeBps > 10_000) {
            throw new IllegalArgumentException("feeBps must be within 0..10000, got " + feeBps);
        }
        if (feeUnits.signum() > 0 && (feeRecipient == null || feeRecipient.isBlank())) {
            throw new IllegalArgumentException("feeRecipient is required when feeUnits > 0");
        }
        if (usdCost != null && usdCost.signum() < 0) {
            throw new IllegalArgumentException("usdCost must not be negative");
        }
        if (tokenPriceUsd != null && tokenPriceUsd.signum() <= 0) {
            throw new IllegalArgumentException("tokenPriceUsd must be positive");
        }
        if (boundWallet != null && !boundWallet.equals(payer)) {
            throw new IllegalArgumentException("a job is bound only to its payer");
        }
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, got " + ttl);
        }
    }

    /** A job of an unsigned trade: bound to no wallet. */
    public NewJob(String network, String asset, String payer, String payee, String feeRecipient,
                  BigInteger totalUnits, BigInteger feeUnits, BigInteger netUnits, int feeBps,
                  BigDecimal usdCost, BigDecimal tokenPriceUsd, String quoteJson, Duration ttl) {
        this(network, asset, payer, payee, feeRecipient, totalUnits, feeUnits, netUnits, feeBps, usdCost,
                tokenPriceUsd, quoteJson, ttl, null);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }

    private static void requireUnits(BigInteger value, String name) {
        Objects.requireNonNull(value, name);
        if (value.signum() < 0 || value.compareTo(MAX_UNITS) > 0) {
            throw new IllegalArgumentException(name + " must be within 0..10^78-1, got " + value);
        }
    }
}
