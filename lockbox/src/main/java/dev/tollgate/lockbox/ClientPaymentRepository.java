package dev.tollgate.lockbox;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Client-signed payments by digest: which tx a job's client payment became (see V4's {@code client_payments}). */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface ClientPaymentRepository extends GenericRepository<JobRow, UUID> {

    /** The latest attempt wins: the same bytes re-inspected after a failed attempt may name a new tx. */
    @Query("""
            INSERT INTO client_payments (network, digest, job_id, tx_id, recorded_at)
            VALUES (:network, :digest, :jobId, :txId, :now)
            ON CONFLICT (network, digest) DO UPDATE
                SET job_id = EXCLUDED.job_id, tx_id = EXCLUDED.tx_id, recorded_at = EXCLUDED.recorded_at""")
    int record(String network, String digest, UUID jobId, String txId, Instant now);

    /** A list: empty or one tx id. */
    @Query("SELECT tx_id FROM client_payments WHERE network = :network AND digest = :digest AND job_id = :jobId")
    List<String> txOf(String network, String digest, UUID jobId);
}
