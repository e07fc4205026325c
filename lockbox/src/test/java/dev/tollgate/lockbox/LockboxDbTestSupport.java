package dev.tollgate.lockbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.lockbox.testing.MutableClock;
import dev.tollgate.lockbox.testing.SharedTestDatabase;
import dev.tollgate.lockbox.testing.TestDatabaseServer;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import javax.sql.DataSource;
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
import org.junit.jupiter.api.Test;

/**
 * Common ground for tests against a real PostgreSQL: a fixed sealing key, the reaper's schedule off (tests drive
 * it), a clock they move, and an empty database before each test.
 *
 * <p>The server is {@link #database()}: the shared embedded one by default. A subclass of a suite that overrides it
 * runs the same tests against another server (see {@code LockboxOnPostgres14Test} and its siblings, which use
 * PostgreSQL containers where Docker exists), so no test is written twice.
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

    @Inject
    DataSource dataSource;

    /** The server this suite runs against; called before the context starts (the test instance is per class). */
    protected TestDatabaseServer database() {
        return SharedTestDatabase.server();
    }

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(database().stringProperties());
        properties.put("tollgate.lockbox.sealing-key", Base64.getEncoder().encodeToString(TEST_KEY));
        properties.put("tollgate.lockbox.reaper.enabled", "false");
        return properties;
    }

    @BeforeEach
    void resetDatabaseAndClock() throws SQLException {
        clock.set(LockboxTestBeans.T0);
        execute("TRUNCATE payments, unhonoured_payments, used_proof_nonces, job_outputs, client_payments, jobs,"
                + " sponsor_reservations, sponsor_budget_locks, x402_payments, x402_payment_ids, settlement_sweep_txs,"
                + " settlement_sweeps, billing_authorizations, billing_payer_locks");
    }

    /** Guards the reuse above: a suite given another server must really talk to it, not to the embedded one. */
    @Test
    void runsAgainstTheServerItWasGiven() throws SQLException {
        TestDatabaseServer server = database();
        // the pool itself, under Micronaut Data's contextual-connection wrapper
        try (Connection c = DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW server_version_num")) {
            assertThat(c.getMetaData().getURL()).as(server.name()).isEqualTo(server.jdbcUrl());
            rs.next();
            int major = Integer.parseInt(rs.getString(1)) / 10_000;
            server.majorVersion().ifPresent(expected -> assertThat(major).as(server.name()).isEqualTo(expected));
        }
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

    /** A connection of its own to {@link #database()}, outside the lockbox's pool. */
    Connection jdbc() throws SQLException {
        TestDatabaseServer db = database();
        return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
    }

    void execute(String sql) throws SQLException {
        try (Connection c = jdbc(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    long count(String sql, Object... params) throws SQLException {
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

    byte[] sealedBlob(UUID id) throws SQLException {
        try (Connection c = jdbc();
             PreparedStatement ps = c.prepareStatement("SELECT sealed_output FROM job_outputs WHERE job_id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }
}
