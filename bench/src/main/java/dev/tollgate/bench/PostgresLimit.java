package dev.tollgate.bench;

import dev.tollgate.localnet.postgres.EmbeddedDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * PostgreSQL's own limit for what a trade must do at least once: insert a job-sized row (uuid key, timestamp, a
 * 300-byte blob) and commit. Plain JDBC, one connection per client thread, autocommit, on a fresh embedded server
 * of the same binaries the gateway uses: once as devstack runs it (temporary cluster, fsync off) and once with
 * fsync, synchronous commit and full page writes on (a cluster in a directory, as a durable deployment runs).
 */
final class PostgresLimit {
    private static final SecureRandom RANDOM = new SecureRandom();

    static List<LoadResult> run(Duration each, int... clientCounts) throws Exception {
        List<LoadResult> results = new ArrayList<>();
        try (EmbeddedDatabase off = EmbeddedDatabase.start(null)) {
            for (int clients : clientCounts) {
                results.add(measure(off, "postgres insert+commit, fsync off, " + clients + " clients", clients, each));
            }
        }
        Path dir = Files.createTempDirectory("tollgate-bench-pg-");
        try (EmbeddedDatabase on = EmbeddedDatabase.start(dir.resolve("data"))) {
            for (int clients : clientCounts) {
                results.add(measure(on, "postgres insert+commit, fsync on, " + clients + " clients", clients, each));
            }
        } finally {
            delete(dir);
        }
        return results;
    }

    private static LoadResult measure(EmbeddedDatabase db, String name, int clients, Duration each) throws Exception {
        try (Connection c = connect(db); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS bench_rows");
            s.execute("CREATE TABLE bench_rows (id uuid PRIMARY KEY, created_at timestamptz NOT NULL, payload bytea NOT NULL)");
        }
        Histogram micros = new ConcurrentHistogram(3);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long end = System.nanoTime() + each.toNanos();
        long start = System.nanoTime();
        List<Future<?>> all = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(clients)) {
            for (int i = 0; i < clients; i++) {
                all.add(threads.submit(() -> {
                    byte[] payload = new byte[300];
                    try (Connection c = connect(db);
                         PreparedStatement insert = c.prepareStatement(
                                 "INSERT INTO bench_rows (id, created_at, payload) VALUES (?, ?, ?)")) {
                        while (System.nanoTime() < end) {
                            RANDOM.nextBytes(payload);
                            long t0 = System.nanoTime();
                            insert.setObject(1, UUID.randomUUID());
                            insert.setTimestamp(2, new Timestamp(System.currentTimeMillis()));
                            insert.setBytes(3, payload);
                            if (insert.executeUpdate() == 1) {
                                ok.incrementAndGet();
                            } else {
                                failed.incrementAndGet();
                            }
                            micros.recordValue((System.nanoTime() - t0) / 1000);
                        }
                    }
                    return null;
                }));
            }
        }
        for (Future<?> f : all) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return LoadResult.of(name, clients, ok.get() + failed.get(), ok.get(), failed.get(), seconds, micros);
    }

    private static Connection connect(EmbeddedDatabase db) throws SQLException {
        Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
        c.setAutoCommit(true);
        return c;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
