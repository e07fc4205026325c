package dev.tollgate.chain.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard a rail's transport tries.
 *
 * @param attemptTimeout  total deadline of one HTTP exchange (connect through the last body byte)
 * @param callDeadline    total deadline of one call, every retry and fallback included
 * @param readAttempts    attempts for an idempotent read, across the primary and fallback URLs (sends get one)
 * @param retryBackoff    wait before the second attempt, doubled for each further one
 * @param breakerFailures consecutive failed exchanges with one node that open its breaker
 * @param breakerOpenFor  how long an open breaker refuses calls before it lets one probe through (half-open)
 */
public record RpcTransportPolicy(Duration attemptTimeout, Duration callDeadline, int readAttempts, Duration retryBackoff,
                                 int breakerFailures, Duration breakerOpenFor) {
    public static final int DEFAULT_READ_ATTEMPTS = 3;
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(50);
    public static final int DEFAULT_BREAKER_FAILURES = 5;
    public static final Duration DEFAULT_BREAKER_OPEN_FOR = Duration.ofSeconds(10);

    public RpcTransportPolicy {
        Objects.requireNonNull(attemptTimeout, "attemptTimeout");
        Objects.requireNonNull(callDeadline, "callDeadline");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        Objects.requireNonNull(breakerOpenFor, "breakerOpenFor");
        if (attemptTimeout.toMillis() < 1 || callDeadline.compareTo(attemptTimeout) < 0) {
            throw new IllegalArgumentException("attemptTimeout must be positive and callDeadline at least attemptTimeout");
        }
        if (readAttempts < 1 || readAttempts > 10) {
            throw new IllegalArgumentException("readAttempts must be 1 to 10");
        }
        if (retryBackoff.isNegative() || breakerOpenFor.toMillis() < 1) {
            throw new IllegalArgumentException("retryBackoff must not be negative and breakerOpenFor must be positive");
        }
        if (breakerFailures < 1) {
            throw new IllegalArgumentException("breakerFailures must be at least 1");
        }
    }

    /**
     * The defaults for a rail's {@code rpcTimeout}: each exchange keeps that deadline, as before; a whole call may
     * take twice as long, so a read whose primary times out still has one exchange's time on a fallback.
     */
    public static RpcTransportPolicy forTimeout(Duration rpcTimeout) {
        return new RpcTransportPolicy(rpcTimeout, rpcTimeout.multipliedBy(2), DEFAULT_READ_ATTEMPTS,
                DEFAULT_RETRY_BACKOFF, DEFAULT_BREAKER_FAILURES, DEFAULT_BREAKER_OPEN_FOR);
    }
}
