package dev.tollgate.lockbox;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/**
 * The release's guarded UPDATE (SETTLING -> RELEASED on the job's own network), the output kept past any grace, and
 * the released row and sealed output read back, in ONE statement: what were three statements and two reads. Runs on
 * the caller's connection ({@link JdbcOperations#execute}), i.e. inside {@link Lockbox#release}'s transaction.
 */
@Singleton
final class ReleaseStatement {
    static final String SQL = """
            WITH r AS (
                UPDATE jobs SET state = 'RELEASED', released_at = ?, tx_id = ?, settlement_json = ?
                WHERE id = ? AND state = 'SETTLING' AND network = ?
                RETURNING *),
            o AS (
                UPDATE job_outputs SET purge_at = NULL WHERE job_id IN (SELECT id FROM r) RETURNING sealed_output)
            SELECT r.*, (SELECT sealed_output FROM o) AS sealed_output FROM r""";

    /** The released job and its sealed output (null when the output row is gone). */
    record Result(JobRow row, byte[] sealedOutput) {
    }

    private final JdbcOperations jdbc;

    ReleaseStatement(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** Empty when the guard matched nothing: the job is unknown, not SETTLING, or on another network. */
    Optional<Result> markReleased(UUID id, String network, String txId, String settlementJson, Instant now) {
        return jdbc.execute(connection -> {
            try (PreparedStatement s = connection.prepareStatement(SQL)) {
                s.setObject(1, now.atOffset(ZoneOffset.UTC));
                s.setString(2, txId);
                s.setString(3, settlementJson);
                s.setObject(4, id);
                s.setString(5, network);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Result(jobRow(rs), rs.getBytes("sealed_output")));
                }
            }
        });
    }

    /** A {@code jobs} row as {@link JobRepository#findById} maps it (amounts exact, scales and instants kept). */
    static JobRow jobRow(ResultSet rs) throws SQLException {
        long validUntil = rs.getLong("tx_valid_until");
        Long txValidUntil = rs.wasNull() ? null : validUntil;
        return new JobRow(rs.getObject("id", UUID.class), JobState.valueOf(rs.getString("state")),
                rs.getString("network"), rs.getString("asset"), rs.getString("payer"), rs.getString("payee"),
                rs.getString("fee_recipient"), units(rs, "total_units"), units(rs, "fee_units"),
                units(rs, "net_units"), rs.getInt("fee_bps"), rs.getBigDecimal("usd_cost"),
                rs.getBigDecimal("token_price_usd"), rs.getString("quote_json"), instant(rs, "created_at"),
                instant(rs, "expires_at"), instant(rs, "settling_since"), instant(rs, "released_at"),
                rs.getString("tx_id"), txValidUntil, rs.getString("settlement_json"), rs.getInt("attempts"),
                rs.getString("bound_wallet"));
    }

    private static BigInteger units(ResultSet rs, String column) throws SQLException {
        BigDecimal value = rs.getBigDecimal(column);
        return value == null ? null : value.toBigIntegerExact();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
