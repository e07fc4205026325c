package dev.tollgate.chain.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.chain.x402.ExactRequirement;
import dev.tollgate.localnet.RepoPaths;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: runs a stock x402 script of {@code interop/} (pinned {@code @x402/*} packages, no code of ours on the
 * client side) with {@code node}, and writes our requirements as x402's {@code PaymentRequirements} for it.
 */
public final class StockX402Scripts {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_OUTPUT = 64 * 1024;

    private StockX402Scripts() {
    }

    /** {@code requirement} as x402's PaymentRequirements object. */
    public static Map<String, Object> requirementsOf(ExactRequirement requirement) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("scheme", ExactRequirement.SCHEME);
        r.put("network", requirement.network());
        r.put("amount", requirement.amount().toString());
        r.put("asset", requirement.asset());
        r.put("payTo", requirement.payTo());
        r.put("maxTimeoutSeconds", requirement.maxTimeoutSeconds());
        r.put("extra", requirement.extra());
        return r;
    }

    /** Runs {@code node script} in {@code interop/} with {@code env}; its stdout read as one JSON object. */
    public static Map<String, Object> runForJson(String script, Map<String, String> env) throws Exception {
        return JSON.readValue(run(script, env), new TypeReference<>() {
        });
    }

    /** Runs {@code node script} in {@code interop/} with {@code env}; its stdout (capped), after exit 0 within 60 s. */
    public static String run(String script, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("node", script).directory(RepoPaths.root().resolve("interop").toFile());
        pb.environment().putAll(env);
        Process process = pb.start();
        process.getOutputStream().close();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = Thread.ofVirtual().start(() -> {
            try (InputStream in = process.getErrorStream()) {
                in.transferTo(err);
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = process.getInputStream()) {
            byte[] chunk = new byte[8192];
            int read;
            while ((read = in.read(chunk)) != -1) {
                out.write(chunk, 0, read);
                assertThat(out.size()).as("output of %s", script).isLessThan(MAX_OUTPUT);
            }
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", script).isTrue();
        errReader.join();
        assertThat(process.exitValue()).as("%s failed: %s", script, err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }
}
