package dev.tollgate.lockbox;

import dev.tollgate.lockbox.testing.MutableClock;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Instant;

/** Only in the lockbox's own test environment, so other modules using the test-jar keep their clocks. */
@Factory
@Requires(env = LockboxTestBeans.ENV)
class LockboxTestBeans {
    static final String ENV = "lockbox-test";
    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @Singleton
    MutableClock testClock() {
        return new MutableClock(T0);
    }

    /** A rail whose ids compare case-insensitively (as EVM hashes do), as the gateway's rails would supply it. */
    @Singleton
    TxIdSpelling caseInsensitiveOnPolygon() {
        return (network, txId) -> network.startsWith("eip155:") ? txId.toLowerCase(java.util.Locale.ROOT) : txId;
    }
}
