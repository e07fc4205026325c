package dev.tollgate.chain.support;

import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.PaymentRail;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Waiting on a chain the one way tests here do it: ask again until the condition holds or a generous limit passes,
 * never sleep a fixed time and hope. A node answers a send before its receipt or status is readable, more so on a
 * busy two-core machine.
 */
public final class Poll {
    /** Far above what a local chain needs even under load; only a hang waits this long. */
    public static final Duration LIMIT = Duration.ofSeconds(30);
    private static final long INTERVAL_MILLIS = 50;

    private Poll() {
    }

    /** The first non-null answer of {@code probe}; fails the test if none comes within {@code limit}. */
    public static <T> T until(Supplier<T> probe, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("condition not reached within " + limit);
            }
            Thread.sleep(INTERVAL_MILLIS);
        }
    }

    /**
     * Checks {@code txId} until the verdict is final (anything but PENDING) and returns it; after {@link #LIMIT} the
     * last, still pending check, so the caller's assertion names what was seen.
     */
    public static PaymentCheck finalVerdict(PaymentRail rail, PaymentIntent intent, String txId, Commitment commitment,
                                            long validUntil) throws InterruptedException {
        PaymentCheck[] last = new PaymentCheck[1];
        try {
            return until(() -> {
                last[0] = rail.checkPayment(intent, txId, commitment, validUntil);
                return last[0].isFinal() ? last[0] : null;
            }, LIMIT);
        } catch (AssertionError stillPending) {
            return last[0];
        }
    }
}
