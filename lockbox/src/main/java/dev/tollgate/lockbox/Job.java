package dev.tollgate.lockbox;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.UUID;

/**
 * A job as stored. Never carries the sealed output; see {@link Lockbox#release} and {@link Lockbox#releasedOutput}.
 *
 * @param settlingSince set while SETTLING (and kept on RELEASED for the record)
 * @param txId          the pending transaction while SETTLING (written before broadcast), the paying one once RELEASED
 * @param txValidUntil  rail-specific validity bound of the pending tx (e.g. last valid block height), may be null
 * @param attempts      how many times the job was claimed
 */
public record Job(UUID id, JobState state, String network, String asset, String payer, String payee,
                  String feeRecipient, BigInteger totalUnits, BigInteger feeUnits, BigInteger netUnits, int feeBps,
                  BigDecimal usdCost, BigDecimal tokenPriceUsd, String quoteJson, Instant createdAt,
                  Instant expiresAt, Instant settlingSince, Instant releasedAt, String txId, Long txValidUntil,
                  String settlementJson, int attempts) {

    /** True once the TTL has passed ({@code expiresAt <= now}), whatever the state. */
    public boolean isExpired(Instant now) {
        return !expiresAt.isAfter(now);
    }
}
