package dev.tollgate.chain;

import java.util.Locale;

/**
 * How final a payment must be before the output is released. Solana maps these to its commitment levels; EVM
 * rails map PROCESSED to "included in a block", CONFIRMED to the network's configured confirmation count and
 * FINALIZED to the {@code finalized} block tag.
 */
public enum Commitment {
    PROCESSED, CONFIRMED, FINALIZED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean atLeast(Commitment other) {
        return ordinal() >= other.ordinal();
    }

    /** Parses {@code processed|confirmed|finalized} (case-insensitive). */
    public static Commitment parse(String text) {
        if (text == null || text.isBlank()) {
            return CONFIRMED;
        }
        for (Commitment c : values()) {
            if (c.wireName().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IllegalArgumentException("commitment must be one of processed, confirmed, finalized");
    }
}
