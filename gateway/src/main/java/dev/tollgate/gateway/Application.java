package dev.tollgate.gateway;

import dev.tollgate.gateway.dev.DevStack;
import dev.tollgate.lockbox.EmbeddedDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts the gateway. With no database URL configured it runs on an embedded PostgreSQL, so a fresh clone runs
 * with one command; {@code --dev} also starts local chains, funded demo wallets and a demo agent.
 */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        boolean dev = Arrays.asList(args).contains("--dev");
        List<AutoCloseable> resources = new ArrayList<>();
        Map<String, Object> properties = new LinkedHashMap<>();
        try {
            DevStack stack = null;
            if (dev) {
                stack = DevStack.start();
                resources.add(stack);
                properties.putAll(stack.gatewayProperties());
            }
            properties.putAll(databaseProperties(resources));
            ApplicationContext context = Micronaut.build(args).properties(properties).start();
            // Micronaut's own shutdown hook stops the context (closing it here too deadlocks against that hook);
            // wait for it, then stop what the gateway ran on: the database and the dev chains.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (int i = 0; i < 150 && context.isRunning(); i++) {
                    sleepQuietly(100);
                }
                closeAll(resources);
            }, "tollgate-shutdown"));
            if (stack != null) {
                stack.announce(context.getBean(EmbeddedServer.class).getURL().toString());
            }
        } catch (RuntimeException e) {
            closeAll(resources);
            throw e;
        }
    }

    /** A configured URL wins (TOLLGATE_DATABASE_URL or Micronaut's DATASOURCES_DEFAULT_URL); else embedded. */
    static Map<String, Object> databaseProperties(List<AutoCloseable> resources) {
        Map<String, Object> props = new LinkedHashMap<>();
        String url = firstSet(System.getenv("TOLLGATE_DATABASE_URL"), System.getProperty("datasources.default.url"),
                System.getenv("DATASOURCES_DEFAULT_URL"));
        if (url != null) {
            props.put("datasources.default.url", url);
            putIfSet(props, "datasources.default.username", System.getenv("TOLLGATE_DATABASE_USER"));
            putIfSet(props, "datasources.default.password", System.getenv("TOLLGATE_DATABASE_PASSWORD"));
            requireSealingKey(props);
            return props;
        }
        String dataDir = System.getenv("TOLLGATE_EMBEDDED_DB_DIR");
        boolean persistent = dataDir != null && !dataDir.isBlank();
        EmbeddedDatabase db = EmbeddedDatabase.start(persistent ? Path.of(dataDir) : null);
        resources.add(db);
        props.putAll(db.datasourceProperties());
        if (persistent) {
            requireSealingKey(props);
        }
        return props;
    }

    /**
     * Jobs that outlive the process must be sealed with a configured key: with a per-process key a restart would
     * leave paid jobs unopenable. Only the throwaway embedded database may use an ephemeral key.
     */
    private static void requireSealingKey(Map<String, Object> props) {
        props.put("tollgate.lockbox.require-sealing-key", true);
    }

    private static void putIfSet(Map<String, Object> props, String key, String value) {
        if (value != null && !value.isBlank()) {
            props.put(key, value);
        }
    }

    private static String firstSet(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                System.err.println("while stopping " + resources.get(i) + ": " + e);
            }
        }
    }
}
