package dev.tollgate.lockbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Late payments, the ledger of money owed back, proof nonces, and guarded un-claims. */
@MicronautTest(environments = LockboxTestBeans.ENV, transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LockboxLatePaymentTest extends LockboxDbTestSupport {

    @Test
    void anExpiredJobCanBeClaimedLateOnlyWithinTheGraceAndThenReleased() throws SQLException {
        Job job = lockbox.lock(newJob(Duration.ofSeconds(60)), output("late but paid"));
        assertThat(lockbox.claimLate(job.id())).as("not expired yet: use claim").isEqualTo(ClaimResult.IN_PROGRESS);

        clock.advance(Duration.ofSeconds(61));
        assertThat(lockbox.expireDue(10)).isEqualTo(1);
        assertThat(lockbox.claim(job.id())).isEqualTo(ClaimResult.EXPIRED);
        assertThat(lockbox.claimLate(job.id())).isEqualTo(ClaimResult.CLAIMED);
        assertThat(lockbox.claimLate(job.id())).isEqualTo(ClaimResult.IN_PROGRESS);
        assertThat(lockbox.recordPendingTx(job.id(), "sig-late", -1)).isTrue();

        Released released = lockbox.release(job.id(), SOLANA, "sig-late", null);
        assertThat(new String(released.output(), StandardCharsets.UTF_8)).isEqualTo("late but paid");

        // a released output is kept past the grace: a repeat settle still returns it
        clock.advance(lockbox.latePaymentGrace().plusDays(1));
        assertThat(lockbox.purgeExpiredOutputs(10)).isZero();
        assertThat(new String(lockbox.releasedOutput(job.id()), StandardCharsets.UTF_8)).isEqualTo("late but paid");
    }

    @Test
    void afterTheGraceTheOutputIsGoneAndNoLateClaimSucceeds() throws SQLException {
        Job job = lockbox.lock(newJob(Duration.ofSeconds(60)), output("too late"));
        clock.advance(Duration.ofSeconds(61));
        lockbox.expireDue(10);
        clock.set(job.expiresAt().plus(lockbox.latePaymentGrace()));

        assertThat(lockbox.claimLate(job.id())).isEqualTo(ClaimResult.EXPIRED);
        assertThat(lockbox.purgeExpiredOutputs(10)).isEqualTo(1);
        assertThat(sealedBlob(job.id())).isNull();
        assertThat(lockbox.claimLate(job.id())).isEqualTo(ClaimResult.EXPIRED);
        assertThat(lockbox.claimLate(UUID.randomUUID())).isEqualTo(ClaimResult.NOT_FOUND);
    }

    @Test
    void aLateClaimThatFailsReturnsAndIsExpiredAgainWithTheSameGrace() throws SQLException {
        Job job = lockbox.lock(newJob(Duration.ofSeconds(60)), output("x"));
        clock.advance(Duration.ofSeconds(61));
        assertThat(lockbox.claimLate(job.id())).isEqualTo(ClaimResult.CLAIMED); // LOCKED past TTL, reaper not run yet
        lockbox.recordPendingTx(job.id(), "sig-too-late", -1);
        assertThat(lockbox.returnToLocked(job.id(), "sig-too-late")).isTrue();

        assertThat(lockbox.expireDue(10)).isEqualTo(1);
        assertThat(state(job.id())).isEqualTo(JobState.EXPIRED);
        clock.set(job.expiresAt().plus(lockbox.latePaymentGrace()));
        assertThat(lockbox.purgeExpiredOutputs(10)).isEqualTo(1);
    }

    @Test
    void aStalledClaimerCannotWipeAPaymentRecordedAfterItsClaimWasReturned() {
        Job job = lockbox.lock(newJob(Duration.ofMinutes(10)), output("x"));
        assertThat(lockbox.claim(job.id())).isEqualTo(ClaimResult.CLAIMED); // A claims, then stalls while signing
        clock.advance(Duration.ofSeconds(LockboxConfig.defaults().staleClaimSeconds() + 1));
        assertThat(lockbox.returnStaleClaims(Duration.ofSeconds(LockboxConfig.defaults().staleClaimSeconds()))).isEqualTo(1);
        assertThat(lockbox.claim(job.id())).isEqualTo(ClaimResult.CLAIMED); // B claims and records its payment
        assertThat(lockbox.recordPendingTx(job.id(), "sig-of-b", 99)).isTrue();

        // A's signing fails: its un-claim names the tx it expects (none), so B's payment stays recorded
        assertThat(lockbox.returnToLocked(job.id(), null)).isFalse();
        assertThat(lockbox.find(job.id()).orElseThrow().txId()).isEqualTo("sig-of-b");
        assertThat(state(job.id())).isEqualTo(JobState.SETTLING);
    }

    @Test
    void unhonouredPaymentsAreRecordedOncePerTransactionAndListedInOrder() {
        Job a = lockbox.lock(newJob(Duration.ofMinutes(10)), output("a"));
        Job b = lockbox.lock(newJob(Duration.ofMinutes(10)), output("b"));
        Instant landed = clock.instant().minusSeconds(5);
        UnhonouredPayment late = UnhonouredPayment.of(a, "sig-1", "late", "payer1", BigInteger.valueOf(975_000),
                BigInteger.valueOf(25_000), landed);

        assertThat(lockbox.recordUnhonoured(late)).isTrue();
        assertThat(lockbox.recordUnhonoured(late)).as("idempotent").isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(lockbox.recordUnhonoured(UnhonouredPayment.of(b, "sig-2", "wrong_payer", "someone",
                BigInteger.TEN, BigInteger.ZERO, null))).isTrue();

        List<UnhonouredPayment> all = lockbox.unhonoured(null, 10);
        assertThat(all).extracting(UnhonouredPayment::txId).containsExactly("sig-1", "sig-2");
        assertThat(all.get(0).total()).isEqualTo(BigInteger.valueOf(1_000_000));
        assertThat(all.get(0).blockTime()).isEqualTo(landed);
        assertThat(all.get(0).payee()).isEqualTo("payee1");
        UUID first = lockbox.unhonouredId(SOLANA, "sig-1").orElseThrow();
        assertThat(lockbox.unhonoured(first, 10)).extracting(UnhonouredPayment::txId).containsExactly("sig-2");
        assertThat(lockbox.findUnhonoured(SOLANA, "sig-2").orElseThrow().reason()).isEqualTo("wrong_payer");
    }

    @Test
    void anOverpaymentIsReleasedWithItsExcessRecordedInTheSameTransaction() {
        Job job = lockSettling(Duration.ofMinutes(10), "paid more");
        lockbox.recordPendingTx(job.id(), "sig-over", -1);
        UnhonouredPayment excess = UnhonouredPayment.of(job, "sig-over", "overpaid", "payer1", BigInteger.valueOf(7),
                BigInteger.ZERO, clock.instant());

        lockbox.release(job.id(), SOLANA, "sig-over", null, excess);

        assertThat(state(job.id())).isEqualTo(JobState.RELEASED);
        assertThat(lockbox.findUnhonoured(SOLANA, "sig-over").orElseThrow().toPayee()).isEqualTo(BigInteger.valueOf(7));
    }

    @Test
    void aProofNonceWorksOncePerWalletUntilForgotten() {
        Instant until = clock.instant().plusSeconds(300);
        assertThat(lockbox.useProofNonce("wallet-a", "n0nce1234", until)).isTrue();
        assertThat(lockbox.useProofNonce("wallet-a", "n0nce1234", until)).isFalse();
        assertThat(lockbox.useProofNonce("wallet-b", "n0nce1234", until)).as("another wallet").isTrue();

        assertThat(lockbox.forgetExpiredProofNonces(10)).isZero();
        clock.advance(Duration.ofSeconds(300));
        assertThat(lockbox.forgetExpiredProofNonces(10)).isEqualTo(2);
    }
}
