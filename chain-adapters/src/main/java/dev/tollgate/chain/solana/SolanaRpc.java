package dev.tollgate.chain.solana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.chain.RailUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Solana JSON-RPC over HTTP. Solanaj's own client hides Agave's error codes and data (which tell a failed
 * simulation from an outage), so the rail talks JSON-RPC itself and uses Solanaj for keys and transactions.
 *
 * <p>Every call has a total deadline (connect, headers and body: the JDK client's own request timeout stops counting
 * once headers arrive, so a node trickling its body could hold a thread forever) and a cap on the body size.
 * Exception messages name the method, never the URL: provider URLs often carry an API key.
 */
final class SolanaRpc {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Far above any answer the rail asks for (a getTransaction of a full 1,232-byte transaction is a few kB). */
    static final int MAX_RESPONSE_BYTES = 4 << 20;
    /** JSON-RPC "invalid params": Agave's answer to a malformed signature, transaction or key. */
    static final int INVALID_PARAMS = -32602;

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
        HttpResponse<byte[]> response = send(method, request);
        if (response.statusCode() != 200) {
            throw new RailUnavailableException("Solana RPC " + method + " answered HTTP " + response.statusCode());
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new RailUnavailableException("Solana RPC " + method + " answered malformed JSON");
        }
        JsonNode error = body.get("error");
        if (error != null && !error.isNull()) {
            throw new RpcError(error.path("code").asInt(), error.path("message").asText(), error.get("data"));
        }
        return body.get("result");
    }

    private HttpResponse<byte[]> send(String method, ObjectNode request) {
        CompletableFuture<HttpResponse<byte[]>> pending;
        try {
            pending = http.sendAsync(HttpRequest.newBuilder(endpoint)
                            .timeout(timeout)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(request)))
                            .build(),
                    info -> new CappedBody(MAX_RESPONSE_BYTES));
        } catch (IOException e) {
            throw new RailUnavailableException("Solana RPC " + method + " request could not be written");
        }
        try {
            return pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true); // aborts the exchange: the connection is not left trickling
            throw new RailUnavailableException("Solana RPC " + method + " took longer than " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new RailUnavailableException("Solana RPC " + method + " failed: " + cause.getClass().getSimpleName());
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new RailUnavailableException("interrupted during Solana RPC " + method);
        }
    }

    /** For reads whose errors can only mean the node misbehaves. The node's text stays out: codes only. */
    JsonNode read(String method, Object... params) {
        try {
            return call(method, params);
        } catch (RpcError e) {
            throw unavailable(method, e);
        }
    }

    static RailUnavailableException unavailable(String method, RpcError e) {
        return new RailUnavailableException("Solana RPC " + method + " answered error " + e.code);
    }

    /** Collects a response body, failing once it grows past {@code max} bytes. */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final int max;
        private Flow.Subscription subscription;

        CappedBody(int max) {
            this.max = max;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer item : items) {
                if (bytes.size() + item.remaining() > max) {
                    subscription.cancel();
                    body.completeExceptionally(new IOException("response body over " + max + " bytes"));
                    return;
                }
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                bytes.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            body.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }
    }
}
