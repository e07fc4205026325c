package dev.tollgate.localnet.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A PostgreSQL server run from the zonky binaries, for development and tests when no datasource URL is configured.
 * Listens on 127.0.0.1 only, on a random free port. Authentication is zonky's {@code trust}: any local user can
 * connect, so this is not for shared hosts. A temporary cluster runs without fsync (fast, gone with the process);
 * a cluster in a given directory runs with fsync, synchronous commit and full page writes on.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final String USER = "postgres";
    private static final String DATABASE = "postgres";

    private final EmbeddedPostgres postgres;
    private final Path dataDir;
    private final Path tempDir; // null when the caller owns the data directory

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDir, Path tempDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.tempDir = tempDir;
    }

    /**
     * @param dataDirOrNull an existing or new data directory, kept on close (an existing cluster is reused, not
     *                      re-initialised); null for a fresh temporary one deleted on close
     */
    public static EmbeddedDatabase start(Path dataDirOrNull) {
        Path tempDir = null;
        try {
            Path dataDir = dataDirOrNull;
            if (dataDir == null) {
                tempDir = Files.createTempDirectory("tollgate-pg-");
                dataDir = tempDir;
            } else {
                Files.createDirectories(dataDir);
            }
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(tempDir != null)
                    .setServerConfig("listen_addresses", "127.0.0.1");
            if (tempDir == null) {
                // zonky turns durability off (fine for a database that dies with the process); data that is kept
                // must survive a crash or power loss, so a caller's directory gets PostgreSQL's safe settings
                builder.setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("full_page_writes", "on");
            }
            EmbeddedPostgres postgres = builder.start();
            return new EmbeddedDatabase(postgres, dataDir, tempDir);
        } catch (IOException e) {
            deleteQuietly(tempDir);
            throw new UncheckedIOException("could not start embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** The cluster's data directory (a temporary one unless given to {@link #start}). */
    public Path dataDirectory() {
        return dataDir;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + DATABASE;
    }

    public String username() {
        return USER;
    }

    /** Ignored by the server ({@code trust} authentication) but required by pools. */
    public String password() {
        return USER;
    }

    /** Micronaut properties for the default datasource (no Flyway switch: that is the application's choice). */
    public Map<String, Object> datasourceProperties() {
        return Map.of(
                "datasources.default.url", jdbcUrl(),
                "datasources.default.username", username(),
                "datasources.default.password", password(),
                "datasources.default.driver-class-name", "org.postgresql.Driver",
                "datasources.default.dialect", "POSTGRES");
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(tempDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temp dir left behind is harmless
        }
    }
}
