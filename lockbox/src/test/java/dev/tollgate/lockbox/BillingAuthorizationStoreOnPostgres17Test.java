package dev.tollgate.lockbox;

import dev.tollgate.lockbox.testing.PostgresContainers;
import dev.tollgate.lockbox.testing.TestDatabaseServer;
import org.testcontainers.junit.jupiter.Testcontainers;

/** {@link BillingAuthorizationStoreTest} (billing reservations) against a real PostgreSQL 17 container; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class BillingAuthorizationStoreOnPostgres17Test extends BillingAuthorizationStoreTest {
    @Override
    protected TestDatabaseServer database() {
        return PostgresContainers.postgres(17);
    }
}
