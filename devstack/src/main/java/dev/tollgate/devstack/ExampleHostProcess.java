package dev.tollgate.devstack;

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
 * One example host app (examples/micronaut-host, examples/servlet-host) in its own JVM, on the class path its module
 * wrote at build time ({@code target/host-classpath.txt}): never in the gateway's JVM, whose beans it must not see.
 * Its settings (the billing token among them) go in on standard input, never on a command line or in a file; its
 * output goes to a log file; it is ready when it prints its URL. The parent's environment is not passed on, so the
 * gateway's own {@code TOLLGATE_*} variables cannot leak into the host's {@code tollgate.billing.*}.
 */
final class ExampleHostProcess implements AutoCloseable {
    /** The line a host prints once it serves (examples' HostLaunch.LISTENING). */
    static final String LISTENING = "example host listening on ";
    static final String CONFIG_STDIN = "--config-stdin";

    private final String name;
    private final Process process;
    private final String url;

    private ExampleHostProcess(String name, Process process, String url) {
        this.name = name;
        this.process = process;
        this.url = url;
    }

    /**
     * @param module    the host's Maven module directory (built: target/classes and target/host-classpath.txt)
     * @param mainClass its main class
     * @param settings  its settings, as properties
     * @param log       where its output goes
     */
    static ExampleHostProcess start(String name, Path module, String mainClass, Map<String, String> settings,
                                    Path log, Duration deadline) {
        Path classPathFile = module.resolve("target/host-classpath.txt");
        Path classes = module.resolve("target/classes");
        if (!Files.isRegularFile(classPathFile) || !Files.isDirectory(classes)) {
            throw new IllegalStateException(name + " is not built (" + classPathFile + " missing): run ./mvnw -pl "
                    + module.getFileName() + " -am package -DskipTests, or ./tollgate dev which builds it");
        }
        Process process;
        try {
            String classPath = classes.toAbsolutePath() + java.io.File.pathSeparator
                    + Files.readString(classPathFile, StandardCharsets.UTF_8).strip();
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-cp", classPath, mainClass, CONFIG_STDIN))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().keySet().removeIf(k -> !List.of("PATH", "HOME", "LANG", "TMPDIR").contains(k));
            process = builder.start();
            Properties properties = new Properties();
            properties.putAll(settings);
            try (OutputStream stdin = process.getOutputStream()) {
                properties.store(stdin, null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        try {
            return new ExampleHostProcess(name, process, awaitUrl(name, process, log, deadline));
        } catch (RuntimeException e) {
            stop(process);
            throw e;
        }
    }

    /** Polls the host's log for its URL line; fails with the log's end when it exits or time runs out. */
    private static String awaitUrl(String name, Process process, Path log, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            for (String line : lines(log)) {
                if (line.startsWith(LISTENING)) {
                    String url = line.substring(LISTENING.length()).strip();
                    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting " + name, e);
            }
        }
        throw new IllegalStateException(name + " did not serve within " + deadline + "; see " + log);
    }

    private static List<String> lines(Path log) {
        try {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        } catch (IOException | UncheckedIOException e) {
            return List.of(); // being written: read again at the next poll
        }
    }

    /** The host's base URL, without a trailing slash. */
    String url() {
        return url;
    }

    @Override
    public void close() {
        stop(process);
    }

    private static void stop(Process process) {
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

    @Override
    public String toString() {
        return name;
    }
}
