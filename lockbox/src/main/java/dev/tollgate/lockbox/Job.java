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
 * @param boundWallet   the wallet a signed (Sign-In-With-X) trade bound the job to, always {@code payer}; null when
 *                      the trade was unsigned
 */
public record Job(UUID id, JobState state, String network, String asset, String payer, String payee,
                  String feeRecipient, BigInteger totalUnits, BigInteger feeUnits, BigInteger netUnits, int feeBps,
                  BigDecimal usdCost, BigDecimal tokenPriceUsd, String quoteJson, Instant createdAt,
                  Instant expiresAt, Instant settlingSince, Instant releasedAt, String txId, Long txValidUntil,
                  String settlementJson, int attempts, String boundWallet) {

    /** A job not bound to a signed-in wallet (an unsigned trade). */
    public Job(UUID id, JobState state, String network, String asset, String payer, String payee,
               String feeRecipient, BigInteger totalUnits, BigInteger feeUnits, BigInteger netUnits, int feeBps,
               BigDecimal usdCost, BigDecimal tokenPriceUsd, String quoteJson, Instant createdAt,
               Instant expiresAt, Instant settlingSince, Instant releasedAt, String txId, Long txValidUntil,
               String settlementJson, int attempts) {
        this(id, state, network, asset, payer, payee, feeRecipient, totalUnits, feeUnits, netUnits, feeBps, usdCost,
                tokenPriceUsd, quoteJson, createdAt, expiresAt, settlingSince, releasedAt, txId, txValidUntil,
                settlementJson, attempts, null);
    }

    /** True when a signed trade bound the job to its wallet: only that wallet may read it or collect its output. */
    public boolean isWalletBound() {
        return boundWallet != null;
    }

    /** True once the TTL has passed ({@code expiresAt <= now}), whatever the state. */
    public boolean isExpired(Instant now) {
        return !expiresAt.isAfter(now);
    }
}
