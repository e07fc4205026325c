package dev.tollgate.lockbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Round trips, sealing at rest, and every legal and illegal transition, against the real database. */
@MicronautTest(environments = LockboxTestBeans.ENV, transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LockboxTest extends LockboxDbTestSupport {

    @Test
    void lockAndFindRoundTripKeepsEveryDigit() {
        BigInteger total = new BigInteger("115792089237316195423570985008687907853269984665640564039457584007913129639935");
        BigInteger fee = new BigInteger("1234567890123456789012345678901234567");
        BigInteger net = total.subtract(fee);
        NewJob spec = new NewJob(POLYGON, "0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359", null, "0xpayee", "0xfee",
                total, fee, net, 10_000, new BigDecimal("12.345678901234567890"), new BigDecimal("0.000123400"),
                "{\"b\": 2, \"a\": 1}", Duration.ofSeconds(90));

        Job locked = lockbox.lock(spec, output("hello"));
        Job found = lockbox.find(locked.id()).orElseThrow();

        assertThat(total.toString()).hasSize(78);
        assertThat(found).isEqualTo(locked);
        assertThat(found.totalUnits()).isEqualTo(total);
        assertThat(found.feeUnits()).isEqualTo(fee);
        assertThat(found.netUnits()).isEqualTo(net);
        assertThat(found.usdCost()).isEqualTo(new BigDecimal("12.345678901234567890")); // scale kept too
        assertThat(found.tokenPriceUsd()).isEqualTo(new BigDecimal("0.000123400"));
        assertThat(found.quoteJson()).isEqualTo("{\"b\": 2, \"a\": 1}"); // byte for byte
        assertThat(found.state()).isEqualTo(JobState.LOCKED);
        assertThat(found.payer()).isNull();
        assertThat(found.createdAt()).isEqualTo(LockboxTestBeans.T0);
        assertThat(found.expiresAt()).isEqualTo(LockboxTestBeans.T0.plusSeconds(90));
        assertThat(found.attempts()).isZero();
        assertThat(found.settlingSince()).isNull();
        assertThat(found.txId()).isNull();
    }

    @Test
    void findUnknownIsEmpty() {
        assertThat(lockbox.find(UUID.randomUUID())).isEmpty();
    }

    @Test
    void sealedColumnIsNotThePlaintext() throws SQLException {
        String secret = "the agent's paid answer: 42 ".repeat(20);
        Job job = lockbox.lock(newJob(Duration.ofMinutes(5)), output(secret));

        byte[] blob = sealedBlob(job.id());

        assertThat(blob).isNotNull();
        assertThat(blob[0]).isEqualTo(OutputSealer.VERSION);
        assertThat(blob).hasSize(OutputSealer.OVERHEAD + secret.getBytes(StandardCharsets.UTF_8).length);
        assertThat(new String(blob, StandardCharsets.ISO_8859_1)).doesNotContain("agent").doesNotContain("42");
    }

    @Test
    void tamperedCiphertextFailsToOpenAndNothingIsReleased() throws SQLException {
        Job job = lockSettling(Duration.ofMinutes(5), "paid work");
        byte[] blob = sealedBlob(job.id());
        blob[blob.length - 20] ^= 0x01;
        try (Connection c = jdbc();
             PreparedStatement ps = c.prepareStatement("UPDATE job_outputs SET sealed_output = ? WHERE job_id = ?")) {
            ps.setBytes(1, blob);
            ps.setObject(2, job.id());
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }

        assertThatThrownBy(() -> lockbox.release(job.id(), SOLANA, "sig-tampered", "{}"))
                .isInstanceOf(SealingException.class);

        // the transaction rolled back: still SETTLING, no payment recorded
        assertThat(state(job.id())).isEqualTo(JobState.SETTLING);
        assertThat(count("SELECT count(*) FROM payments")).isZero();
    }

    @Test
    void blobMovedToAnotherJobFailsToOpen() throws SQLException {
        Job a = lockbox.lock(newJob(Duration.ofMinutes(5)), output("output of A"));
        Job b = lockSettling(Duration.ofMinutes(5), "output of B");
        try (Connection c = jdbc();
             PreparedStatement ps = c.prepareStatement("UPDATE job_outputs SET sealed_output = ? WHERE job_id = ?")) {
            ps.setBytes(1, sealedBlob(a.id()));
            ps.setObject(2, b.id());
            ps.executeUpdate();
        }

        assertThatThrownBy(() -> lockbox.release(b.id(), SOLANA, "sig-b", "{}")).isInstanceOf(SealingException.class);
        assertThat(state(b.id())).isEqualTo(JobState.SETTLING);
    }

    @Test
    void fullHappyPathLockedSettlingReleased() {
        Job job = lockbox.lock(newJob(Duration.ofMinutes(5)), output("the answer"));

        assertThat(lockbox.claim(job.id())).isEqualTo(ClaimResult.CLAIMED);
        Job settling = lockbox.find(job.id()).orElseThrow();
        assertThat(settling.state()).isEqualTo(JobState.SETTLING);
        assertThat(settling.settlingSince()).isEqualTo(LockboxTestBeans.T0);
        assertThat(settling.attempts()).isEqualTo(1);

        assertThat(lockbox.recordPendingTx(job.id(), "sig-1", 123_456L)).isTrue();
        Job pending = lockbox.find(job.id()).orElseThrow();
        assertThat(pending.txId()).isEqualTo("sig-1");
        assertThat(pending.txValidUntil()).isEqualTo(123_456L);

        clock.advance(Duration.ofSeconds(3));
        Released released = lockbox.release(job.id(), SOLANA, "sig-1", "{\"slot\":99}");

        assertThat(new String(released.output(), StandardCharsets.UTF_8)).isEqualTo("the answer");
        assertThat(released.job().state()).isEqualTo(JobState.RELEASED);
        assertThat(released.job().txId()).isEqualTo("sig-1");
        assertThat(released.job().settlementJson()).isEqualTo("{\"slot\":99}");
        assertThat(released.job().releasedAt()).isEqualTo(LockboxTestBeans.T0.plusSeconds(3));
        assertThat(lockbox.find(job.id())).contains(released.job());
        assertThat(lockbox.releasedOutput(job.id())).isEqualTo(output("the answer"));
    }

    @Test
    void illegalClaims() {
        assertThat(lockbox.claim(UUID.randomUUID())).isEqualTo(ClaimResult.NOT_FOUND);

        Job settling = lockSettling(Duration.ofMinutes(5), "x");
        assertThat(lockbox.claim(settling.id())).isEqualTo(ClaimResult.IN_PROGRESS);

        Job released = lockSettling(Duration.ofMinutes(5), "y");
        lockbox.release(released.id(), SOLANA, "sig-r", null);
        assertThat(lockbox.claim(released.id())).isEqualTo(ClaimResult.ALREADY_RELEASED);

        Job expired = lockbox.lock(newJob(Duration.ofSeconds(10)), output("z"));
        clock.advance(Duration.ofSeconds(10));
        assertThat(lockbox.claim(expired.id())).isEqualTo(ClaimResult.EXPIRED); // still LOCKED in the table
        assertThat(lockbox.expireDue(10)).isEqualTo(1);
        assertThat(lockbox.claim(expired.id())).isEqualTo(ClaimResult.EXPIRED);

        // attempts only count successful claims
        assertThat(lockbox.find(settling.id()).orElseThrow().attempts()).isEqualTo(1);
    }

    @Test
    void releaseRefusedUnlessSettling() throws SQLException {
        UUID unknown = UUID.randomUUID();
        assertThatThrownBy(() -> lockbox.release(unknown, SOLANA, "sig-u", null))
                .isInstanceOfSatisfying(JobNotSettlingException.class, e -> assertThat(e.actualState()).isNull());

        Job locked = lockbox.lock(newJob(Duration.ofMinutes(5)), output("l"));
        assertThatThrownBy(() -> lockbox.release(locked.id(), SOLANA, "sig-l", null))
                .isInstanceOfSatisfying(JobNotSettlingException.class,
                        e -> assertThat(e.actualState()).isEqualTo(JobState.LOCKED));

        Job released = lockSettling(Duration.ofMinutes(5), "r");
        lockbox.release(released.id(), SOLANA, "sig-r", null);
        // again with the same tx, and with another tx: both refused, first result kept
        assertThatThrownBy(() -> lockbox.release(released.id(), SOLANA, "sig-r", "{\"again\":1}"))
                .isInstanceOfSatisfying(JobNotSettlingException.class,
                        e -> assertThat(e.actualState()).isEqualTo(JobState.RELEASED));
        assertThatThrownBy(() -> lockbox.release(released.id(), SOLANA, "sig-other", null))
                .isInstanceOf(JobNotSettlingException.class);
        assertThat(lockbox.find(released.id()).orElseThrow().txId()).isEqualTo("sig-r");

        Job expired = lockbox.lock(newJob(Duration.ofSeconds(1)), output("e"));
        clock.advance(Duration.ofSeconds(1));
        lockbox.expireDue(10);
        assertThatThrownBy(() -> lockbox.release(expired.id(), SOLANA, "sig-e", null))
                .isInstanceOfSatisfying(JobNotSettlingException.class,
                        e -> assertThat(e.actualState()).isEqualTo(JobState.EXPIRED));

        assertThat(count("SELECT count(*) FROM payments")).isEqualTo(1);
    }

    @Test
    void releaseOnTheWrongNetworkIsRefused() throws SQLException {
        Job job = lockSettling(Duration.ofMinutes(5), "n");
        assertThatThrownBy(() -> lockbox.release(job.id(), POLYGON, "0xabc", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("network");
        assertThat(state(job.id())).isEqualTo(JobState.SETTLING);
        assertThat(count("SELECT count(*) FROM payments")).isZero();
    }

    @Test
    void releasedOutputOnlyForReleasedJobs() {
        Job locked = lockbox.lock(newJob(Duration.ofMinutes(5)), output("a"));
        assertThatThrownBy(() -> lockbox.releasedOutput(locked.id())).isInstanceOf(JobNotReleasedException.class);
        lockbox.claim(locked.id());
        assertThatThrownBy(() -> lockbox.releasedOutput(locked.id())).isInstanceOf(JobNotReleasedException.class);
        assertThatThrownBy(() -> lockbox.releasedOutput(UUID.randomUUID()))
                .isInstanceOf(JobNotReleasedException.class);
    }

    @Test
    void recordPendingTxOnlyWhileSettlingAndNeverReplacesAnotherTx() {
        Job locked = lockbox.lock(newJob(Duration.ofMinutes(5)), output("a"));
        assertThat(lockbox.recordPendingTx(locked.id(), "sig-a", 1)).isFalse();
        assertThat(lockbox.recordPendingTx(UUID.randomUUID(), "sig-a", 1)).isFalse();

        assertThat(lockbox.claim(locked.id())).isEqualTo(ClaimResult.CLAIMED);
        assertThat(lockbox.recordPendingTx(locked.id(), "sig-a", 1)).isTrue();
        assertThat(lockbox.recordPendingTx(locked.id(), "sig-a", 2)).isTrue(); // same tx: idempotent
        assertThat(lockbox.recordPendingTx(locked.id(), "sig-b", 3)).isFalse(); // sig-a may still land
        Job job = lockbox.find(locked.id()).orElseThrow();
        assertThat(job.txId()).isEqualTo("sig-a");
        assertThat(job.txValidUntil()).isEqualTo(2L);

        lockbox.release(locked.id(), SOLANA, "sig-a", null);
        assertThat(lockbox.recordPendingTx(locked.id(), "sig-c", 4)).isFalse();
        assertThat(lockbox.find(locked.id()).orElseThrow().txId()).isEqualTo("sig-a");
    }

    @Test
    void replacePendingTxOnlyWhileTheNamedTxIsStillTheRecordedOne() {
        Job locked = lockbox.lock(newJob(Duration.ofMinutes(5)), output("a"));
        assertThat(lockbox.replacePendingTx(locked.id(), null, "sig-x", 1)).as("not settling").isFalse();
        assertThat(lockbox.claim(locked.id())).isEqualTo(ClaimResult.CLAIMED);
        assertThat(lockbox.recordPendingTx(locked.id(), "sig-ours", 1)).isTrue();

        assertThat(lockbox.replacePendingTx(locked.id(), "sig-other", "sig-x", 2)).as("another tx named").isFalse();
        assertThat(lockbox.replacePendingTx(locked.id(), null, "sig-x", 2)).as("none named, one recorded").isFalse();
        assertThat(lockbox.replacePendingTx(locked.id(), "sig-ours", "sig-theirs", 5)).isTrue();
        Job job = lockbox.find(locked.id()).orElseThrow();
        assertThat(job.txId()).isEqualTo("sig-theirs");
        assertThat(job.txValidUntil()).isEqualTo(5L);
        assertThat(lockbox.replacePendingTx(locked.id(), "sig-ours", "sig-y", 6)).as("already replaced").isFalse();

        lockbox.release(locked.id(), SOLANA, "sig-theirs", null);
        assertThat(lockbox.replacePendingTx(locked.id(), "sig-theirs", "sig-z", 7)).as("released").isFalse();
        assertThat(lockbox.find(locked.id()).orElseThrow().txId()).isEqualTo("sig-theirs");
    }

    @Test
    void returnToLockedOnlyFromSettling() {
        Job locked = lockbox.lock(newJob(Duration.ofMinutes(5)), output("a"));
        assertThat(lockbox.returnToLocked(locked.id(), null)).isFalse();
        assertThat(lockbox.returnToLocked(UUID.randomUUID(), null)).isFalse();

        Job released = lockSettling(Duration.ofMinutes(5), "r");
        lockbox.release(released.id(), SOLANA, "sig-r", null);
        assertThat(lockbox.returnToLocked(released.id(), null)).isFalse();
        assertThat(state(released.id())).isEqualTo(JobState.RELEASED);

        Job expired = lockbox.lock(newJob(Duration.ofSeconds(1)), output("e"));
        clock.advance(Duration.ofSeconds(2));
        lockbox.expireDue(10);
        assertThat(lockbox.returnToLocked(expired.id(), null)).isFalse();
        assertThat(state(expired.id())).isEqualTo(JobState.EXPIRED);
    }

    @Test
    void guardedReturnToLockedOnlyForTheFailedTx() {
        Job job = lockSettling(Duration.ofMinutes(5), "a");
        lockbox.recordPendingTx(job.id(), "sig-live", 1);

        assertThat(lockbox.returnToLocked(job.id(), "sig-dead")).isFalse();
        assertThat(lockbox.returnToLocked(job.id(), null)).isFalse();
        assertThat(state(job.id())).isEqualTo(JobState.SETTLING);

        assertThat(lockbox.returnToLocked(job.id(), "sig-live")).isTrue();
        Job back = lockbox.find(job.id()).orElseThrow();
        assertThat(back.state()).isEqualTo(JobState.LOCKED);
        assertThat(back.txId()).isNull();
        assertThat(back.txValidUntil()).isNull();
        assertThat(back.settlingSince()).isNull();

        Job noTx = lockSettling(Duration.ofMinutes(5), "b");
        assertThat(lockbox.returnToLocked(noTx.id(), null)).isTrue();
    }

    @Test
    void sameTxCannotPayTwoJobs() throws SQLException {
        Job first = lockSettling(Duration.ofMinutes(5), "first");
        Job second = lockSettling(Duration.ofMinutes(5), "second");
        lockbox.release(first.id(), SOLANA, "sig-shared", null);

        assertThatThrownBy(() -> lockbox.release(second.id(), SOLANA, "sig-shared", null))
                .isInstanceOfSatisfying(TxAlreadyUsedException.class,
                        e -> assertThat(e.paidJobId()).isEqualTo(first.id()));

        assertThat(state(second.id())).isEqualTo(JobState.SETTLING);
        assertThat(lockbox.find(second.id()).orElseThrow().releasedAt()).isNull();
        assertThat(count("SELECT count(*) FROM payments WHERE job_id = ?", second.id())).isZero();
        // the second job can still be paid by its own tx
        assertThat(lockbox.release(second.id(), SOLANA, "sig-own", null).output()).isEqualTo(output("second"));
    }

    @Test
    void evmTxIdsAreOneSpellingSoCaseVariantsCannotPayTwice() {
        Job first = lockbox.lock(newJob(POLYGON, Duration.ofMinutes(5)), output("1"));
        Job second = lockbox.lock(newJob(POLYGON, Duration.ofMinutes(5)), output("2"));
        lockbox.claim(first.id());
        lockbox.claim(second.id());
        String hash = "0xAbCdEf0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789";

        assertThat(lockbox.release(first.id(), POLYGON, hash, null).job().txId()).isEqualTo(hash.toLowerCase());
        assertThatThrownBy(() -> lockbox.release(second.id(), POLYGON, hash.toUpperCase().replace("0X", "0x"), null))
                .isInstanceOf(TxAlreadyUsedException.class);
        // Solana signatures are case-sensitive base58: kept as given
        assertThat(lockbox.canonicalTxId(SOLANA, "AbC")).isEqualTo("AbC");
    }

    @Test
    void sameTxIdOnAnotherNetworkIsAnotherPayment() {
        Job a = lockSettling(Duration.ofMinutes(5), "a");
        Job b = lockbox.lock(newJob(POLYGON, Duration.ofMinutes(5)), output("b"));
        lockbox.claim(b.id());
        lockbox.release(a.id(), SOLANA, "0xsame", null);
        assertThat(lockbox.release(b.id(), POLYGON, "0xsame", null).job().state()).isEqualTo(JobState.RELEASED);
    }

    @Test
    void databaseRefusesImpossibleRows() throws SQLException {
        Job job = lockbox.lock(newJob(Duration.ofMinutes(5)), output("a"));
        String id = "'" + job.id() + "'";
        assertThatThrownBy(() -> execute("UPDATE jobs SET state = 'PAID' WHERE id = " + id))
                .isInstanceOf(SQLException.class).hasMessageContaining("check");
        assertThatThrownBy(() -> execute("UPDATE jobs SET fee_units = fee_units + 1 WHERE id = " + id))
                .isInstanceOf(SQLException.class).hasMessageContaining("jobs_split_sums");
        assertThatThrownBy(() -> execute(
                "UPDATE jobs SET total_units = -1, net_units = -1 - fee_units WHERE id = " + id))
                .isInstanceOf(SQLException.class).hasMessageContaining("check");
        assertThatThrownBy(() -> execute("UPDATE jobs SET state = 'RELEASED' WHERE id = " + id))
                .isInstanceOf(SQLException.class).hasMessageContaining("jobs_released_complete");
        assertThat(state(job.id())).isEqualTo(JobState.LOCKED);
    }

    @Test
    void newJobRejectsBadAmountsBeforeTheDatabase() {
        assertThatThrownBy(() -> new NewJob(SOLANA, "a", null, "p", "f", BigInteger.TEN, BigInteger.ONE,
                BigInteger.ONE, 0, null, null, null, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must equal");
        assertThatThrownBy(() -> new NewJob(SOLANA, "a", null, "p", "f", BigInteger.TEN.pow(78), BigInteger.ZERO,
                BigInteger.TEN.pow(78), 0, null, null, null, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NewJob(SOLANA, "a", null, "p", null, BigInteger.TEN, BigInteger.ONE,
                BigInteger.valueOf(9), 0, null, null, null, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("feeRecipient");
        assertThatThrownBy(() -> new NewJob(SOLANA, "a", null, "p", null, BigInteger.TEN, BigInteger.ZERO,
                BigInteger.TEN, 0, null, null, null, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
    }

    @Test
    void outputsOfAnySizeRoundTrip() {
        byte[] big = new byte[3 * 1024 * 1024];
        Arrays.fill(big, (byte) 'x');
        Job job = lockbox.lock(newJob(Duration.ofMinutes(5)), big);
        lockbox.claim(job.id());
        assertThat(lockbox.release(job.id(), SOLANA, "sig-big", null).output()).isEqualTo(big);
        Job empty = lockbox.lock(newJob(Duration.ofMinutes(5)), new byte[0]);
        lockbox.claim(empty.id());
        assertThat(lockbox.release(empty.id(), SOLANA, "sig-empty", null).output()).isEmpty();
    }
}
