package dev.tollgate.gateway.golden;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The committed golden files under {@code gateway/src/test/resources/golden/}: compares a normalised body with its
 * file and fails with a line diff. {@code -Dgolden.update=true} rewrites the files instead, and says so on stderr
 * (never silently); a missing file fails unless updating. The actual text of a mismatch is also written to
 * {@code gateway/target/golden-actual/} for review.
 */
final class GoldenFiles {
    static final String UPDATE_PROPERTY = "golden.update";

    private final Path directory;
    private final Path actualDirectory;
    private final boolean update;

    GoldenFiles(Path directory, Path actualDirectory, boolean update) {
        this.directory = directory;
        this.actualDirectory = actualDirectory;
        this.update = update;
    }

    /** The gateway module's golden directory, found from the reactor root Maven passes (or the working dir). */
    static GoldenFiles ofGatewayModule() {
        String root = System.getProperty("tollgate.repo.root");
        Path module = root != null && !root.isBlank() ? Path.of(root, "gateway") : Path.of("").toAbsolutePath();
        if (!Files.isDirectory(module.resolve("src/test/resources"))) {
            throw new IllegalStateException("cannot find the gateway module's src/test/resources from " + module);
        }
        return new GoldenFiles(module.resolve("src/test/resources/golden"), module.resolve("target/golden-actual"),
                Boolean.getBoolean(UPDATE_PROPERTY));
    }

    /** Checks {@code actual} (already normalised) against {@code <name>.json}. */
    void assertMatches(String name, String actual) {
        Path file = directory.resolve(name + ".json");
        try {
            if (update) {
                Files.createDirectories(directory);
                String before = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
                if (!actual.equals(before)) {
                    Files.writeString(file, actual, StandardCharsets.UTF_8);
                    System.err.println("golden: " + (before == null ? "created " : "rewrote ") + file);
                }
                return;
            }
            if (!Files.exists(file)) {
                throw new AssertionError("no golden file " + file + "; run with -D" + UPDATE_PROPERTY
                        + "=true to create it, then review and commit it. Actual:\n" + actual);
            }
            String expected = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
            if (!expected.equals(actual)) {
                Files.createDirectories(actualDirectory);
                Path written = actualDirectory.resolve(name + ".json");
                Files.writeString(written, actual, StandardCharsets.UTF_8);
                throw new AssertionError("wire body " + name + " differs from its golden file " + file
                        + " (- golden, + actual; actual saved to " + written + "; if the change is intended, rerun"
                        + " with -D" + UPDATE_PROPERTY + "=true and commit the file):\n"
                        + LineDiff.unified(expected, actual, 3));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
