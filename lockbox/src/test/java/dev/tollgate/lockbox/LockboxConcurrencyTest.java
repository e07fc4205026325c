package dev.tollgate.lockbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Races through real connections: all threads wait at a gate and fire together, several rounds each.
 * These are the tests that break if a transition ever becomes read-then-write.
 */
@MicronautTest(environments = LockboxTestBeans.ENV, transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LockboxConcurrencyTest extends LockboxDbTestSupport {
    private static final int THREADS = 32;
    private static final int ROUNDS = 5;
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @AfterAll
    void shutdown() {
        pool.shutdownNow();
    }

    /** Runs {@code THREADS} tasks released at the same instant; returns each task's result or thrown exception. */
    private List<Object> race(IntFunction<Callable<?>> task) throws Exception {
        CountDownLatch ready = new CountDownLatch(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Object>> futures = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            Callable<?> callable = task.apply(i);
            futures.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                try {
                    return callable.call();
                } catch (Exception e) {
                    return e;
                }
            }));
        }
        assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
        go.countDown();
        List<Object> results = new ArrayList<>();
        for (Future<Object> f : futures) {
            results.add(f.get(60, TimeUnit.SECONDS));
        }
        return results;
    }

    @Test
    void manyConcurrentClaimsOfOneJobYieldExactlyOneClaimed() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Job job = lockbox.lock(newJob(Duration.ofMinutes(5)), output("r" + round));

            List<Object> results = race(i -> () -> lockbox.claim(job.id()));

            assertThat(results).filteredOn(r -> r == ClaimResult.CLAIMED).hasSize(1);
            assertThat(results).filteredOn(r -> r == ClaimResult.IN_PROGRESS).hasSize(THREADS - 1);
            Job after = lockbox.find(job.id()).orElseThrow();
            assertThat(after.state()).isEqualTo(JobState.SETTLING);
            assertThat(after.attempts()).isEqualTo(1);
        }
    }

    @Test
    void concurrentReleasesWithDifferentTxsExactlyOneWins() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Job job = lockSettling(Duration.ofMinutes(5), "out" + round);
            int r = round;

            List<Object> results = race(i -> () -> lockbox.release(job.id(), SOLANA, "sig-" + r + "-" + i, null));

            List<Object> winners = results.stream().filter(Released.class::isInstance).toList();
            assertThat(winners).hasSize(1);
            assertThat(((Released) winners.get(0)).output()).isEqualTo(output("out" + round));
            assertThat(results).filteredOn(JobNotSettlingException.class::isInstance).hasSize(THREADS - 1);
            assertThat(count("SELECT count(*) FROM payments WHERE job_id = ?", job.id())).isEqualTo(1);
            assertThat(lockbox.find(job.id()).orElseThrow().txId())
                    .isEqualTo(((Released) winners.get(0)).job().txId());
        }
    }

    @Test
    void concurrentReleasesWithTheSameTxExactlyOneWins() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Job job = lockSettling(Duration.ofMinutes(5), "same" + round);
            String tx = "sig-same-" + round;

            List<Object> results = race(i -> () -> lockbox.release(job.id(), SOLANA, tx, "{}"));

            assertThat(results).filteredOn(Released.class::isInstance).hasSize(1);
            assertThat(results).filteredOn(JobNotSettlingException.class::isInstance).hasSize(THREADS - 1);
            assertThat(lockbox.releasedOutput(job.id())).isEqualTo(output("same" + round));
        }
    }

    @Test
    void oneTxRacingToPayManyJobsPaysExactlyOne() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            List<Job> jobs = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                jobs.add(lockSettling(Duration.ofMinutes(5), "job" + i));
            }
            String tx = "sig-contested-" + round;

            List<Object> results = race(i -> () -> lockbox.release(jobs.get(i).id(), SOLANA, tx, null));

            assertThat(results).filteredOn(Released.class::isInstance).hasSize(1);
            assertThat(results).filteredOn(TxAlreadyUsedException.class::isInstance).hasSize(THREADS - 1);
            assertThat(jobs).filteredOn(j -> state(j.id()) == JobState.RELEASED).hasSize(1);
            assertThat(jobs).filteredOn(j -> state(j.id()) == JobState.SETTLING).hasSize(THREADS - 1);
        }
    }

    @Test
    void claimRacingTheReaperAtExpiryNeverDoesBoth() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Job job = lockbox.lock(newJob(Duration.ofSeconds(30)), output("edge"));
            clock.advance(Duration.ofSeconds(30)); // exactly at expiry: expired for everyone

            List<Object> results = race(i -> i % 2 == 0 ? () -> lockbox.claim(job.id()) : () -> lockbox.expireDue(50));

            assertThat(results).doesNotContain(ClaimResult.CLAIMED);
            assertThat(results).filteredOn(r -> r instanceof Integer n && n == 1).hasSize(1);
            assertThat(state(job.id())).isEqualTo(JobState.EXPIRED);
        }
    }

    @Test
    void claimsRacingReturnToLockedNeverDoubleClaim() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Job job = lockSettling(Duration.ofMinutes(5), "flip");

            // half the threads return the job, half claim it: the successful claims must interleave with returns
            List<Object> results = race(i -> i % 2 == 0 ? () -> lockbox.returnToLocked(job.id(), null)
                    : () -> lockbox.claim(job.id()));

            long claims = results.stream().filter(r -> r == ClaimResult.CLAIMED).count();
            long returns = results.stream().filter(Boolean.TRUE::equals).count();
            Job after = lockbox.find(job.id()).orElseThrow();
            // started SETTLING: each successful return must precede exactly one later claim, or end LOCKED
            assertThat(claims).isBetween(returns - 1, returns);
            assertThat(after.state()).isEqualTo(claims == returns ? JobState.SETTLING : JobState.LOCKED);
            assertThat(after.attempts()).isEqualTo(1 + claims);
        }
    }
}
