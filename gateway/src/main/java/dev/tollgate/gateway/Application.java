package dev.tollgate.gateway;

import dev.tollgate.gateway.config.AtpAliases;
import dev.tollgate.gateway.config.StartupFailureLine;
import dev.tollgate.gateway.dev.DevStack;
import dev.tollgate.lockbox.EmbeddedDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Starts the gateway. {@code --dev} runs on a throwaway embedded PostgreSQL with local chains, funded demo wallets
 * and a demo agent, so a fresh clone runs with one command. Production needs a database URL or an explicit
 * embedded data directory. Any refused start (a bad setting, no database) exits with status 2 and one line.
 */
public final class Application {
    /** Exit status when start-up is refused (bad setting, no database): distinct from a crash's 1. */
    static final int EXIT_REFUSED = 2;

    private Application() {
    }

    public static void main(String[] args) {
        try {
            start(args);
        } catch (StartupRefusedException e) {
            // one line, no stack trace: the operator reads it in a service log
            System.err.println(e.getMessage());
            System.exit(EXIT_REFUSED);
        }
    }

    private static void start(String[] args) {
        boolean dev = Arrays.asList(args).contains("--dev");
        List<AutoCloseable> resources = new ArrayList<>();
        Map<String, Object> properties = new LinkedHashMap<>(AtpAliases.properties(System::getenv));
        try {
            DevStack stack = null;
            if (dev) {
                stack = DevStack.start();
                resources.add(stack);
                properties.putAll(stack.gatewayProperties());
            }
            properties.putAll(databaseProperties(dev, System::getenv, resources));
            // Every singleton is built now, not at the first request, so a bad value in any setting stops start-up
            // here; SettingsCheck names it first.
            ApplicationContext context = new Launcher().args(args).properties(properties).banner(false)
                    .eagerInitSingletons(true).start();
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

    /**
     * A configured URL wins (TOLLGATE_DATABASE_URL or Micronaut's DATASOURCES_DEFAULT_URL); else an embedded server,
     * kept in TOLLGATE_EMBEDDED_DB_DIR when that is set. Production never falls back to a throwaway database: paid
     * jobs would vanish with the process.
     */
    static Map<String, Object> databaseProperties(boolean dev, UnaryOperator<String> getenv,
                                                  List<AutoCloseable> resources) {
        Map<String, Object> props = new LinkedHashMap<>();
        String url = firstSet(getenv.apply("TOLLGATE_DATABASE_URL"), System.getProperty("datasources.default.url"),
                getenv.apply("DATASOURCES_DEFAULT_URL"));
        if (url != null) {
            props.put("datasources.default.url", url);
            putIfSet(props, "datasources.default.username", getenv.apply("TOLLGATE_DATABASE_USER"));
            putIfSet(props, "datasources.default.password", getenv.apply("TOLLGATE_DATABASE_PASSWORD"));
            requireSealingKey(props);
            return props;
        }
        String dataDir = firstSet(getenv.apply("TOLLGATE_EMBEDDED_DB_DIR"));
        if (dataDir == null && !dev) {
            throw new StartupRefusedException("tollgate: no database configured: set TOLLGATE_DATABASE_URL to a "
                    + "PostgreSQL JDBC URL, or TOLLGATE_EMBEDDED_DB_DIR to a directory that keeps an embedded "
                    + "database (a throwaway database is for ./tollgate dev only)");
        }
        EmbeddedDatabase db;
        try {
            db = EmbeddedDatabase.start(dataDir == null ? null : Path.of(dataDir));
        } catch (RuntimeException e) {
            if (dataDir == null) {
                throw e;
            }
            throw new StartupRefusedException("tollgate: cannot start the embedded database in TOLLGATE_EMBEDDED_DB_DIR "
                    + "(" + dataDir + "): " + StartupFailureLine.firstLine(e.getMessage()));
        }
        resources.add(db);
        props.putAll(db.datasourceProperties());
        if (dataDir != null) {
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

    /** Micronaut, except that a failed start becomes one line for {@link #main} instead of a logged stack trace. */
    private static final class Launcher extends Micronaut {
        @Override
        protected void handleStartupException(Environment environment, Throwable exception) {
            throw new StartupRefusedException(StartupFailureLine.of(exception, environment, System::getenv));
        }
    }

    /** Start-up refused; the message is the single line to print. */
    static final class StartupRefusedException extends RuntimeException {
        StartupRefusedException(String line) {
            super(line, null, false, false);
        }
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
