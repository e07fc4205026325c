package dev.tollgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The payer's own wait for its transaction, on its own node (JSON-RPC, not through the gateway): Solana until
 * {@code confirmed}, EVM until a receipt. Polls with doubling pauses from 5 ms to 100 ms.
 */
final class ChainWait {
    private final Http http;

    ChainWait(Http http) {
        this.http = http;
    }

    JsonNode call(String rpcUrl, String method, Object... params) throws IOException, InterruptedException {
        Http.Reply reply = http.postJson(rpcUrl, Map.of("jsonrpc", "2.0", "id", 1, "method", method,
                "params", List.of(params)));
        if (reply.body().has("error") || !reply.body().has("result")) {
            throw new IOException(method + " refused: HTTP " + reply.status() + " "
                    + reply.body().path("error").path("code").asText("?"));
        }
        return reply.body().get("result");
    }

    /** Waits until {@code signature} is confirmed; false when it failed on chain or the deadline passed. */
    boolean solanaConfirmed(String rpcUrl, String signature, long deadlineNanos) throws IOException, InterruptedException {
        long pause = 5;
        while (System.nanoTime() < deadlineNanos) {
            JsonNode status = call(rpcUrl, "getSignatureStatuses", List.of(signature),
                    Map.of("searchTransactionHistory", true)).path("value").path(0);
            if (status.isObject()) {
                String level = status.path("confirmationStatus").asText("");
                if (status.hasNonNull("err")) {
                    return false;
                }
                if (level.equals("confirmed") || level.equals("finalized")) {
                    return true;
                }
            }
            Thread.sleep(pause);
            pause = Math.min(100, pause * 2);
        }
        return false;
    }

    /** Waits for the receipt of {@code hash}; false when it reverted or the deadline passed. */
    boolean evmMined(String rpcUrl, String hash, long deadlineNanos) throws IOException, InterruptedException {
        long pause = 5;
        while (System.nanoTime() < deadlineNanos) {
            JsonNode receipt = call(rpcUrl, "eth_getTransactionReceipt", hash);
            if (receipt != null && receipt.isObject()) {
                return "0x1".equals(receipt.path("status").asText());
            }
            Thread.sleep(pause);
            pause = Math.min(100, pause * 2);
        }
        return false;
    }
}
