package dev.tollgate.pricing;

import dev.tollgate.jsonrpc.CappedBody;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** GETs a small JSON document within one deadline; every failure becomes a {@link PriceUnavailableException}. */
final class JsonHttpGetter {

    /** A price answer is a few hundred bytes; anything much larger is not one. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    /** Longer than any price lookup should ever be allowed to hold a quote back. */
    static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);

    private static final ObjectMapper JSON = PricingJson.mapper();

    private final String sourceName;
    private final Duration timeout;
    private final HttpClient client;

    JsonHttpGetter(String sourceName, Duration timeout) {
        this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(sourceName + " timeout must be above 0 and at most " + MAX_TIMEOUT
                    + ", got " + timeout);
        }
        this.timeout = timeout;
        // A price feed that redirects is misconfigured; treat it as down rather than follow it somewhere else.
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The parsed body of a 2xx answer to GET {@code uri}, all within the timeout (connect, headers and body). */
    JsonNode get(URI uri, Map<String, String> headers) throws PriceUnavailableException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET();
        headers.forEach(request::header);
        CompletableFuture<HttpResponse<byte[]>> call =
                client.sendAsync(request.build(), info -> new CappedBody(MAX_BODY_BYTES));
        HttpResponse<byte[]> response;
        try {
            // The request timeout covers only the wait for headers; this deadline also covers a stalled body.
            response = call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw unavailable(uri, "timed out after " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw unavailable(uri, "interrupted while waiting", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                throw unavailable(uri, "timed out after " + timeout.toMillis() + " ms", cause);
            }
            throw unavailable(uri, "request failed: " + describe(cause), cause);
        }
        if (response.statusCode() < 200 || response.statusCode() > 299) {
            throw unavailable(uri, "answered HTTP " + response.statusCode(), null);
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw unavailable(uri, "answered with malformed JSON", e);
        }
    }

    /** The base URL as text without trailing '/', ready for a path to be appended (keeps any path prefix). */
    static String withoutTrailingSlash(URI base) {
        String text = base.toString();
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '/') {
            end--;
        }
        return text.substring(0, end);
    }

    private PriceUnavailableException unavailable(URI uri, String what, Throwable cause) {
        return new PriceUnavailableException(sourceName + " " + what + " (GET " + uri + ")", cause);
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
