package dev.tollgate.lockbox;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/** Row of {@code x402_payments}; (network, payment key) is its key, the repository queries by it. */
@MappedEntity("x402_payments")
record X402PaymentRow(
        String network,
        @Id String paymentKey,
        String payloadHash,
        @Nullable UUID jobId,
        String payer,
        String state,
        @Nullable String txId,
        @Nullable Long validUntil,
        String requirement,
        String payload,
        @Nullable String response,
        Instant createdAt,
        Instant updatedAt) {

    X402Payment toPayment() {
        return new X402Payment(network, paymentKey, payloadHash, jobId, payer, X402Payment.State.valueOf(
                state.toUpperCase(java.util.Locale.ROOT)), txId, validUntil, requirement, payload, response);
    }
}
