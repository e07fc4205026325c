package dev.tollgate.lockbox;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import io.micronaut.data.model.DataType;
import java.math.BigInteger;
import java.time.Instant;
import java.util.UUID;

/** Row of {@code settlement_sweeps}. */
@MappedEntity("settlement_sweeps")
record SweepRow(
        @Id UUID id,
        String network,
        String sourceTxId,
        UUID jobId,
        String asset,
        String settlementWallet,
        String payee,
        String feeRecipient,
        @MappedProperty(type = DataType.BIGDECIMAL, converter = BigIntegerNumericConverter.class) BigInteger netUnits,
        @MappedProperty(type = DataType.BIGDECIMAL, converter = BigIntegerNumericConverter.class) BigInteger feeUnits,
        String state,
        @Nullable String sweepTxId,
        @Nullable byte[] sweepRawTx,
        @Nullable Long sweepValidUntil,
        int attempts,
        Instant recordedAt,
        Instant updatedAt,
        @Nullable Instant doneAt) {

    Sweep toSweep() {
        return new Sweep(id, network, sourceTxId, jobId, asset, settlementWallet, payee, feeRecipient, netUnits,
                feeUnits, Sweep.State.valueOf(state.toUpperCase(java.util.Locale.ROOT)), sweepTxId,
                sweepRawTx == null ? null : sweepRawTx.clone(), sweepValidUntil, attempts, recordedAt, doneAt);
    }
}
