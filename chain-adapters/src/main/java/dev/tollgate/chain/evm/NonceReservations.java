package dev.tollgate.chain.evm;

import dev.tollgate.chain.NetworkId;
import java.util.Objects;
import java.util.UUID;

/**
 * Where transaction nonces are reserved per payer between signing and the node seeing the transaction, so that
 * payments signed concurrently from one key never share a nonce, even before the node has seen any of them.
 * Every signer that may sign for the same key must share one instance: the threads of a process
 * ({@link InMemoryNonceReservations}), or every gateway instance of a deployment (a database-backed one).
 *
 * <p>A reservation is <em>live</em> until the node's pending count for its payer passes its nonce (the node knows
 * the transaction), its submission is rejected ({@link #rejected}), its signing fails ({@link #cancel}), or its
 * deadline is before the chain's time (then its transaction can no longer pay anything, so the nonce may be reused).
 * Implementations take a reservation atomically: two callers never both get the same live nonce.
 *
 * <p>Payer addresses are compared case-insensitively; implementations store them lower-case.
 */
public interface NonceReservations {

    /**
     * Reserves the lowest nonce at or above {@code pendingCount} that no live reservation of {@code payer} holds.
     *
     * @param pendingCount the payer's transaction count at the node's {@code pending} tag
     * @param chainTime    the latest block's timestamp (unix seconds): reservations with an earlier deadline are free
     * @param permitToken  the EIP-2612 token whose permit nonce the payment uses up, or null
     * @param deadline     the payment's on-chain deadline (unix seconds)
     */
    Reservation reserve(NetworkId network, String payer, long pendingCount, long chainTime, String permitToken,
                        long deadline);

    /**
     * How many live reservations of the reservation's payer that use up a permit nonce of {@code token} hold a
     * nonce in {@code [fromNonce, reservation.nonce())}: not yet known to the node, each will consume one permit
     * nonce of the token before this payment.
     */
    int permitsBetween(Reservation reservation, String token, long fromNonce, long chainTime);

    /** Names the signed transaction, so that {@link #rejected} can find the reservation. */
    void signed(Reservation reservation, String txHash);

    /** Frees a reservation whose transaction was never signed. A no-op if it was already taken over. */
    void cancel(Reservation reservation);

    /** Frees the nonce of a signed transaction that was definitively not broadcast. */
    void rejected(NetworkId network, String payer, String txHash);

    /**
     * Whether every nonce in {@code [fromNonce, belowNonce)} of {@code payer} is held by a live reservation whose
     * transaction is signed: only then may a transaction with nonce {@code belowNonce} be broadcast while the node's
     * pending count is {@code fromNonce}, for the lower ones can still fill the gap in front of it. An empty range is
     * covered. Stores that cannot tell answer {@code false}: nothing is broadcast above a nonce the node lacks.
     *
     * @param chainTime unix seconds: reservations with an earlier deadline are dead
     */
    default boolean signedBetween(NetworkId network, String payer, long fromNonce, long belowNonce, long chainTime) {
        return fromNonce >= belowNonce;
    }

    /**
     * Whether every nonce in {@code [fromNonce, belowNonce)} of {@code payer} is held by a live reservation, signed
     * or still being signed: while one is not, nothing but a new reservation can fill the gap. Stores that cannot
     * tell answer as {@link #signedBetween} does.
     */
    default boolean heldBetween(NetworkId network, String payer, long fromNonce, long belowNonce, long chainTime) {
        return signedBetween(network, payer, fromNonce, belowNonce, chainTime);
    }

    /**
     * One reserved nonce; {@code id} tells this reservation from a later one of the same nonce (after this one
     * expired and the nonce was reused), so {@link #signed} and {@link #cancel} never touch someone else's.
     */
    record Reservation(UUID id, NetworkId network, String payer, long nonce) {
        public Reservation {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(network, "network");
            Objects.requireNonNull(payer, "payer");
            if (nonce < 0) {
                throw new IllegalArgumentException("nonce must not be negative, got " + nonce);
            }
        }
    }
}
