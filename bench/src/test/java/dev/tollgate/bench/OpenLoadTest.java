package dev.tollgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OpenLoadTest {

    @Test
    void sendsAtTheAskedRateAndCountsSuccesses() {
        LoadResult r = new OpenLoad(1_000, Duration.ofSeconds(5)).run("instant", 200, Duration.ofMillis(500), () -> true);

        assertThat(r.sent()).isEqualTo(100);
        assertThat(r.ok()).isEqualTo(100);
        assertThat(r.failed()).isZero();
    }

    @Test
    void latencyCountsFromTheIntendedSendTimeSoAQueueIsNotHidden() {
        // a server that serves one request at a time in 20 ms (50/s) asked for 100/s for 0.6 s: requests queue, and
        // the last ones wait about 0.6 s although each is served in 20 ms (what a closed-model tool would report)
        Semaphore oneAtATime = new Semaphore(1);
        LoadResult r = new OpenLoad(1_000, Duration.ofSeconds(10)).run("queued", 100, Duration.ofMillis(600), () -> {
            oneAtATime.acquire();
            try {
                Thread.sleep(20); // the simulated service time
                return true;
            } finally {
                oneAtATime.release();
            }
        });

        assertThat(r.ok()).isEqualTo(60);
        assertThat(r.p50Micros()).isGreaterThan(100_000);
        assertThat(r.maxMicros()).isGreaterThan(400_000);
    }

    @Test
    void requestsDueWhileTooManyAreInFlightAndThrowingOnesCountAsFailed() {
        AtomicInteger calls = new AtomicInteger();
        LoadResult r = new OpenLoad(2, Duration.ofSeconds(5)).run("stuck", 100, Duration.ofMillis(300), () -> {
            if (calls.incrementAndGet() <= 2) {
                Thread.sleep(1_000); // the first two hold both in-flight slots for the whole run
                return true;
            }
            throw new IllegalStateException("never reached while the slots are held");
        });

        assertThat(r.sent()).isEqualTo(30);
        assertThat(r.ok()).isEqualTo(2);
        assertThat(r.failed()).isEqualTo(28);
        assertThat(r.errorRatio()).isGreaterThan(0.9);
    }

    @Test
    void closedLoadRunsExactlyTheAskedNumberAndCountsExceptionsAsFailures() {
        AtomicInteger calls = new AtomicInteger();
        LoadResult r = ClosedLoad.run("closed", 4, 20, () -> {
            if (calls.incrementAndGet() % 5 == 0) {
                throw new IllegalStateException("every fifth fails");
            }
            return true;
        });

        assertThat(calls.get()).isEqualTo(20);
        assertThat(r.ok()).isEqualTo(16);
        assertThat(r.failed()).isEqualTo(4);
    }

    @Test
    void quickIsTheDefaultFullRunsLongerAndUnknownOptionsAreRefused() {
        BenchOptions quick = BenchOptions.parse();
        BenchOptions full = BenchOptions.parse("--full", "--no-x402");

        assertThat(quick.full()).isFalse();
        assertThat(quick.x402()).isTrue();
        assertThat(full.tradeStep()).isGreaterThan(quick.tradeStep());
        assertThat(full.x402()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BenchOptions.parse("--fast"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--fast");
    }
}
