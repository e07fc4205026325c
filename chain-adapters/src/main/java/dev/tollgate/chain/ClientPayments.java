package dev.tollgate.chain;

/**
 * A rail capability: take a payment the payer signed itself ({@link ClientPayment}), prove before anything is
 * broadcast that it pays exactly one job's intent and nothing else, then broadcast it. A refused payment is never
 * broadcast. The flow is {@link #inspect} (the tx id is known now and recorded by the caller), {@link #submit},
 * then {@link PaymentRail#checkPayment} until final, exactly as for a custodial payment.
 */
public interface ClientPayments {

    /**
     * Checks {@code payment} against {@code intent} (amounts, recipients, asset, memo or job reference, chain,
     * payer, fee payer, validity) and returns it ready to broadcast, co-signed or wrapped by the gateway where the
     * rail sponsors fees or relays (within the operator's budgets). No I/O beyond reads (e.g. blockhash validity).
     *
     * @throws ClientPaymentRefusedException the payment does not pay the intent as required; nothing was sent
     * @throws RailUnavailableException      a node could not be asked; nothing was sent
     */
    SignedPayment inspect(PaymentIntent intent, ClientPayment payment) throws ClientPaymentRefusedException;

    /**
     * Broadcasts an inspected payment once; a node that already has it answers {@code ALREADY_KNOWN}.
     *
     * @throws PaymentRejectedException definitively not landed (simulation/preflight failed)
     * @throws RailUnavailableException outcome unknown: keep the tx id and check it later
     */
    CustodialSigner.Submission submit(SignedPayment payment) throws PaymentRejectedException;

    /** A payment inspected but never to be broadcast: frees what inspection reserved (budget, relayer nonce). */
    default void discard(SignedPayment payment) {
    }
}
