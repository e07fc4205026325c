package dev.tollgate.chain;

import java.util.Arrays;

/**
 * Key bytes of a payer, held only for the duration of one settlement. {@link #close()} zeroes them; never log,
 * persist or echo them. {@code toString} is redacted.
 */
public final class PayerSecret implements AutoCloseable {
    private final byte[] bytes;
    private boolean closed;

    public PayerSecret(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The live key bytes (not a copy): callers must not keep a reference beyond the settlement. */
    public byte[] bytes() {
        if (closed) {
            throw new IllegalStateException("secret already zeroed");
        }
        return bytes;
    }

    @Override
    public void close() {
        Arrays.fill(bytes, (byte) 0);
        closed = true;
    }

    @Override
    public String toString() {
        return "PayerSecret[redacted]";
    }
}
