package dev.tollgate.lockbox;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import io.micronaut.data.model.DataType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.UUID;

/** Row of {@code jobs}; kept apart from the public {@link Job} so persistence annotations stay internal. */
@MappedEntity("jobs")
record JobRow(
        @Id UUID id,
        JobState state,
        String network,
        String asset,
        @Nullable String payer,
        String payee,
        @Nullable String feeRecipient,
        @MappedProperty(type = DataType.BIGDECIMAL, converter = BigIntegerNumericConverter.class) BigInteger totalUnits,
        @MappedProperty(type = DataType.BIGDECIMAL, converter = BigIntegerNumericConverter.class) BigInteger feeUnits,
        @MappedProperty(type = DataType.BIGDECIMAL, converter = BigIntegerNumericConverter.class) BigInteger netUnits,
        int feeBps,
        @Nullable BigDecimal usdCost,
        @Nullable BigDecimal tokenPriceUsd,
        @Nullable String quoteJson,
        Instant createdAt,
        Instant expiresAt,
        @Nullable Instant settlingSince,
        @Nullable Instant releasedAt,
        @Nullable String txId,
        @Nullable Long txValidUntil,
        @Nullable String settlementJson,
        int attempts,
        @Nullable String boundWallet) {

    Job toJob() {
        return new Job(id, state, network, asset, payer, payee, feeRecipient, totalUnits, feeUnits, netUnits, feeBps,
                usdCost, tokenPriceUsd, quoteJson, createdAt, expiresAt, settlingSince, releasedAt, txId,
                txValidUntil, settlementJson, attempts, boundWallet);
    }
}
