package dev.tollgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InterleavedLoadTest {

    @Test
    void everyCaseGetsTheSameNumberOfRequestsAtItsRateAndItsOwnCounts() {
        AtomicInteger a = new AtomicInteger();
        AtomicInteger b = new AtomicInteger();
        AtomicInteger c = new AtomicInteger();
        List<InterleavedLoad.Case> cases = List.of(
                new InterleavedLoad.Case("a", () -> a.incrementAndGet() > 0),
                new InterleavedLoad.Case("b", () -> {
                    b.incrementAndGet();
                    return false; // a wrong answer
                }),
                new InterleavedLoad.Case("c", () -> {
                    c.incrementAndGet();
                    throw new IllegalStateException("no answer");
                }));

        // 3 cases × 100/s for 0.5 s: 50 rounds of one request each
        List<LoadResult> r = new InterleavedLoad(1_000, Duration.ofSeconds(5)).run(cases, 100, Duration.ofMillis(500));

        assertThat(r).extracting(LoadResult::name).containsExactly("a", "b", "c");
        assertThat(r).allSatisfy(x -> assertThat(x.sent()).isEqualTo(50));
        assertThat(List.of(a.get(), b.get(), c.get())).containsOnly(50);
        assertThat(r.get(0).ok()).isEqualTo(50);
        assertThat(r.get(0).failed()).isZero();
        assertThat(r.get(1).ok()).isZero();
        assertThat(r.get(1).failed()).isEqualTo(50);
        assertThat(r.get(2).failed()).isEqualTo(50);
        assertThat(r.get(0).targetRate()).isEqualTo(100);
    }

    @Test
    void aSlowCaseShowsItsOwnLatencyWithoutRaisingTheOthers() {
        List<InterleavedLoad.Case> cases = List.of(
                new InterleavedLoad.Case("instant", () -> true),
                new InterleavedLoad.Case("slow", () -> {
                    Thread.sleep(100);
                    return true;
                }));

        List<LoadResult> r = new InterleavedLoad(1_000, Duration.ofSeconds(5)).run(cases, 50, Duration.ofMillis(400));

        assertThat(r.get(1).p50Micros()).isGreaterThanOrEqualTo(100_000);
        assertThat(r.get(0).p50Micros()).isLessThan(r.get(1).p50Micros());
    }

    @Test
    void warmUpTakesTheCasesInTurnUntilEachRanItsShare() {
        AtomicInteger a = new AtomicInteger();
        AtomicInteger b = new AtomicInteger();
        long ran = InterleavedLoad.warmUp(List.of(new InterleavedLoad.Case("a", () -> a.incrementAndGet() > 0),
                new InterleavedLoad.Case("b", () -> b.incrementAndGet() > 0)), 3, 40, Duration.ofMinutes(1));

        assertThat(ran).isEqualTo(80);
        assertThat(a.get()).isEqualTo(40);
        assertThat(b.get()).isEqualTo(40);
    }

    @Test
    void warmUpStopsAtItsTimeLimitWhenTheCasesAreSlow() {
        AtomicInteger calls = new AtomicInteger();
        long ran = InterleavedLoad.warmUp(List.of(new InterleavedLoad.Case("slow", () -> {
            calls.incrementAndGet();
            Thread.sleep(50);
            return true;
        })), 1, 1_000_000, Duration.ofMillis(200));

        assertThat(ran).isEqualTo(calls.get()).isLessThan(100);
    }
}
