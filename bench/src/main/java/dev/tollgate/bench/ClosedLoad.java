package dev.tollgate.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A fixed-concurrency (closed model) run: {@code workers} virtual threads each perform operations back to back
 * until {@code total} have been taken. Used where each operation takes a chain's confirmation time (settles, x402
 * payments), so throughput is concurrency / latency by construction; latency counts from each operation's start.
 */
public final class ClosedLoad {
    private ClosedLoad() {
    }

    public static LoadResult run(String name, int workers, int total, OpenLoad.Operation op) {
        Histogram micros = new ConcurrentHistogram(3);
        AtomicLong taken = new AtomicLong();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> all = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                all.add(threads.submit(() -> {
                    while (taken.incrementAndGet() <= total) {
                        long begin = System.nanoTime();
                        boolean success;
                        try {
                            success = op.call();
                        } catch (Exception | Error e) {
                            success = false;
                        }
                        micros.recordValue(Math.max(0, (System.nanoTime() - begin) / 1000));
                        (success ? ok : failed).incrementAndGet();
                    }
                }));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return LoadResult.of(name, workers, total, ok.get(), failed.get(), seconds, micros);
    }
}
