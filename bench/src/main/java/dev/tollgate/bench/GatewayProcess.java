package dev.tollgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway under test: {@code ./tollgate dev} (devstack's DevApplication: embedded PostgreSQL, the local Solana
 * node, anvil, the instant demo agent) in a child JVM started from this classpath, so its memory is its own. It runs
 * in a scratch directory and writes its {@code .tollgate/dev.json} (URLs and the demo payer's play-money keys) there.
 * Per-client rate limits are off: the bench measures the paid path, not the limiter.
 */
public final class GatewayProcess implements AutoCloseable {
    private static final Pattern STARTUP = Pattern.compile("Startup completed in (\\d+)ms");

    private final Process process;
    private final Path dir;
    private final JsonNode dev;
    private final long readyMillis;

    private GatewayProcess(Process process, Path dir, JsonNode dev, long readyMillis) {
        this.process = process;
        this.dir = dir;
        this.dev = dev;
        this.readyMillis = readyMillis;
    }

    public static GatewayProcess start(Path repoRoot, Path dir, String heap) throws IOException, InterruptedException {
        return start(repoRoot, dir, heap, false);
    }

    /**
     * @param exampleHosts also start devstack's billed example hosts (the filter section measures them; their start
     *                     is then inside {@link #readyMillis})
     */
    public static GatewayProcess start(Path repoRoot, Path dir, String heap, boolean exampleHosts)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path devJson = dir.resolve(".tollgate/dev.json");
        Files.deleteIfExists(devJson);
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-Dtollgate.repo.root=" + repoRoot,
                // Micronaut's "Startup completed in N ms" (the root logger is at WARN)
                "-Dlogger.levels.io.micronaut.runtime.Micronaut=INFO",
                "-cp", absoluteClassPath(), "dev.tollgate.devstack.DevApplication"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("gateway.log").toFile());
        pb.environment().put("TOLLGATE_PORT", String.valueOf(freePort()));
        pb.environment().put("TOLLGATE_LIMITS_ENABLED", "false");
        pb.environment().put("TOLLGATE_LOG_LEVEL", "WARN");
        // the example host apps are measured only by the filter section
        pb.environment().put("TOLLGATE_DEV_EXAMPLE_HOSTS", String.valueOf(exampleHosts));
        long begin = System.nanoTime();
        Process process = pb.start();
        // Ctrl-C on the bench must not leave the gateway (and its chains and PostgreSQL) running
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "bench-stop-gateway"));
        long deadline = begin + TimeUnit.MINUTES.toNanos(4);
        while (!Files.exists(devJson) || Files.size(devJson) == 0) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the gateway exited during start; see " + dir.resolve("gateway.log"));
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("the gateway did not start in 4 minutes; see " + dir.resolve("gateway.log"));
            }
            Thread.sleep(50); // polling a file the child writes once it serves
        }
        long readyMillis = (System.nanoTime() - begin) / 1_000_000;
        JsonNode dev = new ObjectMapper().readTree(devJson.toFile());
        return new GatewayProcess(process, dir, dev, readyMillis);
    }

    /** This JVM's class path with every entry made absolute: the child runs in another directory. */
    private static String absoluteClassPath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(e -> e.endsWith("*") ? Path.of(e.substring(0, e.length() - 1)).toAbsolutePath() + "/*"
                        : Path.of(e).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** dev.json as the gateway wrote it. */
    public JsonNode dev() {
        return dev;
    }

    public String url(String path) {
        String base = dev.path("gateway_url").asText();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }

    /** Wall time from spawning the JVM to dev.json (chains started and seeded, contracts deployed, gateway serving). */
    public long readyMillis() {
        return readyMillis;
    }

    /** Micronaut's own "Startup completed in N ms" (the application context and HTTP server only), or -1. */
    public long micronautStartupMillis() {
        try {
            Matcher m = STARTUP.matcher(Files.readString(dir.resolve("gateway.log")));
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** The child JVM's resident set in KiB (Linux /proc), or -1. */
    public long rssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    /** Runs {@code jcmd <gateway pid> args...} (e.g. JFR.start) and returns its output. */
    String jcmd(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(process.pid())));
        cmd.addAll(List.of(args));
        Process jcmd = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes());
        if (!jcmd.waitFor(60, TimeUnit.SECONDS)) {
            jcmd.destroyForcibly();
        }
        return out;
    }

    /** Java heap used and committed in KiB ({@code jcmd GC.heap_info}), or {-1, -1}. */
    public long[] heapKib() {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(process.pid()), "GC.heap_info").redirectErrorStream(true).start();
            String out = new String(jcmd.getInputStream().readAllBytes());
            jcmd.waitFor(20, TimeUnit.SECONDS);
            Matcher m = Pattern.compile("total (?:reserved \\d+K, )?committed (\\d+)K, used (\\d+)K").matcher(out);
            if (m.find()) {
                return new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(1))};
            }
            m = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(out);
            if (m.find()) {
                return new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(1))};
            }
        } catch (IOException e) {
            // no jcmd in this runtime
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new long[] {-1, -1};
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: the gateway stops and closes the chains, the agent and PostgreSQL
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The gateway JVM's process (its descendants are the local chains and PostgreSQL). */
    ProcessHandle handle() {
        return process.toHandle();
    }

    /** CPU time the gateway JVM has used so far. */
    Duration cpuTime() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** The processes the gateway JVM started (the chains, PostgreSQL, devstack's example hosts), recursively. */
    java.util.stream.Stream<ProcessHandle> descendants() {
        return process.descendants();
    }
}
