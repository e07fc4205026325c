package dev.tollgate.lockbox;

import dev.tollgate.lockbox.testing.PostgresContainers;
import dev.tollgate.lockbox.testing.TestDatabaseServer;
import org.testcontainers.junit.jupiter.Testcontainers;

/** {@link LockboxTest} (the job state machine) against a real PostgreSQL 17 container; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class LockboxOnPostgres17Test extends LockboxTest {
    @Override
    protected TestDatabaseServer database() {
        return PostgresContainers.postgres(17);
    }
}
