package dev.tollgate.localnet.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's fallback database: loopback only, persistent when given a directory, gone when temporary. */
class EmbeddedDatabaseTest {

    private static Connection connect(EmbeddedDatabase db) throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
    }

    @Test
    void givenDirectoryKeepsDataAcrossRestarts(@TempDir Path parent) throws SQLException {
        Path dataDir = parent.resolve("pgdata");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir);
             Connection c = connect(db); Statement s = c.createStatement()) {
            assertThat(db.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:");
            s.execute("CREATE TABLE kept (v text)");
            s.execute("INSERT INTO kept VALUES ('still here')");
            try (ResultSet rs = s.executeQuery("SHOW listen_addresses")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("127.0.0.1");
            }
        }
        assertThat(dataDir.resolve("PG_VERSION")).exists();

        try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir);
             Connection c = connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("still here");
        }
    }

    @Test
    void temporaryDirectoryIsDeletedOnClose() throws SQLException {
        Path dir;
        try (EmbeddedDatabase db = EmbeddedDatabase.start(null)) {
            dir = db.dataDirectory();
            assertThat(Files.exists(dir.resolve("PG_VERSION"))).isTrue();
            assertThat(db.datasourceProperties())
                    .containsEntry("datasources.default.url", db.jdbcUrl())
                    .containsEntry("datasources.default.username", db.username())
                    .containsEntry("datasources.default.password", db.password())
                    .containsEntry("datasources.default.driver-class-name", "org.postgresql.Driver")
                    .containsEntry("datasources.default.dialect", "POSTGRES");
            try (Connection c = connect(db)) {
                assertThat(c.isValid(2)).isTrue();
            }
        }
        assertThat(dir).doesNotExist();
    }
}
