package dev.tollgate.localnet;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds files of this repository at run time (the local-chain sources and their node_modules). */
public final class RepoPaths {
    private RepoPaths() {
    }

    /**
     * The repository root: the {@code tollgate.repo.root} system property (set by Maven and by {@code ./tollgate}),
     * else the first ancestor of the working directory that has {@code localnet/}.
     */
    public static Path root() {
        String configured = System.getProperty("tollgate.repo.root", System.getenv("TOLLGATE_REPO_ROOT"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("localnet"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the Tollgate repository root; set -Dtollgate.repo.root");
    }

    /** {@code localnet/<name>}, checked to have its npm packages installed. */
    public static Path nodePackage(String name) {
        Path dir = root().resolve("localnet").resolve(name);
        if (!Files.isDirectory(dir.resolve("node_modules"))) {
            throw new IllegalStateException(dir + "/node_modules is missing: run `npm ci --prefix " + dir
                    + "` (./tollgate does this for you)");
        }
        return dir;
    }
}
