package dev.tollgate.chain;

/**
 * A rail capability: pay from a payer's key held for one settlement (ATP's private-key mode). The flow is
 * {@link #signPayment} (the tx id is known now and is recorded by the caller), {@link #submit}, then
 * {@link PaymentRail#checkPayment} until it is final. Payments a payer makes itself never need this.
 */
public interface CustodialSigner {

    /**
     * Parses a payer key in the rail's usual text forms (Solana: base58 64-byte keypair or a JSON byte array;
     * EVM: 0x hex). The caller closes the returned secret.
     *
     * @throws PaymentRejectedException with {@code INVALID_KEY} and a message that never contains the key
     */
    PayerSecret parseSecret(String text) throws PaymentRejectedException;

    /** The address a secret pays from. */
    String addressOf(PayerSecret secret);

    /** Builds and signs the one transaction that pays {@code intent}: net to payee, fee to fee recipient, memo. */
    SignedPayment signPayment(PaymentIntent intent, PayerSecret secret) throws PaymentRejectedException;

    /**
     * Broadcasts a signed payment once. A node that already has these exact bytes is a normal outcome
     * ({@link Submission#ALREADY_KNOWN}), not an error: nothing is sent twice either way.
     *
     * @throws PaymentRejectedException definitively not landed (preflight/simulation failed)
     * @throws RailUnavailableException outcome unknown: keep the tx id and check it later
     */
    Submission submit(SignedPayment payment, boolean skipPreflight) throws PaymentRejectedException;

    /**
     * A signed payment that will never be broadcast (its claim was lost before it could be recorded): frees what
     * signing reserved for it, such as an EVM nonce, so the payer's later payments do not queue behind it. Best
     * effort; never call it for a payment that may have been sent.
     */
    default void discard(SignedPayment payment) {
    }

    /**
     * Whether one payer's payments must be signed and broadcast one at a time (an EVM account's nonces: a payment
     * signed above one that is then refused would wait behind the gap). The caller then holds a per-payer turn from
     * {@link #signPayment} until {@link #submit} or {@link #discard} returns.
     */
    default boolean signsInTurnPerPayer() {
        return false;
    }

    /** What a node said to a broadcast it accepted. */
    enum Submission {
        /** The node took the transaction. */
        ACCEPTED,
        /** The node already had it (pool or chain): an earlier broadcast of the same bytes went through. */
        ALREADY_KNOWN
    }
}
