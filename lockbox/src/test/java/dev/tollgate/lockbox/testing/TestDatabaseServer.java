package dev.tollgate.lockbox.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A PostgreSQL server a test suite runs against: the shared embedded one by default, or a container of one of the
 * versions we support. {@code majorVersion} is what the server must report, when the suite asked for a version.
 */
public record TestDatabaseServer(String name, String jdbcUrl, String username, String password,
                                 Optional<Integer> majorVersion) {

    /** Datasource properties plus {@code flyway.datasources.default.enabled=true}, as strings for Micronaut tests. */
    public Map<String, String> stringProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("datasources.default.url", jdbcUrl);
        properties.put("datasources.default.username", username);
        properties.put("datasources.default.password", password);
        properties.put("datasources.default.driver-class-name", "org.postgresql.Driver");
        properties.put("datasources.default.dialect", "POSTGRES");
        properties.put("flyway.datasources.default.enabled", "true");
        return properties.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> String.valueOf(e.getValue())));
    }

    @Override
    public String toString() {
        return name; // never the password
    }
}
