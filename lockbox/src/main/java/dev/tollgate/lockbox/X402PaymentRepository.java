package dev.tollgate.lockbox;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface X402PaymentRepository extends GenericRepository<X402PaymentRow, String> {

    /** The claim: exactly one caller inserts a (network, key) or a (network, payload hash). */
    @Query("""
            INSERT INTO x402_payments (network, payment_key, payload_hash, job_id, payer, state, requirement, payload,
                                       created_at, updated_at)
            VALUES (:network, :paymentKey, :payloadHash, :jobId, :payer, 'claimed', :requirement, :payload, :now, :now)
            ON CONFLICT DO NOTHING""")
    int claim(String network, String paymentKey, String payloadHash, @Nullable UUID jobId, String payer,
              String requirement, String payload, Instant now);

    @Query("SELECT * FROM x402_payments WHERE network = :network AND payment_key = :paymentKey")
    Optional<X402PaymentRow> find(String network, String paymentKey);

    @Query("SELECT * FROM x402_payments WHERE network = :network AND payload_hash = :payloadHash")
    Optional<X402PaymentRow> findByPayload(String network, String payloadHash);

    @Query("SELECT * FROM x402_payments WHERE job_id = :jobId AND tx_id = :txId")
    Optional<X402PaymentRow> findByJobTx(UUID jobId, String txId);

    @Query("SELECT * FROM x402_payments WHERE job_id IS NULL AND state = 'sent' ORDER BY updated_at LIMIT :limit")
    List<X402PaymentRow> sentForeign(int limit);

    @Query("""
            UPDATE x402_payments SET state = 'sent', tx_id = :txId, valid_until = :validUntil, updated_at = :now
            WHERE network = :network AND payment_key = :paymentKey AND state = 'claimed'""")
    int markSent(String network, String paymentKey, String txId, long validUntil, Instant now);

    /** CLAIMED or SENT with {@code oldTxId} (null: none) -> SENT with {@code newTxId}; never a settled payment. */
    @Query("""
            UPDATE x402_payments SET state = 'sent', tx_id = :newTxId, valid_until = :validUntil, updated_at = :now
            WHERE network = :network AND payment_key = :paymentKey AND state <> 'settled'
              AND tx_id IS NOT DISTINCT FROM CAST(:oldTxId AS text)""")
    int replaceTx(String network, String paymentKey, @Nullable String oldTxId, String newTxId, long validUntil,
                  Instant now);

    @Query("""
            UPDATE x402_payments SET state = 'settled', response = :response, updated_at = :now
            WHERE network = :network AND payment_key = :paymentKey AND state = 'sent' AND tx_id = :txId""")
    int markSettled(String network, String paymentKey, String txId, String response, Instant now);

    /** Forgets a payment that moved no money (refused before or at broadcast, dropped, failed on chain). */
    @Query("""
            DELETE FROM x402_payments WHERE network = :network AND payment_key = :paymentKey AND state <> 'settled'
              AND tx_id IS NOT DISTINCT FROM CAST(:txId AS text)""")
    int forget(String network, String paymentKey, @Nullable String txId);

    /** Claims whose claimer died before recording a tx (nothing was sent): the payload may be tried again. */
    @Query("""
            DELETE FROM x402_payments WHERE state = 'claimed' AND tx_id IS NULL AND updated_at < :before""")
    int forgetStaleClaims(Instant before);

    @Query("""
            INSERT INTO x402_payment_ids (payment_id, payload_hash, created_at) VALUES (:paymentId, :payloadHash, :now)
            ON CONFLICT DO NOTHING""")
    int bindId(String paymentId, String payloadHash, Instant now);

    @Query("SELECT payload_hash FROM x402_payment_ids WHERE payment_id = :paymentId")
    Optional<String> payloadOfId(String paymentId);
}
