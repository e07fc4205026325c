package dev.tollgate.lockbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The statements that replaced read-then-write round trips: {@code lock} as one statement (atomic, joining a caller's
 * transaction), {@code release} reading its row back from its own UPDATE, and the tx-recording calls for a caller
 * that holds the job.
 */
@MicronautTest(environments = LockboxTestBeans.ENV, transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LockboxRoundTripsTest extends LockboxDbTestSupport {

    @Inject
    TransactionOperations<Connection> transactions;

    @Test
    void lockWritesBothRowsAndFindReadsBackTheSameJob() throws SQLException {
        NewJob spec = new NewJob(POLYGON, "0xtoken", "0xpayer", "0xpayee", null, BigInteger.valueOf(77),
                BigInteger.ZERO, BigInteger.valueOf(77), 0, null, null, null, Duration.ofSeconds(30), "0xpayer");

        Job locked = lockbox.lock(spec, output("both rows"));

        assertThat(lockbox.find(locked.id())).contains(locked);
        assertThat(locked.feeRecipient()).isNull();
        assertThat(locked.usdCost()).isNull();
        assertThat(locked.quoteJson()).isNull();
        assertThat(locked.boundWallet()).isEqualTo("0xpayer");
        assertThat(locked.expiresAt()).isEqualTo(LockboxTestBeans.T0.plusSeconds(30));
        assertThat(count("SELECT count(*) FROM job_outputs WHERE job_id = ? AND purge_at IS NULL", locked.id()))
                .isEqualTo(1);
        lockbox.claim(locked.id());
        assertThat(lockbox.release(locked.id(), POLYGON, "0xABC", null).output()).isEqualTo(output("both rows"));
    }

    /**
     * What the driver sends for a lock outside any transaction (its protocol trace, on this thread): the one
     * statement, executed once, no BEGIN or COMMIT. A release is BEGIN with the payment row, the release statement,
     * COMMIT.
     */
    @Test
    void lockIsOneStatementWithoutATransactionAndReleaseThree() {
        lockbox.lock(newJob(Duration.ofMinutes(5)), output("warm-up"));

        List<String> lock = sentByThisThread(() -> lockbox.lock(newJob(Duration.ofMinutes(5)), output("x")));
        assertThat(lock).filteredOn(m -> m.contains("FE=> Execute")).hasSize(1);
        assertThat(lock).noneMatch(m -> m.contains("BEGIN") || m.contains("COMMIT"));
        assertThat(lock).filteredOn(m -> m.contains("FE=> Parse")).allMatch(m -> m.contains("WITH j AS"));

        Job job = lockSettling(Duration.ofMinutes(5), "y");
        List<String> release = sentByThisThread(() -> lockbox.release(job.id(), SOLANA, "sig", null));
        assertThat(release).filteredOn(m -> m.contains("FE=> Sync")).hasSize(3);
        assertThat(release).filteredOn(m -> m.contains("FE=>") && m.contains("BEGIN")).hasSize(1);
        assertThat(release).filteredOn(m -> m.contains("FE=> Parse")).noneMatch(m -> m.contains("SELECT * FROM"));
    }

    @Test
    void aTakenIdFailsAndWritesNothing() throws SQLException {
        UUID id = UUID.randomUUID();
        Job first = lockbox.lock(id, newJob(Duration.ofMinutes(5)), output("first"));

        assertThatThrownBy(() -> lockbox.lock(id, newJob(POLYGON, Duration.ofMinutes(9)), output("second")))
                .isInstanceOf(DataAccessException.class);

        assertThat(lockbox.find(id)).contains(first);
        assertThat(count("SELECT count(*) FROM job_outputs WHERE job_id = ?", id)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM jobs")).isEqualTo(1);
        lockbox.claim(id);
        assertThat(lockbox.release(id, SOLANA, "sig", null).output()).isEqualTo(output("first"));
    }

    @Test
    void lockInsideACallersTransactionCommitsAndRollsBackWithIt() throws SQLException {
        UUID kept = UUID.randomUUID();
        transactions.executeWrite(status -> {
            lockbox.lock(kept, newJob(Duration.ofMinutes(5)), output("kept"));
            // not autocommitted: another connection cannot see it before the caller commits
            assertThat(countUnchecked("SELECT count(*) FROM jobs WHERE id = ?", kept)).isZero();
            return null;
        });
        assertThat(lockbox.find(kept)).isPresent();
        assertThat(count("SELECT count(*) FROM job_outputs WHERE job_id = ?", kept)).isEqualTo(1);

        UUID undone = UUID.randomUUID();
        assertThatThrownBy(() -> transactions.executeWrite(status -> {
            lockbox.lock(undone, newJob(Duration.ofMinutes(5)), output("undone"));
            throw new IllegalStateException("the caller fails after locking");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(lockbox.find(undone)).isEmpty();
        assertThat(count("SELECT count(*) FROM job_outputs WHERE job_id = ?", undone)).isZero();
    }

    @Test
    void releaseReturnsTheRowAsStoredAndRefusesAnotherNetworkWithoutReleasing() {
        Job job = lockSettling(Duration.ofMinutes(5), "out");
        lockbox.recordPendingTx(job.id(), "sig-9", 42L);

        assertThatThrownBy(() -> lockbox.release(job.id(), POLYGON, "0xdead", "{}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("network");
        assertThat(state(job.id())).isEqualTo(JobState.SETTLING);

        clock.advance(Duration.ofSeconds(2));
        Released released = lockbox.release(job.id(), SOLANA, "sig-9", "{\"slot\":1}");
        assertThat(lockbox.find(job.id())).contains(released.job());
        assertThat(released.job().txValidUntil()).isEqualTo(42L);
        assertThat(released.job().settlingSince()).isEqualTo(LockboxTestBeans.T0);
        assertThat(released.job().releasedAt()).isEqualTo(LockboxTestBeans.T0.plusSeconds(2));
        assertThat(released.job().usdCost()).isEqualTo(new BigDecimal("1.000000"));
        assertThat(released.output()).isEqualTo(output("out"));
    }

    @Test
    void recordAndReturnForACallerHoldingTheJobKeepEveryGuard() {
        Job job = lockbox.lock(newJob(POLYGON, Duration.ofMinutes(5)), output("x"));
        assertThat(lockbox.recordPendingTx(job, "0xAA", 1L)).as("not SETTLING yet").isFalse();
        lockbox.claim(job.id());

        assertThat(lockbox.recordPendingTx(job, "0xAA", 7L)).isTrue();
        assertThat(lockbox.find(job.id()).orElseThrow().txId()).isEqualTo("0xaa"); // spelled for its network
        assertThat(lockbox.recordPendingTx(job, "0xaA", 8L)).as("the same tx again").isTrue();
        assertThat(lockbox.recordPendingTx(job, "0xBB", 9L)).as("another tx while one is recorded").isFalse();

        Job elsewhere = new Job(job.id(), job.state(), SOLANA, job.asset(), job.payer(), job.payee(),
                job.feeRecipient(), job.totalUnits(), job.feeUnits(), job.netUnits(), job.feeBps(), job.usdCost(),
                job.tokenPriceUsd(), job.quoteJson(), job.createdAt(), job.expiresAt(), null, null, null, null, null,
                0);
        assertThat(lockbox.returnToLocked(elsewhere, "0xaa")).as("a Job of another network").isFalse();
        assertThat(lockbox.returnToLocked(job, "0xBB")).as("not the recorded tx").isFalse();
        assertThat(lockbox.returnToLocked(job, null)).as("a tx is recorded").isFalse();
        assertThat(state(job.id())).isEqualTo(JobState.SETTLING);

        assertThat(lockbox.returnToLocked(job, "0xAA")).isTrue();
        Job back = lockbox.find(job.id()).orElseThrow();
        assertThat(back.state()).isEqualTo(JobState.LOCKED);
        assertThat(back.txId()).isNull();
        assertThat(back.txValidUntil()).isNull();
        assertThat(lockbox.returnToLocked(job, null)).as("only once").isFalse();
    }

    /** The PostgreSQL driver's protocol trace (java.util.logging, FINEST) of what {@code action} sends. */
    private static List<String> sentByThisThread(Runnable action) {
        long thread = Thread.currentThread().threadId();
        List<String> sent = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLongThreadID() == thread && r.getMessage() != null) {
                    String m = r.getMessage();
                    Object[] params = r.getParameters();
                    for (int i = 0; params != null && i < params.length; i++) {
                        m = m.replace("{" + i + "}", String.valueOf(params[i]));
                    }
                    sent.add(m);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        handler.setLevel(Level.ALL);
        Logger driver = Logger.getLogger("org.postgresql");
        Level before = driver.getLevel();
        driver.setLevel(Level.ALL);
        driver.addHandler(handler);
        try {
            action.run();
        } finally {
            driver.removeHandler(handler);
            driver.setLevel(before);
        }
        return List.copyOf(sent);
    }

    private long countUnchecked(String sql, Object... params) {
        try {
            return count(sql, params);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
