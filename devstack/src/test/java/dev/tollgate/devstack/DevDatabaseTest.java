package dev.tollgate.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.gateway.Application;
import dev.tollgate.gateway.Application.StartupRefusedException;
import dev.tollgate.localnet.postgres.EmbeddedDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dev mode's database choice: a configured URL, a kept embedded directory, or a throwaway embedded server. */
class DevDatabaseTest {
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void stopWhatWasStarted() throws Exception {
        for (AutoCloseable r : resources) {
            r.close();
        }
    }

    @Test
    void aConfiguredUrlWinsAndStartsNothing(@TempDir Path dir) {
        Map<String, String> env = Map.of("TOLLGATE_DATABASE_URL", "jdbc:postgresql://db.internal:5432/tollgate",
                "TOLLGATE_DATABASE_USER", "tg", DevDatabase.DATA_DIR_ENV, dir.toString());

        Map<String, Object> props = DevDatabase.properties(env::get, resources);

        assertThat(props).containsEntry("datasources.default.url", "jdbc:postgresql://db.internal:5432/tollgate")
                .containsEntry("datasources.default.username", "tg")
                .containsEntry(Application.REQUIRE_SEALING_KEY, true);
        assertThat(resources).isEmpty();
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aKeptDirectoryHoldsADurableDatabaseAcrossRestartsAndRequiresASealingKey(@TempDir Path parent)
            throws Exception {
        Path dataDir = parent.resolve("pgdata");
        Map<String, String> env = Map.of(DevDatabase.DATA_DIR_ENV, dataDir.toString());

        Map<String, Object> first = DevDatabase.properties(env::get, resources);
        assertThat(first).containsEntry(Application.REQUIRE_SEALING_KEY, true);
        assertThat(resources).singleElement().isInstanceOf(EmbeddedDatabase.class);
        EmbeddedDatabase db = (EmbeddedDatabase) resources.get(0);
        assertThat(db.dataDirectory()).isEqualTo(dataDir);
        assertThat(first).containsEntry("datasources.default.url", db.jdbcUrl());
        try (Connection c = connect(first); Statement s = c.createStatement()) {
            assertThat(setting(s, "fsync")).isEqualTo("on");
            s.execute("CREATE TABLE kept (v text)");
            s.execute("INSERT INTO kept VALUES ('paid job')");
        }
        resources.remove(db);
        db.close();

        Map<String, Object> second = DevDatabase.properties(env::get, resources);
        try (Connection c = connect(second); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("paid job");
        }
    }

    @Test
    void withoutEitherItIsAThrowawayDatabaseWithAnEphemeralKeyAllowed() throws Exception {
        Map<String, Object> props = DevDatabase.properties(name -> null, resources);

        assertThat(props).doesNotContainKey(Application.REQUIRE_SEALING_KEY);
        EmbeddedDatabase db = (EmbeddedDatabase) resources.get(0);
        Path dir = db.dataDirectory();
        try (Connection c = connect(props); Statement s = c.createStatement()) {
            assertThat(setting(s, "fsync")).isEqualTo("off");
        }
        resources.remove(db);
        db.close();
        assertThat(dir).doesNotExist();
    }

    @Test
    void anUnusableDirectoryIsRefusedWithOneLineNamingIt(@TempDir Path parent) throws Exception {
        Path notADirectory = Files.writeString(parent.resolve("a-file"), "x");

        assertThatThrownBy(() -> DevDatabase.properties(
                Map.of(DevDatabase.DATA_DIR_ENV, notADirectory.toString())::get, resources))
                .isInstanceOf(StartupRefusedException.class)
                .hasMessageStartingWith("tollgate: cannot start the embedded database in TOLLGATE_EMBEDDED_DB_DIR ("
                        + notADirectory + "): ")
                .hasMessageNotContaining("\n");
        assertThat(resources).isEmpty();
    }

    private static Connection connect(Map<String, Object> props) throws SQLException {
        return DriverManager.getConnection((String) props.get("datasources.default.url"),
                (String) props.get("datasources.default.username"), (String) props.get("datasources.default.password"));
    }

    private static String setting(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
