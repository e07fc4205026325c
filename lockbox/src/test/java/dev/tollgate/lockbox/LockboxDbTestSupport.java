package dev.tollgate.lockbox;

import dev.tollgate.lockbox.testing.MutableClock;
import dev.tollgate.lockbox.testing.SharedTestDatabase;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;

/**
 * Common ground for tests against the real embedded PostgreSQL: a fixed sealing key, the reaper's schedule off
 * (tests drive it), a clock they move, and an empty database before each test.
 */
abstract class LockboxDbTestSupport implements TestPropertyProvider {
    static final byte[] TEST_KEY = new byte[32];

    static {
        for (int i = 0; i < TEST_KEY.length; i++) {
            TEST_KEY[i] = (byte) (i * 7 + 3);
        }
    }

    static final String SOLANA = "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp";
    static final String POLYGON = "eip155:137";

    @Inject
    Lockbox lockbox;

    @Inject
    MutableClock clock;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(SharedTestDatabase.stringProperties());
        properties.put("tollgate.lockbox.sealing-key", Base64.getEncoder().encodeToString(TEST_KEY));
        properties.put("tollgate.lockbox.reaper.enabled", "false");
        return properties;
    }

    @BeforeEach
    void resetDatabaseAndClock() throws SQLException {
        clock.set(LockboxTestBeans.T0);
        execute("TRUNCATE payments, unhonoured_payments, used_proof_nonces, job_outputs, jobs");
    }

    static NewJob newJob(Duration ttl) {
        return newJob(SOLANA, ttl);
    }

    static NewJob newJob(String network, Duration ttl) {
        return new NewJob(network, "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v", "payer1", "payee1", "treasury1",
                BigInteger.valueOf(1_000_000), BigInteger.valueOf(25_000), BigInteger.valueOf(975_000), 250,
                new BigDecimal("1.000000"), new BigDecimal("0.99987"), "{\"quote\":1}", ttl);
    }

    static byte[] output(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    Job lockSettling(Duration ttl, String text) {
        Job job = lockbox.lock(newJob(ttl), output(text));
        if (lockbox.claim(job.id()) != ClaimResult.CLAIMED) {
            throw new AssertionError("setup: claim failed");
        }
        return job;
    }

    JobState state(UUID id) {
        return lockbox.find(id).orElseThrow().state();
    }

    static Connection jdbc() throws SQLException {
        var db = SharedTestDatabase.database();
        return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
    }

    static void execute(String sql) throws SQLException {
        try (Connection c = jdbc(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static long count(String sql, Object... params) throws SQLException {
        try (Connection c = jdbc(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static byte[] sealedBlob(UUID id) throws SQLException {
        try (Connection c = jdbc();
             PreparedStatement ps = c.prepareStatement("SELECT sealed_output FROM job_outputs WHERE job_id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }
}
