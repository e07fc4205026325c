package dev.tollgate.pricing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;
import java.util.regex.Pattern;

/** Conversions between atomic units (lamports, micro-USDC, wei) and decimal token amounts. */
public final class Units {

    /** Real tokens use at most 18 decimals; the bound catches swapped or garbage arguments. */
    public static final int MAX_DECIMALS = 36;

    /** Longest decimal text accepted; uint256 has 78 digits, so this leaves room for a fraction. */
    static final int MAX_TEXT_LENGTH = 100;

    private static final Pattern PLAIN_DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]+)?");

    private Units() {
    }

    /** The exact decimal value of {@code units} at scale {@code decimals} (20000 lamports, 9 → 0.000020000). */
    public static BigDecimal toDecimal(BigInteger units, int decimals) {
        Objects.requireNonNull(units, "units");
        checkDecimals(decimals);
        if (units.signum() < 0) {
            throw new IllegalArgumentException("atomic amount must not be negative: " + units);
        }
        return new BigDecimal(units, decimals);
    }

    /**
     * Parses an operator-written token amount ("0.25" SOL) into atomic units. Strict: digits with an optional
     * fraction only; no sign, exponent, spaces, separators or blanks; a fraction finer than one atomic unit is
     * rejected rather than rounded (trailing zeros beyond {@code decimals} are harmless and accepted).
     *
     * @throws IllegalArgumentException with a message that names the problem
     */
    public static BigInteger parseDecimal(String text, int decimals) {
        checkDecimals(decimals);
        BigDecimal value = parsePlainDecimal(text);
        try {
            return value.movePointRight(decimals).toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    quote(text) + " has more than " + decimals + " decimal places (finer than one atomic unit)");
        }
    }

    /** Parses digits with an optional '.' fraction, nothing else; the value is exact. */
    static BigDecimal parsePlainDecimal(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("amount is missing or blank");
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("amount is longer than " + MAX_TEXT_LENGTH + " characters");
        }
        if (PLAIN_DECIMAL.matcher(text).matches()) {
            return new BigDecimal(text);
        }
        if (text.startsWith("-")) {
            throw new IllegalArgumentException(quote(text) + " is negative");
        }
        if (text.indexOf('e') >= 0 || text.indexOf('E') >= 0) {
            throw new IllegalArgumentException(quote(text) + " uses exponent notation; write the plain decimal");
        }
        throw new IllegalArgumentException(quote(text)
                + " is not a plain decimal number (ASCII digits with an optional '.' fraction;"
                + " no sign, spaces or separators)");
    }

    static void checkDecimals(int decimals) {
        if (decimals < 0 || decimals > MAX_DECIMALS) {
            throw new IllegalArgumentException("decimals must be 0.." + MAX_DECIMALS + ", got " + decimals);
        }
    }

    private static String quote(String text) {
        return "'" + text + "'";
    }
}
