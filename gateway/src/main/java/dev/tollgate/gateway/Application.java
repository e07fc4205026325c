package dev.tollgate.gateway;

import dev.tollgate.gateway.config.AtpAliases;
import dev.tollgate.gateway.config.StartupFailureLine;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.Micronaut;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Starts the gateway in production: configured by the environment, on the PostgreSQL that TOLLGATE_DATABASE_URL
 * names. Dev mode (embedded PostgreSQL, local chains, demo agent) is not in this artifact: it is the devstack module,
 * which starts the gateway through {@link #launch}. Any refused start (a bad setting, no database) exits with
 * status 2 and one line.
 */
public final class Application {
    /** Exit status when start-up is refused (bad setting, no database): distinct from a crash's 1. */
    public static final int EXIT_REFUSED = 2;
    /** Jobs that outlive the process must be sealed with a configured key (see {@link #configuredDatabase}). */
    public static final String REQUIRE_SEALING_KEY = "tollgate.lockbox.require-sealing-key";

    private Application() {
    }

    public static void main(String[] args) {
        exitOnRefusal(() -> {
            if (Arrays.asList(args).contains("--dev")) {
                throw new StartupRefusedException("tollgate: --dev is not part of the production jar; "
                        + "run ./tollgate dev (the devstack module)");
            }
            launch(args, productionDatabase(System::getenv), new ArrayList<>());
        });
    }

    /** Runs a start; a refused one prints its single line (no stack trace: an operator reads it in a log), exit 2. */
    public static void exitOnRefusal(Runnable start) {
        try {
            start.run();
        } catch (StartupRefusedException e) {
            System.err.println(e.getMessage());
            System.exit(EXIT_REFUSED);
        }
    }

    /**
     * Starts the gateway on ATP's environment names overlaid with {@code properties} (which must name the database).
     * Once the context has stopped, {@code resources} are closed last-first: what the gateway ran on (a dev launcher's
     * chains and database). They are also closed if the start fails.
     */
    public static ApplicationContext launch(String[] args, Map<String, Object> properties,
                                            List<AutoCloseable> resources) {
        Map<String, Object> all = new LinkedHashMap<>(AtpAliases.properties(System::getenv));
        all.putAll(properties);
        try {
            // Every singleton is built now, not at the first request, so a bad value in any setting stops start-up
            // here; SettingsCheck names it first.
            ApplicationContext context = new Launcher().args(args).properties(all).banner(false)
                    .eagerInitSingletons(true).start();
            // Micronaut's own shutdown hook stops the context (closing it here too deadlocks against that hook);
            // wait for it, then stop what the gateway ran on.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (int i = 0; i < 150 && context.isRunning(); i++) {
                    sleepQuietly(100);
                }
                closeAll(resources);
            }, "tollgate-shutdown"));
            return context;
        } catch (RuntimeException e) {
            closeAll(resources);
            throw e;
        }
    }

    /**
     * Production takes a real PostgreSQL only: TOLLGATE_DATABASE_URL (or Micronaut's DATASOURCES_DEFAULT_URL).
     * There is no embedded fallback here: it is not in this artifact, and paid jobs must not vanish with a process.
     */
    static Map<String, Object> productionDatabase(UnaryOperator<String> getenv) {
        return configuredDatabase(getenv).orElseThrow(() -> new StartupRefusedException(
                "tollgate: no database configured: set TOLLGATE_DATABASE_URL to a PostgreSQL JDBC URL "
                        + "(an embedded database is for ./tollgate dev only)"));
    }

    /**
     * The datasource the environment configures, if any: TOLLGATE_DATABASE_URL (with TOLLGATE_DATABASE_USER and
     * TOLLGATE_DATABASE_PASSWORD), else the system property or environment Micronaut itself reads. A configured
     * database keeps jobs across restarts, so it also requires a configured sealing key: with a per-process key a
     * restart would leave paid jobs unopenable.
     */
    public static Optional<Map<String, Object>> configuredDatabase(UnaryOperator<String> getenv) {
        String url = firstSet(getenv.apply("TOLLGATE_DATABASE_URL"), System.getProperty("datasources.default.url"),
                getenv.apply("DATASOURCES_DEFAULT_URL"));
        if (url == null) {
            return Optional.empty();
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("datasources.default.url", url);
        putIfSet(props, "datasources.default.username", getenv.apply("TOLLGATE_DATABASE_USER"));
        putIfSet(props, "datasources.default.password", getenv.apply("TOLLGATE_DATABASE_PASSWORD"));
        props.put(REQUIRE_SEALING_KEY, true);
        return Optional.of(props);
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
    public static final class StartupRefusedException extends RuntimeException {
        public StartupRefusedException(String line) {
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
