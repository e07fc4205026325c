package dev.tollgate.lockbox.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Real PostgreSQL servers in containers, one per supported major version per test JVM, started on first use and
 * removed when the JVM exits (Testcontainers' reaper). Only call this where Docker is available: test classes
 * using it carry {@code @Testcontainers(disabledWithoutDocker = true)} so they are skipped, with that reason,
 * on machines without a Docker engine.
 */
public final class PostgresContainers {
    /** The PostgreSQL major versions the lockbox supports (README: PostgreSQL 14+; Flyway 10.22 supports up to 17). */
    public static final int OLDEST_SUPPORTED = 14;
    public static final int NEWEST_SUPPORTED = 17;

    private static final Map<Integer, TestDatabaseServer> STARTED = new HashMap<>();

    private PostgresContainers() {
    }

    public static synchronized TestDatabaseServer postgres(int majorVersion) {
        return STARTED.computeIfAbsent(majorVersion, PostgresContainers::start);
    }

    @SuppressWarnings("resource") // lives as long as the JVM; the reaper removes it
    private static TestDatabaseServer start(int majorVersion) {
        PostgreSQLContainer container = new PostgreSQLContainer(
                DockerImageName.parse("postgres:" + majorVersion + "-alpine").asCompatibleSubstituteFor("postgres"))
                .withDatabaseName("tollgate")
                .withUsername("tollgate")
                .withPassword("tollgate")
                // the embedded test server runs without durability for speed; so may the containers
                .withCommand("postgres", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "max_connections=200");
        container.start();
        return new TestDatabaseServer("PostgreSQL " + majorVersion + " (container)", container.getJdbcUrl(),
                container.getUsername(), container.getPassword(), Optional.of(majorVersion));
    }
}
