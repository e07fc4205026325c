package dev.tollgate.lockbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * The sponsor budget in the real embedded PostgreSQL: per-payer and total caps over a rolling window, giving back,
 * and 20 threads on their own connections reserving at the same instant (each stands for a gateway instance:
 * nothing in the JVM serializes them, only the database) never passing a cap.
 */
@MicronautTest(environments = LockboxTestBeans.ENV, transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SponsorBudgetStoreTest extends LockboxDbTestSupport {
    private static final int THREADS = 20;
    private static final String NET = SOLANA;
    private static final BigInteger FEE = BigInteger.valueOf(5_000);
    private static final Duration DAY = Duration.ofHours(24);

    @Inject
    SponsorBudgetStore store;

    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @AfterAll
    void shutdown() {
        pool.shutdownNow();
    }

    private static SponsorBudgetStore.Caps caps(long perPayer, long total) {
        return new SponsorBudgetStore.Caps(BigInteger.valueOf(perPayer), BigInteger.valueOf(total), DAY);
    }

    @Test
    void twentyConcurrentReservationsAgainstATotalCapTakeExactlyWhatFits() throws Exception {
        SponsorBudgetStore.Caps caps = caps(1_000_000, 7 * 5_000); // seven fees in total, each payer far below its cap
        List<Boolean> taken = race(i -> store.tryReserve(NET, "payer" + i, FEE, caps));
        assertThat(taken.stream().filter(b -> b).count()).isEqualTo(7);
        assertThat(store.reserved(NET, null, DAY)).isEqualTo(BigInteger.valueOf(35_000));
    }

    @Test
    void twentyConcurrentReservationsOfOnePayerStopAtItsCap() throws Exception {
        SponsorBudgetStore.Caps caps = caps(3 * 5_000, 1_000_000);
        List<Boolean> taken = race(i -> store.tryReserve(NET, "payer", FEE, caps));
        assertThat(taken.stream().filter(b -> b).count()).isEqualTo(3);
        assertThat(store.reserved(NET, "payer", DAY)).isEqualTo(BigInteger.valueOf(15_000));
        assertThat(store.tryReserve(NET, "another", FEE, caps)).as("other payers keep their own budget").isTrue();
    }

    @Test
    void aReleasedReservationAndOneOlderThanTheWindowNoLongerCount() {
        SponsorBudgetStore.Caps caps = caps(10_000, 1_000_000);
        assertThat(store.tryReserve(NET, "p", FEE, caps)).isTrue();
        assertThat(store.tryReserve(NET, "p", FEE, caps)).isTrue();
        assertThat(store.tryReserve(NET, "p", FEE, caps)).isFalse();

        assertThat(store.release(NET, "p", FEE)).isTrue();
        assertThat(store.tryReserve(NET, "p", FEE, caps)).as("given back: room for one more").isTrue();
        assertThat(store.tryReserve(NET, "p", FEE, caps)).isFalse();

        clock.advance(DAY.plusSeconds(1));
        assertThat(store.tryReserve(NET, "p", FEE, caps)).as("a rolling window").isTrue();
        assertThat(store.reserved(NET, "p", DAY)).isEqualTo(FEE);
        assertThat(store.forgetOlderThan(DAY, 100)).isEqualTo(3);
    }

    @Test
    void networksHaveSeparateBudgetsAndAZeroCapSponsorsNothing() {
        assertThat(store.tryReserve(NET, "p", FEE, caps(5_000, 5_000))).isTrue();
        assertThat(store.tryReserve(POLYGON, "p", FEE, caps(5_000, 5_000))).isTrue();
        assertThat(store.tryReserve(NET, "q", FEE, caps(0, 0))).isFalse();
        assertThat(store.release(NET, "q", FEE)).as("nothing to give back").isFalse();
    }

    @Test
    void theReaperDropsReservationsNoWindowCountsAnyMore() {
        assertThat(store.tryReserve(NET, "old", FEE, caps(10_000, 10_000))).isTrue();
        clock.advance(SponsorBudgetStore.MAX_WINDOW.plusSeconds(1));
        assertThat(store.tryReserve(NET, "new", FEE, caps(10_000, 10_000))).isTrue();
        LockboxReaper reaper = new LockboxReaper(lockbox, LockboxConfig.defaults()); // the bean is off in tests
        reaper.sponsorBudget(store);
        reaper.runOnce();
        assertThat(store.reserved(NET, null, SponsorBudgetStore.MAX_WINDOW.multipliedBy(2))).isEqualTo(FEE);
    }

    private List<Boolean> race(IntFunction<Boolean> task) throws Exception {
        CountDownLatch ready = new CountDownLatch(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> futures = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            int n = i;
            futures.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                return task.apply(n);
            }));
        }
        assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
        go.countDown();
        List<Boolean> results = new ArrayList<>();
        for (Future<Boolean> f : futures) {
            results.add(f.get(60, TimeUnit.SECONDS));
        }
        return results;
    }
}
