package dev.tollgate.lockbox;

import dev.tollgate.lockbox.testing.PostgresContainers;
import dev.tollgate.lockbox.testing.TestDatabaseServer;
import org.testcontainers.junit.jupiter.Testcontainers;

/** {@link LockboxLatePaymentTest} (late payments) against a real PostgreSQL 14 container; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class LockboxLatePaymentOnPostgres14Test extends LockboxLatePaymentTest {
    @Override
    protected TestDatabaseServer database() {
        return PostgresContainers.postgres(14);
    }
}
