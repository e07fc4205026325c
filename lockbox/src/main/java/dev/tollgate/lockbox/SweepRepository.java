package dev.tollgate.lockbox;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Single guarded statements: every state change is a compare-and-set on (state, sweep_tx_id). */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface SweepRepository extends GenericRepository<SweepRow, UUID> {

    /** One sweep per (network, source tx): recording again changes nothing. */
    @Query("""
            INSERT INTO settlement_sweeps (id, network, source_tx_id, job_id, asset, settlement_wallet, payee,
                                           fee_recipient, net_units, fee_units, state, attempts, recorded_at, updated_at)
            VALUES (:id, :network, :sourceTxId, :jobId, :asset, :settlementWallet, :payee,
                    :feeRecipient, :netUnits, :feeUnits, 'pending', 0, :now, :now)
            ON CONFLICT (network, source_tx_id) DO NOTHING""")
    int insert(UUID id, String network, String sourceTxId, UUID jobId, String asset, String settlementWallet,
               String payee, String feeRecipient, BigInteger netUnits, BigInteger feeUnits, Instant now);

    @Query("SELECT * FROM settlement_sweeps WHERE network = :network AND source_tx_id = :sourceTxId")
    Optional<SweepRow> find(String network, String sourceTxId);

    @Query("SELECT * FROM settlement_sweeps WHERE id = :id")
    Optional<SweepRow> findById(UUID id);

    @Query("SELECT * FROM settlement_sweeps WHERE job_id = :jobId ORDER BY recorded_at, id")
    List<SweepRow> byJob(UUID jobId);

    @Query("""
            SELECT * FROM settlement_sweeps WHERE state IN ('pending', 'sending')
            ORDER BY recorded_at, id LIMIT :limit""")
    List<SweepRow> due(int limit);

    @Query("""
            SELECT * FROM settlement_sweeps
            WHERE CAST(:afterId AS uuid) IS NULL
               OR (recorded_at, id) > (SELECT recorded_at, id FROM settlement_sweeps WHERE id = CAST(:afterId AS uuid))
            ORDER BY recorded_at, id
            LIMIT :limit""")
    List<SweepRow> page(@Nullable UUID afterId, int limit);

    /** PENDING -> SENDING with the signed transaction, before it is broadcast. */
    @Query("""
            UPDATE settlement_sweeps
            SET state = 'sending', sweep_tx_id = :txId, sweep_raw_tx = :rawTx, sweep_valid_until = :validUntil,
                attempts = attempts + 1, updated_at = :now
            WHERE id = :id AND state = 'pending'""")
    int claim(UUID id, String txId, byte[] rawTx, long validUntil, Instant now);

    /** SENDING -> DONE, for the recorded transaction only. */
    @Query("""
            UPDATE settlement_sweeps SET state = 'done', sweep_raw_tx = NULL, done_at = :now, updated_at = :now
            WHERE id = :id AND state = 'sending' AND sweep_tx_id = :txId""")
    int markDone(UUID id, String txId, Instant now);

    /**
     * SENDING -> PENDING (or FAILED once {@code maxAttempts} are used, or when {@code giveUp}), for the recorded
     * transaction only: called when it can never land.
     */
    @Query("""
            UPDATE settlement_sweeps
            SET state = CASE WHEN :giveUp OR attempts >= :maxAttempts THEN 'failed' ELSE 'pending' END,
                sweep_tx_id = NULL, sweep_raw_tx = NULL, sweep_valid_until = NULL, updated_at = :now
            WHERE id = :id AND state = 'sending' AND sweep_tx_id = :txId""")
    int release(UUID id, String txId, boolean giveUp, int maxAttempts, Instant now);
}
