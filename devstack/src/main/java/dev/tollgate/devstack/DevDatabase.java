package dev.tollgate.devstack;

import dev.tollgate.gateway.Application;
import dev.tollgate.gateway.Application.StartupRefusedException;
import dev.tollgate.gateway.config.StartupFailureLine;
import dev.tollgate.localnet.postgres.EmbeddedDatabase;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The database dev mode runs on. A configured one wins (TOLLGATE_DATABASE_URL, as in production); else an embedded
 * PostgreSQL: kept, durably, in TOLLGATE_EMBEDDED_DB_DIR when that is set, otherwise a throwaway one that is gone
 * with the process.
 */
final class DevDatabase {
    static final String DATA_DIR_ENV = "TOLLGATE_EMBEDDED_DB_DIR";

    private DevDatabase() {
    }

    /**
     * Datasource properties; an embedded server started here is added to {@code resources} (the caller stops it).
     * Jobs kept across restarts (a configured URL or a kept directory) require a configured sealing key.
     */
    static Map<String, Object> properties(UnaryOperator<String> getenv, List<AutoCloseable> resources) {
        Optional<Map<String, Object>> configured = Application.configuredDatabase(getenv);
        if (configured.isPresent()) {
            return configured.get();
        }
        String dataDir = getenv.apply(DATA_DIR_ENV);
        boolean kept = dataDir != null && !dataDir.isBlank();
        EmbeddedDatabase db;
        try {
            db = EmbeddedDatabase.start(kept ? Path.of(dataDir) : null);
        } catch (RuntimeException e) {
            if (!kept) {
                throw e;
            }
            throw new StartupRefusedException("tollgate: cannot start the embedded database in " + DATA_DIR_ENV
                    + " (" + dataDir + "): " + StartupFailureLine.firstLine(e.getMessage()));
        }
        resources.add(db);
        Map<String, Object> props = new LinkedHashMap<>(db.datasourceProperties());
        if (kept) {
            props.put(Application.REQUIRE_SEALING_KEY, true);
        }
        return props;
    }
}
