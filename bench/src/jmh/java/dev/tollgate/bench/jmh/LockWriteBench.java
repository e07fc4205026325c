package dev.tollgate.bench.jmh;

import dev.tollgate.localnet.postgres.EmbeddedDatabase;
import dev.tollgate.lockbox.Job;
import dev.tollgate.lockbox.Lockbox;
import dev.tollgate.lockbox.NewJob;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
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
 *
 * <p>{@code lockboxBean} calls the real {@code Lockbox.lock} bean (Micronaut Data, Hikari, the sealer, whatever
 * interceptors it carries) in a Micronaut context on the same database: what a trade pays for its lock. With an
 * older {@code tollgate-lockbox} jar on the class path the same benchmark measures that version (the API is the same).
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

    /** A Micronaut context of the class path's beans on the bench's database; only {@code lockboxBean} starts it. */
    @State(Scope.Benchmark)
    public static class Beans {
        ApplicationContext context;
        Lockbox lockbox;
        final byte[] output = new byte[4096];

        @Setup(Level.Trial)
        public void start(LockWriteBench bench) {
            ThreadLocalRandom.current().nextBytes(output);
            Map<String, Object> properties = new HashMap<>(bench.db.datasourceProperties());
            properties.put("datasources.default.maximum-pool-size", 8);
            properties.put("flyway.datasources.default.enabled", false); // migrated by the bench already
            properties.put("tollgate.lockbox.reaper.enabled", false);
            properties.put("tollgate.reconciler.enabled", false);
            properties.put("tollgate.sweeper.enabled", false);
            properties.put("micronaut.server.port", -1);
            context = ApplicationContext.builder().properties(properties).deduceEnvironment(false).start();
            lockbox = context.getBean(Lockbox.class);
        }

        @TearDown(Level.Trial)
        public void stop() {
            context.close();
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

    /** The real bean: {@code Lockbox.lock} of a job like the others' with a 4 KiB output it seals itself. */
    @Benchmark
    public Job lockboxBean(Beans beans) {
        return beans.lockbox.lock(new NewJob("solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1", "SOL",
                "6PhzuueK2vGvezn6x8WR77RDH9sN23Q2BQFtafXuByQf", "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin",
                "3N8aYkxh8y8n1bC7QvZtP9iUuQ2P5zZ9xX1dY9wXkq8m", BigInteger.valueOf(8_791_578),
                BigInteger.valueOf(439_578), BigInteger.valueOf(8_352_000), 500, new BigDecimal("0.004052500000"),
                new BigDecimal("142.37"), QUOTE, Duration.ofSeconds(900)), beans.output);
    }

    private static final String QUOTE = "{\"pricing\":{\"usd_cost\":0.0040525,\"source\":\"per_million_rates\","
            + "\"input_tokens\":1117,\"output_tokens\":126},\"price_source\":\"fixed\"}";

    /** One statement, autocommit: the job's INSERT in a CTE feeding the output's. */
    @Benchmark
    public void oneStatement(Session s) throws SQLException {
        int next = bindJob(s.insertBoth, UUID.randomUUID());
        s.insertBoth.setBytes(next, s.sealed);
        if (s.insertBoth.executeUpdate() != 1) {
            throw new IllegalStateException("the output row was not written");
        }
    }

    /**
     * CPU per {@code Lockbox.lock} rather than throughput, which a shared box makes too noisy to compare: this JVM's
     * process CPU and the PostgreSQL server's (postmaster and its backends, from /proc), 4 callers, fsync off, six
     * rounds of 12,000 locks (the first two warm up). Run it once per lockbox jar and compare:
     * {@code java -cp "bench/target/tollgate-bench.jar:bench/target/lib/*" 'dev.tollgate.bench.jmh.LockWriteBench$CpuPerLock' label}
     */
    public static final class CpuPerLock {
        public static void main(String[] args) throws Exception {
            String label = args.length > 0 ? args[0] : "lock";
            int threads = 4;
            int perThread = 3000;
            LockWriteBench bench = new LockWriteBench();
            bench.fsync = "off";
            bench.start();
            int port = Integer.parseInt(bench.db.jdbcUrl().replaceAll(".*:(\\d+)/.*", "$1"));
            Process ss = new ProcessBuilder("sh", "-c", "ss -ltnpH 'sport = :" + port
                    + "' | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2").start();
            long postmaster = Long.parseLong(new String(ss.getInputStream().readAllBytes()).trim());
            Beans beans = new Beans();
            beans.start(bench);
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean();
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            LockWriteBench caller = bench;
            try {
                for (int round = 0; round < 6; round++) {
                    long cpu0 = os.getProcessCpuTime();
                    long pg0 = cpuTicks(postmaster);
                    long t0 = System.nanoTime();
                    java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        done.add(pool.submit(() -> {
                            for (int i = 0; i < perThread; i++) {
                                caller.lockboxBean(beans);
                            }
                            return null;
                        }));
                    }
                    for (var f : done) {
                        f.get();
                    }
                    long ops = (long) threads * perThread;
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    System.out.printf("%s round %d%s: %.0f locks/s, JVM CPU %.0f us/lock, PostgreSQL CPU %.0f us/lock,"
                                    + " load %.1f%n", label, round, round < 2 ? " (warm-up)" : "", ops / seconds,
                            (os.getProcessCpuTime() - cpu0) / 1e3 / ops,
                            (cpuTicks(postmaster) - pg0) * 1e4 / ops, os.getSystemLoadAverage());
                }
            } finally {
                pool.shutdown();
                beans.stop();
                bench.stop();
            }
        }

        /** utime + stime (clock ticks, 100/s) of a process and its children, from /proc. */
        private static long cpuTicks(long parent) throws IOException {
            long sum = 0;
            try (Stream<Path> dirs = Files.list(Path.of("/proc"))) {
                for (Path dir : (Iterable<Path>) dirs::iterator) {
                    String name = dir.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    try {
                        String stat = Files.readString(dir.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        if (Long.parseLong(name) == parent || Long.parseLong(f[1]) == parent) {
                            sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                        }
                    } catch (IOException | RuntimeException gone) {
                        // the process ended between the listing and the read
                    }
                }
            }
            return sum;
        }
    }
}
