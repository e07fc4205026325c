package dev.tollgate.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The core package must not import a framework: hosts of any stack use it. */
class CoreIsFrameworkFreeTest {

    private static final List<String> FORBIDDEN = List.of("io.micronaut", "jakarta.servlet", "javax.servlet",
            "jakarta.inject", "org.springframework", "dev.tollgate.gateway");

    @Test
    void corePackageSourcesImportNoFramework() throws IOException {
        Path root = Path.of(System.getProperty("tollgate.repo.root", "..")).resolve(
                "billing/src/main/java/dev/tollgate/billing");
        if (!Files.isDirectory(root)) {
            root = Path.of("src/main/java/dev/tollgate/billing");
        }
        List<Path> sources;
        try (Stream<Path> files = Files.list(root)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(sources).hasSizeGreaterThan(10);
        for (Path source : sources) {
            for (String line : Files.readAllLines(source)) {
                String trimmed = line.strip();
                if (trimmed.startsWith("import ")) {
                    for (String forbidden : FORBIDDEN) {
                        assertThat(trimmed).as(source.getFileName() + " imports a framework")
                                .doesNotContain(forbidden);
                    }
                }
            }
        }
    }

    @Test
    void coreClassFilesReferenceNoFramework() throws IOException {
        Path classes = Path.of(BillingEngine.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .resolve("dev/tollgate/billing");
        List<Path> files;
        try (Stream<Path> list = Files.list(classes)) {
            files = list.filter(p -> p.toString().endsWith(".class")).toList();
        }
        assertThat(files).hasSizeGreaterThan(10);
        for (Path file : files) {
            String constants = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
            for (String forbidden : FORBIDDEN) {
                assertThat(constants).as(file.getFileName() + " references " + forbidden)
                        .doesNotContain(forbidden.replace('.', '/'));
            }
        }
    }
}
