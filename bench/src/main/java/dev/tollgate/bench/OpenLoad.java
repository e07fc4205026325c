package dev.tollgate.bench;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A fixed-arrival-rate (open model) load generator. Request i is due at start + i/rate whatever happened to the
 * earlier ones; each runs on its own virtual thread and its latency counts from its due time, not from when it
 * actually went out, so a slow server cannot hide its queueing (coordinated omission). Requests still in flight
 * after the run plus a grace period count as failed. At most {@code maxInFlight} run at once; a request due while
 * that many are outstanding is not sent and counts as failed (the server has fallen behind the rate).
 */
public final class OpenLoad {
    /** One operation; true when it succeeded. Exceptions count as failures. */
    @FunctionalInterface
    public interface Operation {
        boolean call() throws Exception;
    }

    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final int maxInFlight;
    private final Duration grace;

    public OpenLoad(int maxInFlight, Duration grace) {
        this.maxInFlight = maxInFlight;
        this.grace = grace;
    }

    public LoadResult run(String name, double ratePerSecond, Duration duration, Operation op) {
        long intervalNanos = Math.max(1, Math.round(1e9 / ratePerSecond));
        long total = Math.max(1, duration.toNanos() / intervalNanos);
        Histogram micros = new ConcurrentHistogram(HIGHEST_MICROS, 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong inFlight = new AtomicLong();
        long start = System.nanoTime();
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            for (long i = 0; i < total; i++) {
                long due = start + i * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                if (inFlight.get() >= maxInFlight) {
                    failed.incrementAndGet();
                    continue;
                }
                inFlight.incrementAndGet();
                threads.execute(() -> {
                    (callFrom(due, op, micros) ? ok : failed).incrementAndGet();
                    inFlight.decrementAndGet();
                });
            }
        } finally {
            threads.shutdown();
            awaitQuietly(threads, grace);
            threads.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // dropped requests (over maxInFlight) are already in failed; stragglers past the grace period join them
        return LoadResult.of(name, ratePerSecond, total, ok.get(), failed.get() + inFlight.get(), seconds, micros);
    }

    private static void awaitQuietly(ExecutorService threads, Duration grace) {
        try {
            threads.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs {@code op} and records its latency counted from {@code due}, its intended send time (so queueing before
     * it ran is not hidden); an exception is a failure.
     */
    static boolean callFrom(long due, Operation op, Histogram micros) {
        boolean success;
        try {
            success = op.call();
        } catch (Exception | Error e) {
            success = false;
        }
        long tookMicros = Math.max(0, (System.nanoTime() - due) / 1000);
        micros.recordValue(Math.min(tookMicros, HIGHEST_MICROS));
        return success;
    }
}
