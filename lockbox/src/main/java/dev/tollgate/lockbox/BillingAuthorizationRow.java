package dev.tollgate.lockbox;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** Row of {@code billing_authorizations}. */
@MappedEntity("billing_authorizations")
record BillingAuthorizationRow(@Id UUID id, String kind, String network, String asset, String payer,
                               @Nullable String paymentKey, BigDecimal units, String state, @Nullable UUID jobId,
                               String details, Instant createdAt, Instant expiresAt, Instant updatedAt) {

    BillingAuthorization toAuthorization() {
        return new BillingAuthorization(id, kind, network, asset, payer, paymentKey, units.toBigIntegerExact(),
                BillingAuthorization.State.of(state), jobId, details, createdAt, expiresAt);
    }
}
