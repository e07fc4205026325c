package dev.tollgate.lockbox;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/** Row of {@code settlement_sweep_txs}. */
@MappedEntity("settlement_sweep_txs")
record SweepTxRow(
        String network,
        @Id String txId,
        UUID sweepId,
        @Nullable Long validUntil,
        String outcome,
        Instant recordedAt,
        @Nullable Instant decidedAt) {

    Sweep.Transaction toTransaction() {
        return new Sweep.Transaction(network, txId, sweepId, validUntil, outcome, recordedAt, decidedAt);
    }
}
