package dev.tollgate.gateway.support;

import dev.tollgate.lockbox.testing.MutableClock;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import jakarta.inject.Singleton;
import java.time.Instant;

/** Every gateway test context's business clock: real time at start, moved forward by tests that need expiry. */
@Factory
public class GatewayTestClock {
    @Singleton
    @Primary
    MutableClock clock() {
        return new MutableClock(Instant.now());
    }
}
