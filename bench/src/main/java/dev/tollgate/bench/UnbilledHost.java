package dev.tollgate.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * An example host app started by the bench with no billing filter: the same module, main class, handlers and JVM
 * settings ({@code -Xmx256m}) as the billed one devstack runs (its {@code ExampleHostProcess}), so the two differ
 * only by the filter. The Micronaut host has no filter without {@code tollgate.billing.gateway-url}; the servlet
 * host leaves it out on {@code example.billing-filter=false}. Settings go in on standard input, the environment is
 * not passed on (no {@code TOLLGATE_*} variable can switch billing on), output goes to a log in the run directory.
 */
final class UnbilledHost implements AutoCloseable {
    /** The line a host prints once it serves (examples' HostLaunch.LISTENING). */
    static final String LISTENING = "example host listening on ";

    enum Kind {
        MICRONAUT("micronaut-host", "dev.tollgate.examples.micronaut.MicronautHost",
                Map.of("micronaut.server.host", "127.0.0.1", "micronaut.server.port", "-1")),
        SERVLET("servlet-host", "dev.tollgate.examples.servlet.ServletHost",
                Map.of("server.host", "127.0.0.1", "server.port", "0", "example.billing-filter", "false"));

        final String module;
        final String mainClass;
        final Map<String, String> settings;

        Kind(String module, String mainClass, Map<String, String> settings) {
            this.module = module;
            this.mainClass = mainClass;
            this.settings = settings;
        }
    }

    private final Kind kind;
    private final Process process;
    private final Path log;

    private UnbilledHost(Kind kind, Process process, Path log) {
        this.kind = kind;
        this.process = process;
        this.log = log;
    }

    /** Spawns the host; {@link #awaitUrl} waits until it serves. */
    static UnbilledHost start(Kind kind, Path repoRoot, Path runDir) {
        Path module = repoRoot.resolve("examples").resolve(kind.module);
        Path classPathFile = module.resolve("target/host-classpath.txt");
        Path classes = module.resolve("target/classes");
        if (!Files.isRegularFile(classPathFile) || !Files.isDirectory(classes)) {
            throw new IllegalStateException(kind.module + " is not built (" + classPathFile + " missing)");
        }
        Path log = runDir.resolve("unbilled-" + kind.module + ".log");
        try {
            String classPath = classes.toAbsolutePath() + java.io.File.pathSeparator
                    + Files.readString(classPathFile, StandardCharsets.UTF_8).strip();
            Files.createDirectories(runDir);
            ProcessBuilder builder = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-cp", classPath, kind.mainClass, "--config-stdin"))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().keySet().removeIf(k -> !List.of("PATH", "HOME", "LANG", "TMPDIR").contains(k));
            Process process = builder.start();
            // Ctrl-C on the bench must not leave the host running
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "bench-stop-" + kind.module));
            Properties properties = new Properties();
            properties.putAll(kind.settings);
            try (OutputStream stdin = process.getOutputStream()) {
                properties.store(stdin, null);
            }
            return new UnbilledHost(kind, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the unbilled " + kind.module, e);
        }
    }

    /** Polls the host's log for its URL line (base URL, no trailing slash). */
    String awaitUrl(Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            for (String line : lines()) {
                if (line.startsWith(LISTENING)) {
                    String url = line.substring(LISTENING.length()).strip();
                    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the unbilled " + kind.module + " exited with " + process.exitValue()
                        + "; see " + log);
            }
            Thread.sleep(100); // polling a log the child writes once it serves
        }
        throw new IllegalStateException("the unbilled " + kind.module + " did not serve within " + deadline
                + "; see " + log);
    }

    private List<String> lines() {
        try {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        } catch (IOException | UncheckedIOException e) {
            return List.of(); // being written: read again at the next poll
        }
    }

    /** The host JVM's CPU time so far. */
    Duration cpuTime() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
