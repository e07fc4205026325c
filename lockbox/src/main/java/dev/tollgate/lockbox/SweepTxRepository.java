package dev.tollgate.lockbox;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface SweepTxRepository extends GenericRepository<SweepTxRow, String> {

    @Query("""
            INSERT INTO settlement_sweep_txs (network, tx_id, sweep_id, valid_until, outcome, recorded_at)
            VALUES (:network, :txId, :sweepId, :validUntil, 'sent', :now)""")
    int insert(String network, String txId, UUID sweepId, @Nullable Long validUntil, Instant now);

    @Query("""
            UPDATE settlement_sweep_txs SET outcome = :outcome, decided_at = :now
            WHERE network = :network AND tx_id = :txId AND outcome = 'sent'""")
    int decide(String network, String txId, String outcome, Instant now);

    @Query("SELECT * FROM settlement_sweep_txs WHERE sweep_id = :sweepId ORDER BY recorded_at, tx_id")
    List<SweepTxRow> bySweep(UUID sweepId);
}
