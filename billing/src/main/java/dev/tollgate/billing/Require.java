package dev.tollgate.billing;

import java.math.BigDecimal;

/** The checks every configuration record shares; failures are {@link BillingConfigException}s naming the key. */
final class Require {

    /** The gateway takes USD amounts with at most this many fraction digits. */
    static final int MAX_USD_SCALE = 18;

    private Require() {
    }

    static String text(String key, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new BillingConfigException(key + " is required");
        }
        if (value.length() > maxLength || !value.strip().equals(value)) {
            throw new BillingConfigException(key + " must be at most " + maxLength
                    + " characters without surrounding spaces");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new BillingConfigException(key + " must not contain control characters");
            }
        }
        return value;
    }

    /** A positive USD amount with at most {@value #MAX_USD_SCALE} fraction digits (null allowed when optional). */
    static BigDecimal usd(String key, BigDecimal value, boolean zeroAllowed) {
        if (value == null) {
            return null;
        }
        if (value.signum() < 0 || (!zeroAllowed && value.signum() == 0)) {
            throw new BillingConfigException(key + " must be " + (zeroAllowed ? "zero or more" : "more than zero"));
        }
        if (value.stripTrailingZeros().scale() > MAX_USD_SCALE) {
            throw new BillingConfigException(key + " has more than " + MAX_USD_SCALE + " fraction digits");
        }
        if (value.compareTo(new BigDecimal("1000000000")) > 0) {
            throw new BillingConfigException(key + " is above 1,000,000,000 USD");
        }
        return value;
    }
}
