package dev.tollgate.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The token buckets and the address parsing on their own, with a clock the test moves. */
class RateLimitBucketsTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long START = -5 * SECOND; // nanoTime may be negative: arithmetic must not care

    @Test
    void aBurstIsGrantedThenOneTokenPerInterval() {
        RateLimitFilter.Buckets buckets = new RateLimitFilter.Buckets(60, 3, 100, START);
        for (int i = 0; i < 3; i++) {
            assertThat(buckets.take("a", START)).isZero();
        }
        assertThat(buckets.take("a", START)).isEqualTo(SECOND);
        assertThat(buckets.take("a", START + SECOND / 2)).isEqualTo(SECOND / 2);
        assertThat(buckets.take("a", START + SECOND)).isZero();
        assertThat(buckets.take("a", START + SECOND)).isPositive();
        assertThat(buckets.take("b", START + SECOND)).isZero();
    }

    @Test
    void refusedRequestsDoNotPushTheRetryFurtherOut() {
        RateLimitFilter.Buckets buckets = new RateLimitFilter.Buckets(60, 1, 100, START);
        assertThat(buckets.take("a", START)).isZero();
        for (int i = 0; i < 10; i++) {
            assertThat(buckets.take("a", START)).isEqualTo(SECOND);
        }
    }

    @Test
    void idleClientsAreForgottenSoMemoryStaysBounded() {
        RateLimitFilter.Buckets buckets = new RateLimitFilter.Buckets(60, 5, 1_000, START);
        for (int i = 0; i < 500; i++) {
            buckets.take("client-" + i, START);
        }
        assertThat(buckets.tracked()).isEqualTo(500);
        // a minute later every bucket is full again, i.e. untracked
        buckets.take("late", START + 61 * SECOND);
        assertThat(buckets.tracked()).isEqualTo(1);
    }

    @Test
    void aFullTableLetsNewClientsPassUntrackedRatherThanGrowing() {
        RateLimitFilter.Buckets buckets = new RateLimitFilter.Buckets(60, 1, 2, START);
        assertThat(buckets.take("a", START)).isZero();
        assertThat(buckets.take("b", START)).isZero();
        assertThat(buckets.take("c", START)).isZero();
        assertThat(buckets.take("c", START)).isZero();
        assertThat(buckets.tracked()).isEqualTo(2);
        assertThat(buckets.take("a", START)).isPositive(); // the tracked ones are still limited
    }

    @Test
    void onlyIpLiteralsAreReadNeverHostNames() {
        assertThat(RateLimitFilter.literal("203.0.113.7")).isNotNull();
        assertThat(RateLimitFilter.literal("2001:db8::1")).isNotNull();
        assertThat(RateLimitFilter.literal("[2001:db8::1]")).isNotNull();
        assertThat(RateLimitFilter.literal("256.1.1.1")).isNull();
        assertThat(RateLimitFilter.literal("localhost")).isNull();
        assertThat(RateLimitFilter.literal("cafe")).isNull();
        assertThat(RateLimitFilter.literal("example.com")).isNull();
        assertThat(RateLimitFilter.literal("1.2.3.4:8080")).isNull();
    }
}
