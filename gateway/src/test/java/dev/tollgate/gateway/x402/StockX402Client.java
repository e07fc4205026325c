package dev.tollgate.gateway.x402;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.gateway.support.TestAgent;
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

    /**
     * {@code wrapFetchWithPayment} pays {@code url}; returns {@code {status, body, paymentResponse, paymentSignature}}
     * (the last: the PAYMENT-SIGNATURE header it sent on its paid retry, or null).
     */
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

    /** The stock client's paid request answered 200 with the agent's output and a successful settlement by {@code payer}. */
    static void assertPaidWithOutput(JsonNode paid, String payer) {
        assertThat(paid.path("status").asInt()).as(paid.toString()).isEqualTo(200);
        assertThat(paid.path("body").path("agent_output").asText()).isEqualTo(TestAgent.DEFAULT_OUTPUT);
        assertThat(paid.path("paymentResponse").path("success").asBoolean()).isTrue();
        String settledBy = paid.path("paymentResponse").path("payer").asText();
        if (payer.startsWith("0x")) {
            assertThat(settledBy).isEqualToIgnoringCase(payer); // EIP-55 case is no part of an EVM address
        } else {
            assertThat(settledBy).isEqualTo(payer);
        }
    }

    /** The same payment sent again after release: the answer already given (output, same transaction). */
    static void assertReplayGetsTheSameAnswer(X402Http.Reply replay, X402Http.Reply paid) {
        assertThat(replay.status()).as(replay.raw()).isEqualTo(200);
        assertThat(replay.body().path("agent_output").asText()).isEqualTo(TestAgent.DEFAULT_OUTPUT);
        assertThat(replay.decoded("PAYMENT-RESPONSE").path("transaction").asText())
                .isEqualTo(paid.decoded("PAYMENT-RESPONSE").path("transaction").asText());
    }

    /** A payment refused before anything was sent: 402 with a fresh demand naming why, and no output. */
    static void assertRefusedWithoutOutput(X402Http.Reply r) {
        assertThat(r.status()).as(r.raw()).isEqualTo(402);
        assertThat(r.decoded("PAYMENT-REQUIRED").path("error").asText()).as(r.raw()).isNotBlank();
        assertThat(r.raw()).doesNotContain(TestAgent.DEFAULT_OUTPUT);
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
