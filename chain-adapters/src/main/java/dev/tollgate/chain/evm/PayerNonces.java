package dev.tollgate.chain.evm;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands out transaction nonces per payer so that payments signed concurrently from one key never share a nonce,
 * even before the node has seen any of them. A nonce stays reserved from signing until the node knows the
 * transaction (its pending count moves past it), its submission is rejected, or its deadline has passed (then it
 * can no longer pay anything, so reusing the nonce is safe). Callers hold {@link #lock} while reserving.
 */
final class PayerNonces {
    private final ConcurrentHashMap<String, Payer> payers = new ConcurrentHashMap<>();

    private record Reservation(BigInteger nonce, String permitToken, long deadline, String txHash) {
    }

    /** The reservations of one payer; its monitor serializes signing for that payer. */
    static final class Payer {
        private final List<Reservation> reservations = new ArrayList<>();
    }

    /** The monitor to hold (synchronized) while choosing a nonce for {@code address} and signing with it. */
    Payer lock(String address) {
        return payers.computeIfAbsent(address.toLowerCase(Locale.ROOT), a -> new Payer());
    }

    /**
     * The lowest nonce at or above the node's pending count that no unseen reservation holds. Call with the lock.
     *
     * @param pendingCount the payer's transaction count at the {@code pending} tag
     * @param chainTime    the latest block's timestamp
     */
    BigInteger next(Payer payer, BigInteger pendingCount, long chainTime) {
        payer.reservations.removeIf(r -> r.nonce().compareTo(pendingCount) < 0 || r.deadline() < chainTime);
        BigInteger nonce = pendingCount;
        while (holds(payer, nonce)) {
            nonce = nonce.add(BigInteger.ONE);
        }
        return nonce;
    }

    /**
     * How many reserved, not yet broadcast permit payments for {@code token} come before {@code nonce}: each will
     * use up one permit nonce of the token first. Call with the lock, after {@link #next}.
     */
    int permitsBefore(Payer payer, String token, BigInteger nonce) {
        return (int) payer.reservations.stream()
                .filter(r -> r.permitToken() != null && r.permitToken().equalsIgnoreCase(token))
                .filter(r -> r.nonce().compareTo(nonce) < 0)
                .count();
    }

    void reserve(Payer payer, BigInteger nonce, String permitToken, long deadline, String txHash) {
        payer.reservations.add(new Reservation(nonce, permitToken, deadline, txHash));
    }

    /** Frees the nonce of a transaction that was definitively not broadcast. */
    void release(String address, String txHash) {
        Payer payer = payers.get(address.toLowerCase(Locale.ROOT));
        if (payer != null) {
            synchronized (payer) {
                payer.reservations.removeIf(r -> r.txHash().equalsIgnoreCase(txHash));
            }
        }
    }

    private static boolean holds(Payer payer, BigInteger nonce) {
        return payer.reservations.stream().anyMatch(r -> r.nonce().equals(nonce));
    }
}
