package dev.tollgate.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The open model of {@link OpenLoad} over several cases at once, interleaved request by request: request i is due at
 * start + i / (rate × cases) and goes to case i mod cases. Every case is thus measured at the same moments on the
 * same machine, so a shared box's noise falls on all of them alike and their differences (e.g. the same endpoint
 * with and without a filter) can be read from one run. Each case's latency counts from its request's due time
 * (coordinated omission corrected), in its own HdrHistogram; a request due while {@code maxInFlight} are
 * outstanding is not sent and counts as failed for its case, as do requests still running after the grace period.
 */
final class InterleavedLoad {
    /** One case: a name for its row and its operation (true when the answer was the expected one). */
    record Case(String name, OpenLoad.Operation op) {
    }

    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final int maxInFlight;
    private final Duration grace;

    InterleavedLoad(int maxInFlight, Duration grace) {
        this.maxInFlight = maxInFlight;
        this.grace = grace;
    }

    /** Runs every case at {@code ratePerCase} for {@code duration}; one result per case, in the cases' order. */
    List<LoadResult> run(List<Case> cases, double ratePerCase, Duration duration) {
        int k = cases.size();
        double totalRate = ratePerCase * k;
        long intervalNanos = Math.max(1, Math.round(1e9 / totalRate));
        // whole rounds, so every case gets the same number of requests
        long rounds = Math.max(1, duration.toNanos() / (intervalNanos * k));
        long total = rounds * k;
        List<Histogram> micros = new ArrayList<>();
        List<AtomicLong> ok = new ArrayList<>();
        List<AtomicLong> failed = new ArrayList<>();
        List<AtomicLong> inFlightOf = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            micros.add(new ConcurrentHistogram(HIGHEST_MICROS, 3));
            ok.add(new AtomicLong());
            failed.add(new AtomicLong());
            inFlightOf.add(new AtomicLong());
        }
        AtomicLong inFlight = new AtomicLong();
        long start = System.nanoTime();
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            for (long i = 0; i < total; i++) {
                int c = (int) (i % k);
                long due = start + i * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                if (inFlight.get() >= maxInFlight) {
                    failed.get(c).incrementAndGet();
                    continue;
                }
                inFlight.incrementAndGet();
                inFlightOf.get(c).incrementAndGet();
                OpenLoad.Operation op = cases.get(c).op();
                threads.execute(() -> {
                    (OpenLoad.callFrom(due, op, micros.get(c)) ? ok : failed).get(c).incrementAndGet();
                    inFlightOf.get(c).decrementAndGet();
                    inFlight.decrementAndGet();
                });
            }
        } finally {
            threads.shutdown();
            try {
                threads.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            threads.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<LoadResult> results = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            // stragglers past the grace period count as failed for their case
            results.add(LoadResult.of(cases.get(c).name(), ratePerCase, rounds, ok.get(c).get(),
                    failed.get(c).get() + inFlightOf.get(c).get(), seconds, micros.get(c)));
        }
        return results;
    }

    /**
     * JIT warm-up, not reported: {@code workers} threads take the cases round-robin, back to back, until every case
     * has run {@code perCase} times or {@code atMost} has passed (a fresh JVM on a swamped box answers its first
     * requests in seconds: a fixed time alone may leave it cold). Returns how many operations ran.
     */
    static long warmUp(List<Case> cases, int workers, int perCase, Duration atMost) {
        long wanted = (long) perCase * cases.size();
        AtomicLong next = new AtomicLong();
        long end = System.nanoTime() + atMost.toNanos();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < workers; w++) {
                threads.execute(() -> {
                    long i;
                    while (System.nanoTime() < end && (i = next.getAndIncrement()) < wanted) {
                        try {
                            cases.get((int) (i % cases.size())).op().call();
                        } catch (Exception e) {
                            // a warm-up answer is not judged; the measured run counts failures
                        }
                    }
                });
            }
        }
        return Math.min(next.get(), wanted);
    }
}
