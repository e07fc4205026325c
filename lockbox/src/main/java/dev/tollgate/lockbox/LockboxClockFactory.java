package dev.tollgate.lockbox;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The one source of "now" for the lockbox; an application or test may provide its own {@link Clock} bean. */
@Factory
public class LockboxClockFactory {
    @Singleton
    @Requires(missingBeans = Clock.class)
    Clock systemClock() {
        return Clock.systemUTC();
    }
}
