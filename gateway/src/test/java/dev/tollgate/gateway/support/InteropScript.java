package dev.tollgate.gateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the node scripts under {@code interop/} (stock npm clients, pinned there) as a buyer's process would:
 * arguments by argv, secrets by environment; its last stdout line is JSON.
 */
public final class InteropScript {
    private InteropScript() {
    }

    public static JsonNode run(String script, List<String> args, Map<String, String> env) throws Exception {
        File interop = new File(System.getProperty("tollgate.repo.root", ".."), "interop");
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(interop);
        pb.environment().putAll(env);
        Process process = pb.start();
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(script + " did not finish within 60 s");
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new AssertionError(script + " exited " + process.exitValue() + ": " + err);
        }
        return GatewayHttp.JSON.readTree(out.substring(out.lastIndexOf('\n') + 1));
    }
}
