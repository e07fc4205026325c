package dev.tollgate.chain.evm;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hashes of payments this rail signed after their own gas estimate passed on the pending state they will meet
 * (no unsent lower nonce of the payer), with the head block that estimate ran on: while that block is still the
 * head, their submission needs neither a lookup nor a preflight, which would repeat the estimate on the same state.
 * Only the rail adds to it, so no client can mark its own bytes; an entry is taken once (submit or discard) and
 * forgotten at its deadline if never taken. Bounded: when full, payments simply get the full preflight.
 */
final class SelfSimulated {
    private static final int MAX = 10_000;

    /** What the estimate ran on: the head block's number; and the payment's deadline (unix seconds). */
    record Simulated(long headNumber, long deadline) {
    }

    /** Lower-case tx hash → its simulation. */
    private final Map<String, Simulated> byHash = new ConcurrentHashMap<>();

    void remember(String txHash, long headNumber, long deadline) {
        if (byHash.size() >= MAX) {
            long now = Clock.systemUTC().instant().getEpochSecond();
            byHash.values().removeIf(s -> s.deadline() < now);
            if (byHash.size() >= MAX) {
                return;
            }
        }
        byHash.put(txHash.toLowerCase(Locale.ROOT), new Simulated(headNumber, deadline));
    }

    /** The simulation of {@code txHash} if it was remembered and not yet taken, else null; forgets it either way. */
    Simulated take(String txHash) {
        return byHash.remove(txHash.toLowerCase(Locale.ROOT));
    }
}
