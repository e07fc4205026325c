package dev.tollgate.gateway.core;

/**
 * The pause between two looks for a settlement: short at first (a local or fast chain confirms in milliseconds, and a
 * fixed 250 ms made a Polygon settle on anvil twenty times the chain's own time), doubling up to {@link #MAX_MILLIS}
 * so a slow chain is not hammered. One instance per wait; not thread-safe.
 */
public final class PollPause {
    static final long FIRST_MILLIS = 5;
    public static final long MAX_MILLIS = 250;

    private long nextMillis = FIRST_MILLIS;

    /** Sleeps the next pause of this wait. */
    public void sleep() throws InterruptedException {
        Thread.sleep(next());
    }

    /** The next pause, in milliseconds: 5, 10, 20, … capped at {@value #MAX_MILLIS}. */
    long next() {
        long pause = nextMillis;
        nextMillis = Math.min(MAX_MILLIS, nextMillis * 2);
        return pause;
    }
}
