package dev.tollgate.localnet.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kept data is written durably; only the throwaway database trades durability for speed. Asked of the server. */
class EmbeddedDatabaseDurabilityTest {

    @Test
    void persistentDirectoryRunsWithFsyncSynchronousCommitAndFullPageWrites(@TempDir Path parent) throws SQLException {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(parent.resolve("pgdata"))) {
            assertThat(setting(db, "fsync")).isEqualTo("on");
            assertThat(setting(db, "synchronous_commit")).isEqualTo("on");
            assertThat(setting(db, "full_page_writes")).isEqualTo("on");
        }
    }

    @Test
    void throwawayDatabaseKeepsDurabilityOffForSpeed() throws SQLException {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(null)) {
            assertThat(setting(db, "fsync")).isEqualTo("off");
            assertThat(setting(db, "synchronous_commit")).isEqualTo("off");
        }
    }

    private static String setting(EmbeddedDatabase db, String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
