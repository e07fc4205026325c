package dev.tollgate.lockbox;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Writes a new job and its sealed output in ONE statement: the job's INSERT in a CTE feeding the output's INSERT.
 * One statement is atomic on its own (both rows or none), so in autocommit it needs no BEGIN/COMMIT and holds a pool
 * connection for one round trip instead of three. {@link JdbcOperations#execute} hands it the connection Micronaut's
 * connection/transaction manager gives: the caller's transaction when there is one (the rows then commit or roll
 * back with it), otherwise a pool connection in autocommit. A taken id fails on the primary key, as
 * {@code DataAccessException} (the type a repository {@code save} threw before), and writes nothing.
 */
@Singleton
final class LockStatement {
    static final String SQL = """
            WITH j AS (
                INSERT INTO jobs (id, state, network, asset, payer, payee, fee_recipient, total_units, fee_units,
                                  net_units, fee_bps, usd_cost, token_price_usd, quote_json, created_at, expires_at,
                                  attempts, bound_wallet)
                VALUES (?, 'LOCKED', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)
                RETURNING id)
            INSERT INTO job_outputs (job_id, sealed_output) SELECT id, ? FROM j""";

    private final JdbcOperations jdbc;

    LockStatement(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts {@code row} (a new LOCKED job: no claim, no tx, no attempts) and its sealed output. */
    void insert(JobRow row, byte[] sealedOutput) {
        if (row.state() != JobState.LOCKED || row.attempts() != 0 || row.settlingSince() != null
                || row.releasedAt() != null || row.txId() != null || row.txValidUntil() != null
                || row.settlementJson() != null) {
            throw new IllegalArgumentException("only a new LOCKED job is inserted by lock");
        }
        int written = jdbc.execute(connection -> {
            try (PreparedStatement s = connection.prepareStatement(SQL)) {
                int i = 1;
                s.setObject(i++, row.id());
                s.setString(i++, row.network());
                s.setString(i++, row.asset());
                setText(s, i++, row.payer());
                s.setString(i++, row.payee());
                setText(s, i++, row.feeRecipient());
                s.setBigDecimal(i++, units(row.totalUnits()));
                s.setBigDecimal(i++, units(row.feeUnits()));
                s.setBigDecimal(i++, units(row.netUnits()));
                s.setInt(i++, row.feeBps());
                setNumeric(s, i++, row.usdCost());
                setNumeric(s, i++, row.tokenPriceUsd());
                setText(s, i++, row.quoteJson());
                s.setObject(i++, utc(row.createdAt()));
                s.setObject(i++, utc(row.expiresAt()));
                setText(s, i++, row.boundWallet());
                s.setBytes(i, sealedOutput);
                return s.executeUpdate();
            }
        });
        if (written != 1) {
            // cannot happen for a statement that did not fail (the CTE always yields the one job row)
            throw new IllegalStateException("lock wrote " + written + " output rows for job " + row.id());
        }
    }

    /** Exact, scale 0: as {@link BigIntegerNumericConverter} stores amounts. */
    private static BigDecimal units(BigInteger value) {
        return new BigDecimal(value);
    }

    /** timestamptz from an instant, independent of the JVM's and the session's time zones. */
    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static void setText(PreparedStatement s, int index, String value) throws java.sql.SQLException {
        if (value == null) {
            s.setNull(index, Types.VARCHAR);
        } else {
            s.setString(index, value);
        }
    }

    private static void setNumeric(PreparedStatement s, int index, BigDecimal value) throws java.sql.SQLException {
        if (value == null) {
            s.setNull(index, Types.NUMERIC);
        } else {
            s.setBigDecimal(index, value);
        }
    }
}
