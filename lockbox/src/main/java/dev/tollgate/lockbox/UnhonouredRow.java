package dev.tollgate.lockbox;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import io.micronaut.data.model.DataType;
import java.math.BigInteger;
import java.time.Instant;
import java.util.UUID;

/** Row of {@code unhonoured_payments}. */
@MappedEntity("unhonoured_payments")
record UnhonouredRow(
        @Id UUID id,
        String network,
        String txId,
        UUID jobId,
        String reason,
        @Nullable String payer,
        String asset,
        @MappedProperty(type = DataType.BIGDECIMAL, converter = BigIntegerNumericConverter.class) BigInteger toPayee,
        @MappedProperty(type = DataType.BIGDECIMAL, converter = BigIntegerNumericConverter.class) BigInteger toFeeRecipient,
        String payee,
        @Nullable String feeRecipient,
        @Nullable Instant blockTime,
        Instant recordedAt) {

    UnhonouredPayment toPayment() {
        return new UnhonouredPayment(network, txId, jobId, reason, payer, asset, toPayee, toFeeRecipient, payee,
                feeRecipient, blockTime, recordedAt);
    }
}
