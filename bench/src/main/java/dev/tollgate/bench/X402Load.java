package dev.tollgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The node side of the x402 rows: runs {@code interop/bench/x402-load.mjs} (the stock {@code @x402/fetch} client in a
 * closed loop) and reads its one JSON line into a row; starts the stock servers it is pointed at.
 */
final class X402Load {
    private final Path interop;
    private final ProcessBuilder.Redirect stderr;

    /** {@code stderr}: where the node processes' own errors go (discarded, or inherited to see a failing script). */
    X402Load(Path interop, ProcessBuilder.Redirect stderr) {
        this.interop = interop;
        this.stderr = stderr;
    }

    /** {@code count} paid requests from {@code clients} concurrent clients against {@code env.URL}. */
    LoadResult run(String name, Map<String, String> env, int clients, int count) throws Exception {
        env.put("CLIENTS", String.valueOf(clients));
        env.put("COUNT", String.valueOf(count));
        Process p = node(List.of("bench/x402-load.mjs"), env);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("x402-load.mjs failed (exit " + p.exitValue() + "): " + lastLine(out));
        }
        return parse(name, clients, count, lastLine(out));
    }

    /** A stock server script started with {@code env}, and the port it says it listens on. */
    Process start(String script, Map<String, String> env) throws IOException {
        return node(List.of(script), env);
    }

    static int awaitListening(Process server) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = lines.readLine()) != null; ) {
            if (line.startsWith("listening ")) {
                return Integer.parseInt(line.substring("listening ".length()).trim());
            }
        }
        throw new IllegalStateException("the stock express server exited before it listened");
    }

    static LoadResult parse(String name, int clients, int count, String line) throws IOException {
        JsonNode r = Http.JSON.readTree(line);
        if (r.path("failed").asLong() > 0) {
            System.err.println("bench: " + name + ": answers " + r.path("statuses"));
        }
        // the script reports percentiles, not samples (p90 is not computed there: p50 stands in)
        long p50 = Math.round(r.path("p50_ms").asDouble() * 1000);
        return new LoadResult(name, clients, count, r.path("paid").asLong(), r.path("failed").asLong(),
                r.path("seconds").asDouble(), p50, p50, Math.round(r.path("p99_ms").asDouble() * 1000),
                Math.round(r.path("max_ms").asDouble() * 1000));
    }

    private static String lastLine(String out) {
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }

    private Process node(List<String> args, Map<String, String> env) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("node"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(interop.toFile()).redirectError(stderr);
        pb.environment().putAll(env);
        return pb.start();
    }
}
