package dev.tollgate.bench.jmh;

import dev.tollgate.localnet.postgres.EmbeddedDatabase;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@code Lockbox.lock} writes per trade (a job row and its sealed 4 KiB output) on the gateway's own schema
 * (the lockbox Flyway migrations) in an embedded PostgreSQL, plain JDBC, 4 callers with a connection each: as today
 * (a transaction: INSERT job, INSERT output, COMMIT) and as one statement (an INSERT of the job in a CTE feeding the
 * output's INSERT, autocommit). Micronaut Data's own per-call cost is not in either: this is the round trips alone.
 * {@code fsync}: off as devstack runs PostgreSQL, on as a durable deployment does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
@Threads(4)
public class LockWriteBench {
    private static final String JOB_COLUMNS = "id, state, network, asset, payer, payee, fee_recipient, total_units,"
            + " fee_units, net_units, fee_bps, usd_cost, token_price_usd, quote_json, created_at, expires_at, attempts";
    private static final String JOB_VALUES = "?, 'LOCKED', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0";

    @Param({"off", "on"})
    public String fsync;

    private EmbeddedDatabase db;
    private Path dataDir;

    @Setup(Level.Trial)
    public void start() throws IOException {
        dataDir = "on".equals(fsync) ? Files.createTempDirectory("tollgate-jmh-pg-") : null;
        db = EmbeddedDatabase.start(dataDir == null ? null : dataDir.resolve("data"));
        Flyway.configure().dataSource(db.jdbcUrl(), db.username(), db.password())
                .locations("classpath:db/migration").load().migrate();
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        db.close();
        if (dataDir != null) {
            try (Stream<Path> paths = Files.walk(dataDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** One connection per calling thread, its statements prepared once (as a pool keeps them). */
    @State(Scope.Thread)
    public static class Session {
        Connection twoStatements;
        PreparedStatement insertJob;
        PreparedStatement insertOutput;
        Connection oneStatement;
        PreparedStatement insertBoth;
        final byte[] sealed = new byte[4096 + 29];

        @Setup(Level.Trial)
        public void open(LockWriteBench bench) throws SQLException {
            ThreadLocalRandom.current().nextBytes(sealed);
            twoStatements = DriverManager.getConnection(bench.db.jdbcUrl(), bench.db.username(), bench.db.password());
            twoStatements.setAutoCommit(false);
            insertJob = twoStatements.prepareStatement("INSERT INTO jobs (" + JOB_COLUMNS + ") VALUES (" + JOB_VALUES + ")");
            insertOutput = twoStatements.prepareStatement("INSERT INTO job_outputs (job_id, sealed_output) VALUES (?, ?)");
            oneStatement = DriverManager.getConnection(bench.db.jdbcUrl(), bench.db.username(), bench.db.password());
            oneStatement.setAutoCommit(true);
            insertBoth = oneStatement.prepareStatement("WITH j AS (INSERT INTO jobs (" + JOB_COLUMNS + ") VALUES ("
                    + JOB_VALUES + ") RETURNING id) INSERT INTO job_outputs (job_id, sealed_output) SELECT id, ? FROM j");
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            twoStatements.close();
            oneStatement.close();
        }
    }

    private static int bindJob(PreparedStatement s, UUID id) throws SQLException {
        Instant now = Instant.now();
        int i = 1;
        s.setObject(i++, id);
        s.setString(i++, "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1");
        s.setString(i++, "SOL");
        s.setString(i++, "6PhzuueK2vGvezn6x8WR77RDH9sN23Q2BQFtafXuByQf");
        s.setString(i++, "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin");
        s.setString(i++, "3N8aYkxh8y8n1bC7QvZtP9iUuQ2P5zZ9xX1dY9wXkq8m");
        s.setBigDecimal(i++, BigDecimal.valueOf(8_791_578));
        s.setBigDecimal(i++, BigDecimal.valueOf(439_578));
        s.setBigDecimal(i++, BigDecimal.valueOf(8_352_000));
        s.setInt(i++, 500);
        s.setBigDecimal(i++, new BigDecimal("0.004052500000"));
        s.setBigDecimal(i++, new BigDecimal("142.37"));
        s.setString(i++, "{\"pricing\":{\"usd_cost\":0.0040525,\"source\":\"per_million_rates\",\"input_tokens\":1117,"
                + "\"output_tokens\":126},\"price_source\":\"fixed\",\"price_observed_at\":\"" + now + "\"}");
        s.setTimestamp(i++, Timestamp.from(now));
        s.setTimestamp(i++, Timestamp.from(now.plusSeconds(900)));
        return i;
    }

    /** As today: BEGIN (sent with the first INSERT), INSERT job, INSERT output, COMMIT. */
    @Benchmark
    public void transactionOfTwoInserts(Session s) throws SQLException {
        UUID id = UUID.randomUUID();
        bindJob(s.insertJob, id);
        s.insertJob.executeUpdate();
        s.insertOutput.setObject(1, id);
        s.insertOutput.setBytes(2, s.sealed);
        s.insertOutput.executeUpdate();
        s.twoStatements.commit();
    }

    /** One statement, autocommit: the job's INSERT in a CTE feeding the output's. */
    @Benchmark
    public void oneStatement(Session s) throws SQLException {
        int next = bindJob(s.insertBoth, UUID.randomUUID());
        s.insertBoth.setBytes(next, s.sealed);
        if (s.insertBoth.executeUpdate() != 1) {
            throw new IllegalStateException("the output row was not written");
        }
    }
}
