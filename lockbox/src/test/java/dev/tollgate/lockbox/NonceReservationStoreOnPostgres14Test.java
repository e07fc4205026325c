package dev.tollgate.lockbox;

import dev.tollgate.lockbox.testing.PostgresContainers;
import dev.tollgate.lockbox.testing.TestDatabaseServer;
import org.testcontainers.junit.jupiter.Testcontainers;

/** {@link NonceReservationStoreTest} (the EVM nonce reservations) against a real PostgreSQL 14 container; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class NonceReservationStoreOnPostgres14Test extends NonceReservationStoreTest {
    @Override
    protected TestDatabaseServer database() {
        return PostgresContainers.postgres(14);
    }
}
