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

/**
 * Every state change is one guarded statement ({@code WHERE ... AND state = ...}): the row lock PostgreSQL takes
 * for the UPDATE makes concurrent callers re-check the guard after the winner commits, so exactly one succeeds.
 * "now" is always a parameter (from the injected Clock), never SQL {@code now()}.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface JobRepository extends GenericRepository<JobRow, UUID> {

    Optional<JobRow> findById(UUID id);

    @Query("""
            UPDATE jobs SET state = 'SETTLING', settling_since = :now, attempts = attempts + 1
            WHERE id = :id AND state = 'LOCKED' AND expires_at > :now""")
    int claim(UUID id, Instant now);

    /** Refuses to replace a different recorded tx: that tx may still land, and only one tx per claim may exist. */
    @Query("""
            UPDATE jobs SET tx_id = :txId, tx_valid_until = :validUntil
            WHERE id = :id AND state = 'SETTLING' AND (tx_id IS NULL OR tx_id = :txId)""")
    int recordPendingTx(UUID id, String txId, long validUntil);

    /** {@link #recordPendingTx} for a caller that holds the job: also guarded on its (immutable) network. */
    @Query("""
            UPDATE jobs SET tx_id = :txId, tx_valid_until = :validUntil
            WHERE id = :id AND network = :network AND state = 'SETTLING' AND (tx_id IS NULL OR tx_id = :txId)""")
    int recordPendingTxOn(UUID id, String network, String txId, long validUntil);

    /**
     * Replaces the recorded tx only while it is still {@code oldTxId} (null: none): for a tx proven never to land
     * (its payment was made by another transaction, which is then the one that pays).
     */
    @Query("""
            UPDATE jobs SET tx_id = :newTxId, tx_valid_until = :validUntil
            WHERE id = :id AND state = 'SETTLING' AND tx_id IS NOT DISTINCT FROM CAST(:oldTxId AS text)""")
    int replacePendingTx(UUID id, @Nullable String oldTxId, String newTxId, long validUntil);

    /** Inserts nothing unless the job is SETTLING; ON CONFLICT covers both (network, tx_id) and job_id. */
    @Query("""
            INSERT INTO payments (network, tx_id, job_id, recorded_at)
            SELECT :network, :txId, :jobId, :now
            WHERE EXISTS (SELECT 1 FROM jobs WHERE id = :jobId AND state = 'SETTLING')
            ON CONFLICT DO NOTHING""")
    int insertPayment(String network, String txId, UUID jobId, Instant now);

    @Query("SELECT job_id FROM payments WHERE network = :network AND tx_id = :txId")
    Optional<UUID> findPaidJob(String network, String txId);

    @Query("""
            UPDATE jobs SET state = 'LOCKED', settling_since = NULL, tx_id = NULL, tx_valid_until = NULL
            WHERE id = :id AND state = 'SETTLING' AND tx_id IS NOT DISTINCT FROM CAST(:txId AS text)""")
    int returnToLockedIfTx(UUID id, @Nullable String txId);

    /** {@link #returnToLockedIfTx} for a caller that holds the job: also guarded on its (immutable) network. */
    @Query("""
            UPDATE jobs SET state = 'LOCKED', settling_since = NULL, tx_id = NULL, tx_valid_until = NULL
            WHERE id = :id AND network = :network AND state = 'SETTLING'
              AND tx_id IS NOT DISTINCT FROM CAST(:txId AS text)""")
    int returnToLockedIfTxOn(UUID id, String network, @Nullable String txId);

    /**
     * Expires one bounded batch. The sealed outputs stay for the late-payment grace ({@code purge_at}), so a payment
     * that landed before the deadline can still be honoured. SKIP LOCKED lets several reapers (or gateway
     * instances) share the work without waiting on each other or on in-flight claims.
     */
    @Query("""
            WITH due AS (
                SELECT id FROM jobs
                WHERE state = 'LOCKED' AND expires_at <= :now
                ORDER BY expires_at
                LIMIT :batchSize
                FOR UPDATE SKIP LOCKED),
            expired AS (
                UPDATE jobs j SET state = 'EXPIRED'
                FROM due WHERE j.id = due.id AND j.state = 'LOCKED'
                RETURNING j.id, j.expires_at),
            held AS (
                UPDATE job_outputs o SET purge_at = e.expires_at + make_interval(secs => :graceSeconds)
                FROM expired e WHERE o.job_id = e.id)
            SELECT count(*) FROM expired""")
    long expireDue(Instant now, int batchSize, long graceSeconds);

    /** Deletes one bounded batch of outputs of EXPIRED jobs whose grace is over. */
    @Query("""
            WITH due AS (
                SELECT o.job_id FROM job_outputs o JOIN jobs j ON j.id = o.job_id
                WHERE o.purge_at <= :now AND j.state = 'EXPIRED'
                ORDER BY o.purge_at
                LIMIT :batchSize
                FOR UPDATE OF o, j SKIP LOCKED),
            dropped AS (
                DELETE FROM job_outputs o USING due WHERE o.job_id = due.job_id RETURNING o.job_id)
            SELECT count(*) FROM dropped""")
    long purgeExpiredOutputs(Instant now, int batchSize);

    /**
     * A late claim: the job's TTL has passed but its output is still held (within the grace, {@code expires_at >
     * graceStart}). Only a payment made before the deadline may then release it (the caller checks its block time).
     */
    @Query("""
            UPDATE jobs SET state = 'SETTLING', settling_since = :now, attempts = attempts + 1
            WHERE id = :id AND state IN ('LOCKED', 'EXPIRED') AND expires_at <= :now AND expires_at > :graceStart
              AND EXISTS (SELECT 1 FROM job_outputs o WHERE o.job_id = :id)""")
    int claimLate(UUID id, Instant now, Instant graceStart);

    @Query("""
            SELECT * FROM jobs
            WHERE state = 'SETTLING' AND tx_id IS NOT NULL
            ORDER BY settling_since, id
            LIMIT :limit""")
    List<JobRow> pendingSettlements(int limit);

    @Query("""
            UPDATE jobs SET state = 'LOCKED', settling_since = NULL
            WHERE state = 'SETTLING' AND tx_id IS NULL AND settling_since < :cutoff""")
    int returnStaleClaims(Instant cutoff);
}
