package dev.tollgate.lockbox;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/** Row of {@code evm_nonce_reservations}: one nonce of one payer, reserved by one signer. */
@MappedEntity("evm_nonce_reservations")
record NonceReservationRow(
        @Id UUID id,
        String network,
        String payer,
        long nonce,
        @Nullable String permitToken,
        long deadline,
        @Nullable String txHash,
        Instant reservedAt) {
}
