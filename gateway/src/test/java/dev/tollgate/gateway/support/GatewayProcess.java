package dev.tollgate.gateway.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The gateway started the way production starts it: {@code Application.main} in its own JVM, configured only by
 * environment variables (the parent's environment is not inherited) and logging with the production logback.xml.
 * Output (stdout and stderr, merged) is collected line by line.
 */
public final class GatewayProcess implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private GatewayProcess(Process process) {
        this.process = process;
        this.reader = Thread.ofPlatform().daemon().name("gateway-process-output").start(this::readOutput);
    }

    public static GatewayProcess start(Path workDir, Map<String, String> env, String... args) {
        return startMain("dev.tollgate.gateway.Application", workDir, env, args);
    }

    /** As {@link #start}, with another main class (the dev launcher starts the gateway the same way). */
    public static GatewayProcess startMain(String mainClass, Path workDir, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dlogback.configurationFile=logback.xml", // production logging, not this module's logback-test.xml
                "-Dtollgate.repo.root=" + System.getProperty("tollgate.repo.root", ""),
                mainClass));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        Map<String, String> childEnv = builder.environment();
        childEnv.keySet().removeIf(name -> !List.of("PATH", "HOME", "LANG", "TMPDIR").contains(name));
        childEnv.putAll(env);
        try {
            return new GatewayProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs to completion (or fails the test after the deadline) and returns the exit status. */
    public int awaitExit(Duration deadline) {
        try {
            if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("gateway did not exit within " + deadline + "; output so far:\n" + output());
            }
            reader.join(Duration.ofSeconds(10));
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Polls the output until a line matches; fails with the output so far if the process ends or time runs out. */
    public void awaitLine(Predicate<String> wanted, Duration deadline) {
        Instant end = Instant.now().plus(deadline);
        while (Instant.now().isBefore(end)) {
            synchronized (lines) {
                if (lines.stream().anyMatch(wanted)) {
                    return;
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("gateway exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        throw new AssertionError("no expected line within " + deadline + "; output so far:\n" + output());
    }

    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** Lines with any text: what an operator actually sees. */
    public List<String> nonBlankLines() {
        return lines().stream().filter(l -> !l.isBlank()).toList();
    }

    public String output() {
        return String.join("\n", lines());
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                synchronized (lines) {
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            // the process ended: nothing more to read
        }
    }

    /** SIGTERM, so the gateway's shutdown hooks stop the chains and the database it started; then force. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
