package dev.tollgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON-RPC 2.0 to the client's own chain node (Solana or EVM), answers size-checked before they are parsed. A node
 * that cannot be asked is {@code chain_unreachable}; a JSON-RPC error is a {@link Refused} carrying the node's code
 * (its text stays out of messages shown to callers: it is the node's, not ours).
 */
final class ChainRpc {
    /** Far above an account, a receipt or a blockhash; far below harm. */
    static final int MAX_ANSWER_BYTES = 256 * 1024;

    private final String network;
    private final URI url;
    private final Duration timeout;
    private final HttpClient http;

    ChainRpc(String network, URI url, Duration timeout) {
        this.network = network;
        this.url = url;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The node refused the call: {@code code} is its JSON-RPC error code. */
    static final class Refused extends RuntimeException {
        private final long code;

        Refused(long code, String method) {
            super("the node refused " + method + " (JSON-RPC error " + code + ")");
            this.code = code;
        }

        long code() {
            return code;
        }
    }

    /** The {@code result} of {@code method(params)}; may be JSON null (e.g. a receipt not mined yet). */
    JsonNode call(String method, Object... params) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jsonrpc", "2.0");
        body.put("id", 1);
        body.put("method", method);
        body.put("params", List.of(params));
        try {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(GatewayHttp.JSON.writeValueAsBytes(body))).build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            byte[] bytes;
            try (InputStream in = response.body()) {
                bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
            }
            if (bytes.length > MAX_ANSWER_BYTES) {
                throw unreachable(method + " answered more than " + MAX_ANSWER_BYTES + " bytes", null);
            }
            JsonNode answer;
            try {
                answer = GatewayHttp.JSON.readTree(bytes);
            } catch (IOException e) {
                throw unreachable(method + " answered HTTP " + response.statusCode() + " without JSON", null);
            }
            if (answer != null && answer.path("error").isObject()) {
                throw new Refused(answer.path("error").path("code").asLong(0), method);
            }
            if (answer == null || !answer.has("result")) {
                throw unreachable(method + " answered HTTP " + response.statusCode() + " without a result", null);
            }
            return answer.get("result");
        } catch (IOException e) {
            throw unreachable(method + " could not be asked", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable("interrupted", e);
        }
    }

    private TollgateException unreachable(String what, Throwable cause) {
        return new TollgateException(TollgateException.CHAIN_UNREACHABLE, "The RPC node of " + network + ": " + what,
                cause);
    }
}
