package dev.tollgate.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * POSTs JSON to an upstream agent with one total deadline (connect, headers and the whole body) and a cap on the
 * answer's size. The JDK client's own request timeout stops counting once headers arrive, so an agent that
 * trickles its body would otherwise hold the request for as long as it likes.
 */
final class UpstreamTransport {
    private final HttpClient http;
    private final ObjectMapper json;
    private final Duration timeout;
    private final int maxResponseBytes;

    UpstreamTransport(ObjectMapper json, Duration timeout, int maxResponseBytes) {
        this.json = json;
        this.timeout = timeout;
        this.maxResponseBytes = maxResponseBytes;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    JsonNode post(URI url, Object body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
        headers.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                request.header(name, value);
            }
        });
        try {
            request.POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize the upstream request", e);
        }
        CompletableFuture<HttpResponse<byte[]>> call = http.sendAsync(request.build(), this::cappedBody);
        HttpResponse<byte[]> response;
        try {
            response = call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true); // aborts the exchange and closes its connection
            throw UpstreamException.timeout();
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw UpstreamException.timeout();
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        }
        if (response.statusCode() != 200) {
            throw UpstreamException.status(response.statusCode());
        }
        JsonNode node;
        try {
            node = json.readTree(response.body());
        } catch (IOException e) {
            throw UpstreamException.malformed("with malformed JSON");
        }
        if (node == null || !node.isObject()) {
            throw UpstreamException.malformed("with something other than a JSON object");
        }
        return node;
    }

    private UpstreamException failure(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLarge) {
                return UpstreamException.malformed("with more than " + maxResponseBytes + " bytes");
            }
            if (t instanceof HttpConnectTimeoutException) {
                return UpstreamException.unreachable();
            }
            if (t instanceof HttpTimeoutException) {
                return UpstreamException.timeout();
            }
        }
        return UpstreamException.unreachable();
    }

    /** Reads a 200's body up to the cap; any other status needs no body, so the connection is dropped at once. */
    private HttpResponse.BodySubscriber<byte[]> cappedBody(HttpResponse.ResponseInfo info) {
        long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (info.statusCode() != 200) {
            return new CappedBody(0, new byte[0]);
        }
        if (declared > maxResponseBytes) {
            return new CappedBody(0, null);
        }
        return new CappedBody(maxResponseBytes, null);
    }

    /** The body exceeded the cap. */
    private static final class BodyTooLarge extends IOException {
        BodyTooLarge() {
            super("upstream answer over the size cap", null);
        }
    }

    /**
     * Collects at most {@code max} bytes; one more cancels the subscription (closing the connection) and fails.
     * With {@code fixed} set it answers that at once and reads nothing.
     */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int max;
        private final byte[] fixed;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        CappedBody(int max, byte[] fixed) {
            this.max = max;
            this.fixed = fixed;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (fixed != null) {
                s.cancel();
                result.complete(fixed);
            } else {
                s.request(1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                if (buffer.remaining() > max - bytes.size()) {
                    subscription.cancel();
                    result.completeExceptionally(new BodyTooLarge());
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.writeBytes(chunk);
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable error) {
            result.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }
}
