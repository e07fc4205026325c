package dev.tollgate.chain.solana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.chain.RailUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Solana JSON-RPC over HTTP. Solanaj's own client hides Agave's error codes and data (which tell a failed
 * simulation from an outage), so the rail talks JSON-RPC itself and uses Solanaj for keys and transactions.
 */
final class SolanaRpc {
    static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final Duration timeout;
    private final HttpClient http;
    private final AtomicLong ids = new AtomicLong();

    SolanaRpc(URI endpoint, Duration timeout) {
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** An error object the node answered with: a verdict about the request, not an outage. */
    static final class RpcError extends Exception {
        final int code;
        final JsonNode data;

        RpcError(int code, String message, JsonNode data) {
            super(message);
            this.code = code;
            this.data = data;
        }
    }

    JsonNode call(String method, Object... params) throws RpcError {
        ObjectNode request = JSON.createObjectNode();
        request.put("jsonrpc", "2.0");
        request.put("id", ids.incrementAndGet());
        request.put("method", method);
        ArrayNode array = request.putArray("params");
        for (Object param : params) {
            array.add(JSON.valueToTree(param));
        }
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(endpoint)
                            .timeout(timeout)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RailUnavailableException("Solana RPC " + method + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RailUnavailableException("interrupted during Solana RPC " + method, e);
        }
        if (response.statusCode() != 200) {
            throw new RailUnavailableException("Solana RPC " + method + " answered HTTP " + response.statusCode());
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new RailUnavailableException("Solana RPC " + method + " answered malformed JSON", e);
        }
        JsonNode error = body.get("error");
        if (error != null && !error.isNull()) {
            throw new RpcError(error.path("code").asInt(), error.path("message").asText(), error.get("data"));
        }
        return body.get("result");
    }

    /** For reads whose errors can only mean the node misbehaves. */
    JsonNode read(String method, Object... params) {
        try {
            return call(method, params);
        } catch (RpcError e) {
            throw new RailUnavailableException("Solana RPC " + method + " error " + e.code + ": " + e.getMessage());
        }
    }
}
