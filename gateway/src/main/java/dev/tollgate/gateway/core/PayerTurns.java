package dev.tollgate.gateway.core;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Semaphore;

/**
 * One key-mode payment per payer wallet at a time in this instance, from signing to its broadcast (or refusal).
 * The next payment of the same wallet is signed only once the node holds the previous one, so it is never signed
 * above a nonce that may still be refused (it would wait in the node's pool behind the gap, unminable), and its own
 * gas estimate runs on the state the previous one leaves (an EIP-2612 permit nonce, a balance). A turn lasts a few
 * node and database round trips, never the wait for the chain. Fair: payments of one wallet go in arrival order.
 * Across instances the rail itself refuses to broadcast above a gap.
 */
@Singleton
public class PayerTurns {
    private final ConcurrentHashMap<String, Turn> turns = new ConcurrentHashMap<>();

    /** A turn held; closing it lets the next payment of the wallet go. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * One permit (fair, owned by no thread: a turn is one request's, whichever thread closes it) and how many
     * callers hold or wait for it: the entry goes when the last one leaves.
     */
    private static final class Turn {
        private final Semaphore permit = new Semaphore(1, true);
        private int users; // changed only inside ConcurrentHashMap.compute, which serialises per key
    }

    /**
     * Waits up to {@code wait} for the wallet's turn.
     *
     * @return the turn, or null if the wait ran out
     * @throws InterruptedException if interrupted while waiting
     */
    public Held take(String network, String payer, Duration wait) throws InterruptedException {
        String key = network + "/" + payer.toLowerCase(Locale.ROOT);
        Turn turn = turns.compute(key, (k, t) -> {
            Turn joined = t == null ? new Turn() : t;
            joined.users++;
            return joined;
        });
        boolean taken = false;
        try {
            taken = turn.permit.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
        } finally {
            if (!taken) {
                leave(key, turn);
            }
        }
        if (!taken) {
            return null;
        }
        java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) { // closing twice must not hand out a second permit
                turn.permit.release();
                leave(key, turn);
            }
        };
    }

    /** How many wallets have a turn held or awaited (for tests: entries never outlive their users). */
    int wallets() {
        return turns.size();
    }

    private void leave(String key, Turn turn) {
        turns.compute(key, (k, t) -> {
            turn.users--;
            return turn.users == 0 ? null : turn;
        });
    }
}
