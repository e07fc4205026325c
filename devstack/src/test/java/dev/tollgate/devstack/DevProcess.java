package dev.tollgate.devstack;

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
 * {@code ./tollgate dev} as the script starts it: {@link DevApplication} in its own JVM, configured only by the
 * given environment (the parent's is not inherited) and logging with the production logback.xml. Output (stdout
 * and stderr, merged) is collected line by line.
 */
final class DevProcess implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new ArrayList<>();

    private DevProcess(Process process) {
        this.process = process;
        Thread.ofPlatform().daemon().name("dev-process-output").start(this::readOutput);
    }

    static DevProcess start(Path workDir, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dlogback.configurationFile=logback.xml", // production logging, not this module's logback-test.xml
                "-Dtollgate.repo.root=" + System.getProperty("tollgate.repo.root", ""),
                DevApplication.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        Map<String, String> childEnv = builder.environment();
        childEnv.keySet().removeIf(name -> !List.of("PATH", "HOME", "LANG", "TMPDIR").contains(name));
        childEnv.putAll(env);
        try {
            return new DevProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls the output until a line matches; fails with the output so far if the process ends or time runs out. */
    void awaitLine(Predicate<String> wanted, Duration deadline) {
        Instant end = Instant.now().plus(deadline);
        while (Instant.now().isBefore(end)) {
            if (lines().stream().anyMatch(wanted)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("dev mode exited with " + process.exitValue() + ":\n" + output());
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

    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    String output() {
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

    /** SIGTERM, so the shutdown hooks stop the chains and the database dev mode started; then force. */
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
