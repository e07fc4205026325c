package dev.tollgate.lockbox;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Billing authorizations. Every state move is one guarded UPDATE. {@link #lockPayer} and {@link #reserveWithin} run
 * in one transaction ({@link BillingAuthorizationStore#tryReserveWithin}): the lock makes the sum the second
 * statement reads (a fresh snapshot under READ COMMITTED) include every reservation committed before it.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface BillingAuthorizationRepository extends GenericRepository<BillingAuthorizationRow, UUID> {

    /** Inserts unless the (network, payment key) is taken: 1 for the one caller that reserved it. */
    @Query("""
            INSERT INTO billing_authorizations (id, kind, network, asset, payer, payment_key, units, state, job_id,
                                                details, created_at, expires_at, updated_at)
            VALUES (:id, :kind, :network, :asset, :payer, :paymentKey, :units, 'reserved', :jobId, :details, :now,
                    :expiresAt, :now)
            ON CONFLICT DO NOTHING""")
    int insert(UUID id, String kind, String network, String asset, String payer, @Nullable String paymentKey,
               BigDecimal units, @Nullable UUID jobId, String details, Instant now, Instant expiresAt);

    /** Locks the payer's row until the transaction ends (an upsert: the first reservation creates it). */
    @Query("""
            INSERT INTO billing_payer_locks (network, asset, payer) VALUES (:network, :asset, :payer)
            ON CONFLICT (network, asset, payer) DO UPDATE SET payer = EXCLUDED.payer""")
    int lockPayer(String network, String asset, String payer);

    /** Inserts only if the payer's open units plus {@code units} stay within {@code spendable}. */
    @Query("""
            INSERT INTO billing_authorizations (id, kind, network, asset, payer, payment_key, units, state, job_id,
                                                details, created_at, expires_at, updated_at)
            SELECT :id, :kind, :network, :asset, :payer, :paymentKey, :units, 'reserved', :jobId, :details, :now,
                   :expiresAt, :now
            WHERE (SELECT coalesce(sum(units), 0) FROM billing_authorizations
                   WHERE network = :network AND asset = :asset AND payer = :payer
                     AND (state = 'settling' OR (state = 'reserved' AND expires_at > :now)))
                  + :units <= :spendable
            ON CONFLICT DO NOTHING""")
    int reserveWithin(UUID id, String kind, String network, String asset, String payer, @Nullable String paymentKey,
                      BigDecimal units, @Nullable UUID jobId, String details, Instant now, Instant expiresAt,
                      BigDecimal spendable);

    @Query("""
            SELECT coalesce(sum(units), 0) FROM billing_authorizations
            WHERE network = :network AND asset = :asset AND payer = :payer
              AND (state = 'settling' OR (state = 'reserved' AND expires_at > :now))""")
    BigDecimal openUnits(String network, String asset, String payer, Instant now);

    @Query("SELECT * FROM billing_authorizations WHERE id = :id")
    Optional<BillingAuthorizationRow> find(UUID id);

    @Query("SELECT * FROM billing_authorizations WHERE network = :network AND payment_key = :paymentKey")
    Optional<BillingAuthorizationRow> findByPaymentKey(String network, String paymentKey);

    /** RESERVED and unexpired -> SETTLING, recording the job (unless one was recorded at authorize). */
    @Query("""
            UPDATE billing_authorizations SET state = 'settling', job_id = coalesce(job_id, :jobId), updated_at = :now
            WHERE id = :id AND state = 'reserved' AND expires_at > :now""")
    int beginSettling(UUID id, UUID jobId, Instant now);

    /** SETTLING -> SETTLED with the units charged. */
    @Query("""
            UPDATE billing_authorizations SET state = 'settled', units = :units, updated_at = :now
            WHERE id = :id AND state = 'settling'""")
    int markSettled(UUID id, BigDecimal units, Instant now);

    /** {@code from} -> RELEASED: the reservation is given back. */
    @Query("""
            UPDATE billing_authorizations SET state = 'released', updated_at = :now
            WHERE id = :id AND state = :from""")
    int release(UUID id, String from, Instant now);

    /** Housekeeping: authorizations expired before {@code before}, at most {@code limit}. */
    @Query("""
            DELETE FROM billing_authorizations WHERE id IN (
                SELECT id FROM billing_authorizations WHERE expires_at <= :before
                LIMIT :limit FOR UPDATE SKIP LOCKED)""")
    int deleteExpiredBefore(Instant before, int limit);

    /** Housekeeping: lock rows of payers with nothing stored any more, at most {@code limit}. */
    @Query("""
            DELETE FROM billing_payer_locks WHERE ctid IN (
                SELECT l.ctid FROM billing_payer_locks l
                WHERE NOT EXISTS (SELECT 1 FROM billing_authorizations a
                                  WHERE a.network = l.network AND a.asset = l.asset AND a.payer = l.payer)
                LIMIT :limit FOR UPDATE SKIP LOCKED)""")
    int deleteIdleLocks(int limit);
}
