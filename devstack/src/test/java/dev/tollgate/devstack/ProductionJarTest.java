package dev.tollgate.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The production artifact ({@code gateway/target/tollgate-gateway-all.jar}, what Docker ships) holds no dev
 * fixtures: no dev mode, no local-chain launchers, no embedded PostgreSQL or its binaries. This module is built
 * after the gateway, so in {@code ./tollgate test} (mvn verify) the jar it inspects is the one just packaged.
 * {@code -Dtollgate.production.jar=...} inspects another jar.
 */
class ProductionJarTest {
    private static final List<String> DEV_ONLY_PREFIXES = List.of(
            "dev/tollgate/localnet/", // local chain launchers and the embedded database
            "io/zonky/", // embedded PostgreSQL
            "dev/tollgate/gateway/dev/", // dev mode where it used to live
            "dev/tollgate/devstack/"); // dev mode now

    @Test
    void productionJarHoldsNoDevFixtures() throws IOException {
        try (JarFile jar = new JarFile(productionJar().toFile())) {
            List<String> names = Collections.list(jar.entries()).stream().map(ZipEntry::getName).toList();

            assertThat(names).as("the gateway itself is there").contains("dev/tollgate/gateway/Application.class");
            assertThat(names).filteredOn(n -> DEV_ONLY_PREFIXES.stream().anyMatch(n::startsWith))
                    .as("dev-only classes in the production jar").isEmpty();
            assertThat(names).filteredOn(n -> n.matches("postgres-.*\\.txz"))
                    .as("PostgreSQL binaries in the production jar").isEmpty();
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("dev.tollgate.gateway.Application");
        }
    }

    private static Path productionJar() {
        String given = System.getProperty("tollgate.production.jar");
        Path jar = given != null && !given.isBlank() ? Path.of(given)
                : Path.of(System.getProperty("tollgate.repo.root", "."), "gateway", "target", "tollgate-gateway-all.jar");
        assertThat(Files.isRegularFile(jar)).as(jar + " exists (package the gateway first: ./tollgate build)").isTrue();
        return jar;
    }
}
