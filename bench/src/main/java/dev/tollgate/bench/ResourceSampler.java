package dev.tollgate.bench;

import java.util.concurrent.atomic.AtomicLong;

/** Samples the gateway JVM's RSS every 250 ms on a daemon thread while a scenario runs, keeping the peak. */
final class ResourceSampler implements AutoCloseable {
    private final AtomicLong peakRssKib = new AtomicLong(-1);
    private final Thread thread;
    private volatile boolean running = true;

    ResourceSampler(GatewayProcess gateway) {
        thread = Thread.ofPlatform().daemon().name("bench-rss").start(() -> {
            while (running) {
                peakRssKib.accumulateAndGet(gateway.rssKib(), Math::max);
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    long peakRssKib() {
        return peakRssKib.get();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
