package dev.tollgate.jsonrpc;

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

/**
 * POSTs one JSON body and returns the answer's bytes, within a <em>total</em> deadline (connect, headers and body:
 * the JDK client's own request timeout stops counting once headers arrive, so a node trickling its body could hold a
 * thread forever) and a cap on the body size. Thread-safe; one per process or per rail is enough.
 */
public final class JsonRpcHttp {
    private final HttpClient http;
    private final int maxBodyBytes;

    public JsonRpcHttp(Duration connectTimeout, int maxBodyBytes) {
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * @param method only for messages
     * @throws JsonRpcHttpException when no 200 answer within the deadline and the cap came back
     */
    public byte[] post(URI endpoint, byte[] body, Duration deadline, String method) {
        CompletableFuture<HttpResponse<byte[]>> pending = http.sendAsync(HttpRequest.newBuilder(endpoint)
                        .timeout(deadline)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                info -> new CappedBody(maxBodyBytes));
        HttpResponse<byte[]> response;
        try {
            response = pending.get(Math.max(1, deadline.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true); // aborts the exchange: the connection is not left trickling
            throw new JsonRpcHttpException(JsonRpcHttpException.Kind.TIMEOUT, 0,
                    method + " took longer than " + deadline.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof CappedBody.TooLarge) {
                throw new JsonRpcHttpException(JsonRpcHttpException.Kind.TOO_LARGE, 0,
                        method + " answered over " + maxBodyBytes + " bytes");
            }
            if (cause instanceof java.net.http.HttpTimeoutException) {
                throw new JsonRpcHttpException(JsonRpcHttpException.Kind.TIMEOUT, 0,
                        method + " took longer than " + deadline.toMillis() + " ms");
            }
            throw new JsonRpcHttpException(JsonRpcHttpException.Kind.CONNECTION, 0,
                    method + " failed: " + cause.getClass().getSimpleName());
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new JsonRpcHttpException(JsonRpcHttpException.Kind.INTERRUPTED, 0, "interrupted during " + method);
        }
        if (response.statusCode() != 200) {
            throw new JsonRpcHttpException(JsonRpcHttpException.Kind.HTTP_STATUS, response.statusCode(),
                    method + " answered HTTP " + response.statusCode());
        }
        return response.body();
    }
}
