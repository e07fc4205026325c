package dev.tollgate.gateway.x402;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The stock x402 client (pinned {@code @x402/*} 2.27.0 in {@code interop/}) run as {@code node}: {@code x402-gw/pay.mjs}
 * is {@code wrapFetchWithPayment} paying one request; {@code x402-e2e/sign.mjs} signs what that client would send on
 * its paid retry and hands it to the test (to replay, tamper with, or fire concurrently). Keys travel by environment.
 */
final class StockX402Client {
    private static final long DEADLINE_SECONDS = 120;

    private StockX402Client() {
    }

    /** {@code wrapFetchWithPayment} pays {@code url}; returns {@code {status, body, paymentResponse}}. */
    static JsonNode pay(String url, String method, String jsonBody, Map<String, String> keys) {
        Map<String, String> env = new java.util.HashMap<>(keys);
        env.put("URL", url);
        env.put("METHOD", method);
        if (jsonBody != null) {
            env.put("BODY", jsonBody);
        }
        try {
            return X402Http.JSON.readTree(lastLine(run("x402-gw/pay.mjs", env)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code count} PAYMENT-SIGNATURE values, each freshly signed by the stock client for {@code paymentRequired}. */
    static List<String> sign(String paymentRequired, Map<String, String> keys, int count, Integer signTimeoutSeconds) {
        Map<String, String> env = new java.util.HashMap<>(keys);
        env.put("PAYMENT_REQUIRED", paymentRequired);
        env.put("COUNT", Integer.toString(count));
        if (signTimeoutSeconds != null) {
            env.put("SIGN_TIMEOUT_SECONDS", signTimeoutSeconds.toString());
        }
        try {
            return X402Http.JSON.readValue(lastLine(run("x402-e2e/sign.mjs", env)), new TypeReference<>() {
            });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String lastLine(String out) {
        String trimmed = out.strip();
        return trimmed.substring(trimmed.lastIndexOf('\n') + 1);
    }

    private static String run(String script, Map<String, String> env) {
        File interop = new File(System.getProperty("tollgate.repo.root", ".."), "interop");
        ProcessBuilder pb = new ProcessBuilder("node", script).directory(interop);
        pb.environment().putAll(env);
        try {
            File err = File.createTempFile("x402-node", ".err");
            err.deleteOnExit();
            pb.redirectError(err);
            Process process = pb.start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readNBytes(1 << 20);
            if (!process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(script + " did not finish within " + DEADLINE_SECONDS + " s");
            }
            String stderr = java.nio.file.Files.readString(err.toPath(), StandardCharsets.UTF_8);
            err.delete();
            if (process.exitValue() != 0) {
                throw new AssertionError(script + " exited " + process.exitValue() + ": " + stderr);
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
