package dev.tollgate.chain.x402;

import java.util.Objects;

/**
 * An x402 payment whose authorisation someone else already used on chain (a stranger who copied it from the mempool
 * and submitted it first): the transaction that used it, which the caller must still check paid the requirement.
 *
 * @param txId       the transaction that used the authorisation
 * @param payment    the payment as the client signed it (payer, payment key), for the gateway's records
 * @param validUntil the authorisation's last valid second (the pending-tx deadline the gateway records)
 */
public record SettledElsewhere(String txId, ExactPayment payment, long validUntil) {

    public SettledElsewhere {
        Objects.requireNonNull(txId, "txId");
        Objects.requireNonNull(payment, "payment");
    }
}
