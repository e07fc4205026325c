package dev.tollgate.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How dev fails when an example host cannot run: a clear line, never a hang. */
class ExampleHostProcessTest {
    @TempDir
    Path dir;

    @Test
    void anUnbuiltHostNamesTheBuildToRun() {
        assertThatThrownBy(() -> ExampleHostProcess.start("micronaut example host", dir.resolve("micronaut-host"),
                "x.Main", Map.of(), dir.resolve("host.log"), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is not built").hasMessageContaining("host-classpath.txt");
    }

    @Test
    void aHostThatExitsBeforeServingIsReportedWithItsLog() throws Exception {
        Path module = dir.resolve("broken-host");
        Files.createDirectories(module.resolve("target/classes"));
        Files.writeString(module.resolve("target/host-classpath.txt"), "");
        Path log = dir.resolve("logs/host.log");

        assertThatThrownBy(() -> ExampleHostProcess.start("broken host", module, "no.such.Main",
                Map.of("tollgate.billing.gateway-token", "secret-token"), log, Duration.ofSeconds(60)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("broken host exited").hasMessageContaining(log.toString());
        assertThat(Files.readString(log)).contains("no.such.Main").doesNotContain("secret-token");
    }
}
