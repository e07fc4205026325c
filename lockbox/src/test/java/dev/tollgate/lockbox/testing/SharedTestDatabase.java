package dev.tollgate.lockbox.testing;

import dev.tollgate.localnet.postgres.EmbeddedDatabase;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One embedded PostgreSQL per test JVM, started on first use and stopped at JVM exit (starting one per test class
 * would cost seconds each). Tests sharing it must not depend on an empty database, or must clean up what they own.
 *
 * <pre>{@code
 * @MicronautTest(transactional = false)
 * @TestInstance(TestInstance.Lifecycle.PER_CLASS)
 * class MyTest implements TestPropertyProvider {
 *     public Map<String, String> getProperties() { return SharedTestDatabase.stringProperties(); }
 * }
 * }</pre>
 */
public final class SharedTestDatabase {
    private static EmbeddedDatabase database;

    private SharedTestDatabase() {
    }

    public static synchronized EmbeddedDatabase database() {
        if (database == null) {
            EmbeddedDatabase started = EmbeddedDatabase.start(null);
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "shared-test-database-closer"));
            database = started;
        }
        return database;
    }

    /** The shared embedded server as a {@link TestDatabaseServer}, the default of database-backed test suites. */
    public static TestDatabaseServer server() {
        EmbeddedDatabase db = database();
        return new TestDatabaseServer("embedded PostgreSQL (shared)", db.jdbcUrl(), db.username(), db.password(),
                Optional.empty());
    }

    /** Datasource properties plus {@code flyway.datasources.default.enabled=true}. */
    public static Map<String, Object> properties() {
        Map<String, Object> properties = new HashMap<>(database().datasourceProperties());
        properties.put("flyway.datasources.default.enabled", "true");
        return Map.copyOf(properties);
    }

    /** {@link #properties()} as strings, the shape {@code TestPropertyProvider#getProperties} wants. */
    public static Map<String, String> stringProperties() {
        return properties().entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> String.valueOf(e.getValue())));
    }
}
