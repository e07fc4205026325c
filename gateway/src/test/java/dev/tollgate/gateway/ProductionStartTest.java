package dev.tollgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.gateway.support.GatewayProcess;
import dev.tollgate.localnet.postgres.EmbeddedDatabase;
import dev.tollgate.lockbox.testing.SharedTestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway started as production starts it ({@code Application.main}, in its own JVM, configured by the
 * environment) refuses a bad configuration: exit status 2 and one line naming the variable, its value and what
 * is allowed; no stack trace, no secret.
 */
class ProductionStartTest {
    private static final Duration EXIT_DEADLINE = Duration.ofSeconds(120);
    private static final String SEALING_KEY = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";

    @TempDir
    Path workDir;

    /** A reachable database and a sealing key: everything production needs, so only the setting under test fails. */
    private static Map<String, String> productionEnv(String... extra) {
        EmbeddedDatabase db = SharedTestDatabase.database();
        Map<String, String> env = new HashMap<>(Map.of(
                "TOLLGATE_DATABASE_URL", db.jdbcUrl(),
                "TOLLGATE_DATABASE_USER", db.username(),
                "TOLLGATE_DATABASE_PASSWORD", db.password(),
                "TOLLGATE_SEALING_KEY", SEALING_KEY,
                "TOLLGATE_PORT", "0"));
        for (int i = 0; i < extra.length; i += 2) {
            env.put(extra[i], extra[i + 1]);
        }
        return env;
    }

    private GatewayProcess refusedStart(Map<String, String> env) {
        GatewayProcess gateway = GatewayProcess.start(workDir, env);
        assertThat(gateway.awaitExit(EXIT_DEADLINE)).as(gateway.output()).isEqualTo(2);
        return gateway;
    }

    @Test
    void jobTtlBelowItsMinimumIsRefusedWithOneLine() {
        try (GatewayProcess gateway = refusedStart(productionEnv("JOB_TTL_SECONDS", "3"))) {
            assertThat(gateway.nonBlankLines()).containsExactly(
                    "tollgate: invalid setting JOB_TTL_SECONDS (tollgate.job-ttl-seconds) = \"3\"; allowed: 10..86400");
        }
    }

    @Test
    void aRangeTheLockboxChecksItselfIsAlsoOneLineNamingTheVariable() {
        try (GatewayProcess gateway = refusedStart(productionEnv("TOLLGATE_LOCKBOX_REAPER_BATCH_SIZE", "0"))) {
            assertThat(gateway.nonBlankLines()).containsExactly("tollgate: invalid setting "
                    + "TOLLGATE_LOCKBOX_REAPER_BATCH_SIZE: tollgate.lockbox.reaper-batch-size must be within "
                    + "1..100000, got 0");
        }
    }

    @Test
    void aBadSealingKeyIsRefusedWithoutEchoingIt() {
        String notAKey = "c2VjcmV0LXNlYWxpbmcta2V5LXZhbHVl"; // base64, but 24 bytes
        try (GatewayProcess gateway = refusedStart(productionEnv("TOLLGATE_SEALING_KEY", notAKey))) {
            assertThat(gateway.nonBlankLines()).hasSize(1);
            assertThat(gateway.nonBlankLines().get(0))
                    .startsWith("tollgate: invalid setting TOLLGATE_SEALING_KEY: ")
                    .contains("must decode to 32 bytes")
                    .doesNotContain(notAKey);
        }
    }

    @Test
    void withoutADatabaseUrlProductionRefusesToStart() {
        Map<String, String> env = productionEnv();
        env.remove("TOLLGATE_DATABASE_URL");
        try (GatewayProcess gateway = refusedStart(env)) {
            assertThat(gateway.nonBlankLines()).containsExactly("tollgate: no database configured: set "
                    + "TOLLGATE_DATABASE_URL to a PostgreSQL JDBC URL (an embedded database is for ./tollgate dev only)");
        }
    }

    @Test
    void anEmbeddedDataDirectoryIsNoSubstituteForADatabaseUrlInProduction() {
        Path dataDir = workDir.resolve("pgdata");
        Map<String, String> env = productionEnv("TOLLGATE_EMBEDDED_DB_DIR", dataDir.toString());
        env.remove("TOLLGATE_DATABASE_URL");
        try (GatewayProcess gateway = refusedStart(env)) {
            assertThat(gateway.nonBlankLines()).singleElement().asString()
                    .startsWith("tollgate: no database configured: set TOLLGATE_DATABASE_URL");
        }
        assertThat(dataDir).as("no embedded database started").doesNotExist();
    }

    @Test
    void devModeIsNotInTheProductionEntryPoint() {
        try (GatewayProcess gateway = GatewayProcess.start(workDir, productionEnv(), "--dev")) {
            assertThat(gateway.awaitExit(EXIT_DEADLINE)).as(gateway.output()).isEqualTo(2);
            assertThat(gateway.nonBlankLines()).containsExactly(
                    "tollgate: --dev is not part of the production jar; run ./tollgate dev (the devstack module)");
        }
    }
}
