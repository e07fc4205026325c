package dev.tollgate.lockbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Time-driven behaviour, moved by the test clock: TTL expiry, the reaper, stale claims, the reconciler's list. */
@MicronautTest(environments = LockboxTestBeans.ENV, transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LockboxExpiryTest extends LockboxDbTestSupport {

    @Test
    void jobExpiresExactlyAtItsTtl() {
        Job job = lockbox.lock(newJob(Duration.ofSeconds(60)), output("a"));

        clock.advance(Duration.ofSeconds(59));
        assertThat(job.isExpired(clock.instant())).isFalse();
        assertThat(lockbox.expireDue(10)).isZero();

        clock.advance(Duration.ofSeconds(1));
        assertThat(job.isExpired(clock.instant())).isTrue();
        assertThat(lockbox.claim(job.id())).isEqualTo(ClaimResult.EXPIRED);
        assertThat(state(job.id())).isEqualTo(JobState.LOCKED);
    }

    @Test
    void reaperExpiresDueJobsAndDropsTheirOutputAfterTheLatePaymentGrace() throws SQLException {
        Job due = lockbox.lock(newJob(Duration.ofSeconds(10)), output("due"));
        Job notYet = lockbox.lock(newJob(Duration.ofSeconds(100)), output("later"));
        clock.advance(Duration.ofSeconds(11));

        assertThat(lockbox.expireDue(10)).isEqualTo(1);

        assertThat(state(due.id())).isEqualTo(JobState.EXPIRED);
        assertThat(sealedBlob(due.id())).as("kept for a payment that landed in time").isNotNull();
        assertThat(state(notYet.id())).isEqualTo(JobState.LOCKED);
        assertThat(lockbox.expireDue(10)).isZero();

        clock.set(due.expiresAt().plus(lockbox.latePaymentGrace()).minusSeconds(1));
        assertThat(lockbox.purgeExpiredOutputs(10)).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(lockbox.purgeExpiredOutputs(10)).isEqualTo(1);
        assertThat(sealedBlob(due.id())).isNull();
        assertThat(sealedBlob(notYet.id())).as("a locked job's output is never purged").isNotNull();
        assertThat(lockbox.purgeExpiredOutputs(10)).isZero();
    }

    @Test
    void settlingAndReleasedJobsAreNeverExpired() throws SQLException {
        Job settling = lockSettling(Duration.ofSeconds(10), "s");
        Job released = lockSettling(Duration.ofSeconds(10), "r");
        lockbox.release(released.id(), SOLANA, "sig-r", null);
        clock.advance(Duration.ofDays(30));

        assertThat(lockbox.expireDue(100)).isZero();
        assertThat(state(settling.id())).isEqualTo(JobState.SETTLING);
        // with a tx in flight not even the stale-claim sweep may touch it
        assertThat(lockbox.recordPendingTx(settling.id(), "sig-in-flight", 1)).isTrue();
        assertThat(new LockboxReaper(lockbox, LockboxConfig.defaults()).runOnce())
                .isEqualTo(new LockboxReaper.Result(0, 0, 0));

        assertThat(state(settling.id())).isEqualTo(JobState.SETTLING);
        assertThat(state(released.id())).isEqualTo(JobState.RELEASED);
        assertThat(sealedBlob(settling.id())).isNotNull();
        assertThat(lockbox.releasedOutput(released.id())).isEqualTo(output("r"));
        // a payment that lands after the TTL of a job already SETTLING still releases it
        assertThat(lockbox.release(settling.id(), SOLANA, "sig-in-flight", null).output()).isEqualTo(output("s"));
    }

    @Test
    void reaperLoopsBatchesUntilDone() {
        for (int i = 0; i < 23; i++) {
            lockbox.lock(newJob(Duration.ofSeconds(5)), output("j" + i));
        }
        Job live = lockbox.lock(newJob(Duration.ofHours(1)), output("live"));
        clock.advance(Duration.ofSeconds(6));
        LockboxReaper reaper = new LockboxReaper(lockbox, new LockboxConfig(null, false, 10, 5, 120, 3600));

        LockboxReaper.Result result = reaper.runOnce();

        assertThat(result.expired()).isEqualTo(23);
        assertThat(state(live.id())).isEqualTo(JobState.LOCKED);
        assertThat(reaper.runOnce().expired()).isZero();
    }

    @Test
    void expireDueIsBounded() {
        for (int i = 0; i < 7; i++) {
            lockbox.lock(newJob(Duration.ofSeconds(5)), output("j" + i));
        }
        clock.advance(Duration.ofSeconds(5));
        assertThat(lockbox.expireDue(3)).isEqualTo(3);
        assertThat(lockbox.expireDue(3)).isEqualTo(3);
        assertThat(lockbox.expireDue(3)).isEqualTo(1);
    }

    @Test
    void returnToLockedKeepsTheJobSettleableUntilItsTtl() {
        Job job = lockbox.lock(newJob(Duration.ofSeconds(60)), output("retry me"));
        assertThat(lockbox.claim(job.id())).isEqualTo(ClaimResult.CLAIMED);
        lockbox.recordPendingTx(job.id(), "sig-failed", 10);
        clock.advance(Duration.ofSeconds(20));

        assertThat(lockbox.returnToLocked(job.id(), "sig-failed")).isTrue();
        Job back = lockbox.find(job.id()).orElseThrow();
        assertThat(back.state()).isEqualTo(JobState.LOCKED);
        assertThat(back.txId()).isNull();
        assertThat(back.expiresAt()).isEqualTo(job.expiresAt()); // a failed payment does not extend the TTL

        clock.advance(Duration.ofSeconds(39)); // 59 s: still settleable
        assertThat(lockbox.claim(job.id())).isEqualTo(ClaimResult.CLAIMED);
        assertThat(lockbox.find(job.id()).orElseThrow().attempts()).isEqualTo(2);
        assertThat(lockbox.returnToLocked(job.id(), null)).isTrue();

        clock.advance(Duration.ofSeconds(1)); // 60 s: gone
        assertThat(lockbox.claim(job.id())).isEqualTo(ClaimResult.EXPIRED);
        assertThat(lockbox.expireDue(10)).isEqualTo(1);
        assertThat(state(job.id())).isEqualTo(JobState.EXPIRED);
    }

    @Test
    void staleClaimsWithoutATxGoBackToLocked() {
        Job crashed = lockSettling(Duration.ofMinutes(10), "crashed");
        Job broadcast = lockSettling(Duration.ofMinutes(10), "broadcast");
        lockbox.recordPendingTx(broadcast.id(), "sig-in-flight", 1);
        clock.advance(Duration.ofSeconds(60));
        Job fresh = lockSettling(Duration.ofMinutes(10), "fresh");

        clock.advance(Duration.ofSeconds(61)); // crashed/broadcast claimed 121 s ago, fresh 61 s ago
        assertThat(lockbox.returnStaleClaims(Duration.ofSeconds(120))).isEqualTo(1);

        Job returned = lockbox.find(crashed.id()).orElseThrow();
        assertThat(returned.state()).isEqualTo(JobState.LOCKED);
        assertThat(returned.settlingSince()).isNull();
        assertThat(state(broadcast.id())).isEqualTo(JobState.SETTLING); // a tx may be in flight: never touched
        assertThat(state(fresh.id())).isEqualTo(JobState.SETTLING);
        // the late original claimer can no longer record a tx, so it never broadcasts
        assertThat(lockbox.recordPendingTx(crashed.id(), "sig-late", 1)).isFalse();
        assertThat(lockbox.claim(crashed.id())).isEqualTo(ClaimResult.CLAIMED);
    }

    @Test
    void reaperReturnsStaleClaimsUsingConfiguredAge() {
        Job crashed = lockSettling(Duration.ofMinutes(10), "crashed");
        LockboxReaper reaper = new LockboxReaper(lockbox, new LockboxConfig(null, false, 10, 500, 30, 3600));
        clock.advance(Duration.ofSeconds(30));
        assertThat(reaper.runOnce().staleClaimsReturned()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(reaper.runOnce().staleClaimsReturned()).isEqualTo(1);
        assertThat(state(crashed.id())).isEqualTo(JobState.LOCKED);
    }

    @Test
    void pendingSettlementsAreSettlingJobsWithATxOldestClaimFirst() {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            jobs.add(lockSettling(Duration.ofMinutes(10), "p" + i));
            clock.advance(Duration.ofSeconds(1));
        }
        // recorded newest first, so insertion/recording order cannot fake the expected order
        lockbox.recordPendingTx(jobs.get(3).id(), "sig-3", 3);
        lockbox.recordPendingTx(jobs.get(2).id(), "sig-2", 2);
        lockbox.recordPendingTx(jobs.get(0).id(), "sig-0", 0);
        // jobs[1] has no tx; a released and a locked job are not pending either
        Job released = lockSettling(Duration.ofMinutes(10), "r");
        lockbox.recordPendingTx(released.id(), "sig-r", 9);
        lockbox.release(released.id(), SOLANA, "sig-r", null);
        lockbox.lock(newJob(Duration.ofMinutes(10)), output("l"));

        assertThat(lockbox.pendingSettlements(10)).extracting(Job::txId).containsExactly("sig-0", "sig-2", "sig-3");
        assertThat(lockbox.pendingSettlements(2)).extracting(Job::id)
                .containsExactly(jobs.get(0).id(), jobs.get(2).id());
    }
}
