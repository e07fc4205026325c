package dev.tollgate.localnet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child process (a local chain node) that is ready once a line of its output matches a pattern, and that dies
 * with us: {@link #close()} stops it, and a shutdown hook covers a JVM that exits without closing.
 */
public final class LocalProcess implements AutoCloseable {
    private static final int TAIL_LINES = 40;

    private final String name;
    private final Process process;
    private final Deque<String> tail = new ArrayDeque<>();
    private final Thread shutdownHook;

    private LocalProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.shutdownHook = new Thread(process::destroyForcibly, name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts {@code command} in {@code workDir} and waits until a line of stdout or stderr matches {@code ready}.
     *
     * @return the process and the first match's groups, transformed by {@code onReady}
     */
    public static <T> Started<T> start(String name, List<String> command, Path workDir, Pattern ready,
                                       Duration timeout, Function<Matcher, T> onReady) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
        }
        LocalProcess local = new LocalProcess(name, process);
        CompletableFuture<T> readiness = new CompletableFuture<>();
        Thread reader = new Thread(() -> local.pump(ready, onReady, readiness), name + "-output");
        reader.setDaemon(true);
        reader.start();
        try {
            T value = readiness.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Started<>(local, value);
        } catch (Exception e) {
            local.close();
            throw new IllegalStateException(name + " did not become ready within " + timeout + "; last output:\n"
                    + local.tailText(), e);
        }
    }

    private <T> void pump(Pattern ready, Function<Matcher, T> onReady, CompletableFuture<T> readiness) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                remember(line);
                if (!readiness.isDone()) {
                    Matcher m = ready.matcher(line);
                    if (m.find()) {
                        readiness.complete(onReady.apply(m));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            readiness.completeExceptionally(e);
        }
        readiness.completeExceptionally(new IllegalStateException(name + " exited with " + exitCodeOrRunning()));
    }

    private synchronized void remember(String line) {
        if (tail.size() == TAIL_LINES) {
            tail.removeFirst();
        }
        tail.addLast(line);
    }

    /** The last lines the process printed, for error messages. */
    public synchronized String tailText() {
        return String.join("\n", tail);
    }

    private String exitCodeOrRunning() {
        return process.isAlive() ? "no exit (still running)" : "exit code " + process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting; the hook will run anyway
        }
    }

    @Override
    public String toString() {
        return "LocalProcess[" + name + ", pid=" + process.pid() + "]";
    }

    /** A started process and what its ready line told us (e.g. its URL). */
    public record Started<T>(LocalProcess process, T value) {
    }
}
