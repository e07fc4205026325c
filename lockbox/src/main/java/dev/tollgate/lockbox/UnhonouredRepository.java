package dev.tollgate.lockbox;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface UnhonouredRepository extends GenericRepository<UnhonouredRow, UUID> {

    /** One record per (network, tx): recording again changes nothing. */
    @Query("""
            INSERT INTO unhonoured_payments (id, network, tx_id, job_id, reason, payer, asset, to_payee,
                                             to_fee_recipient, payee, fee_recipient, block_time, recorded_at)
            VALUES (:id, :network, :txId, :jobId, :reason, :payer, :asset, :toPayee,
                    :toFeeRecipient, :payee, :feeRecipient, :blockTime, :recordedAt)
            ON CONFLICT (network, tx_id) DO NOTHING""")
    int insert(UUID id, String network, String txId, UUID jobId, String reason, @Nullable String payer, String asset,
               BigInteger toPayee, BigInteger toFeeRecipient, String payee, @Nullable String feeRecipient,
               @Nullable Instant blockTime, Instant recordedAt);

    @Query("""
            SELECT * FROM unhonoured_payments
            WHERE CAST(:afterId AS uuid) IS NULL
               OR (recorded_at, id) > (SELECT recorded_at, id FROM unhonoured_payments WHERE id = CAST(:afterId AS uuid))
            ORDER BY recorded_at, id
            LIMIT :limit""")
    List<UnhonouredRow> page(@Nullable UUID afterId, int limit);

    @Query("SELECT * FROM unhonoured_payments WHERE network = :network AND tx_id = :txId")
    java.util.Optional<UnhonouredRow> find(String network, String txId);
}
