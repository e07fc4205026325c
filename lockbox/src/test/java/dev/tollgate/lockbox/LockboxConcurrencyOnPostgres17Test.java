package dev.tollgate.lockbox;

import dev.tollgate.lockbox.testing.PostgresContainers;
import dev.tollgate.lockbox.testing.TestDatabaseServer;
import org.testcontainers.junit.jupiter.Testcontainers;

/** {@link LockboxConcurrencyTest} (the concurrency races) against a real PostgreSQL 17 container; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class LockboxConcurrencyOnPostgres17Test extends LockboxConcurrencyTest {
    @Override
    protected TestDatabaseServer database() {
        return PostgresContainers.postgres(17);
    }
}
