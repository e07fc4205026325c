package dev.tollgate.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.buffer.netty.NettyByteBufferFactory;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.body.stream.AvailableByteArrayBody;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClientConfiguration;
import io.micronaut.http.client.RawHttpClient;
import io.micronaut.http.client.exceptions.ReadTimeoutException;
import io.micronaut.http.exceptions.BufferLengthExceededException;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * POSTs JSON to an upstream agent with one total deadline (connect, headers and the whole body) and a cap on the
 * answer's size, on Micronaut's Netty client: pooled keep-alive HTTP/1.1 connections on a small event loop of its
 * own (the JDK {@code HttpClient} spent about twice the CPU per call in its asynchronous pipeline). The raw client
 * neither decodes nor follows redirects (a 3xx is an upstream error, as the JDK client's default NEVER made it) and
 * hands over the response at its headers: any status but 200 is refused without reading the body, a declared
 * length over the cap is refused before reading, and the body is read chunk by chunk only up to the cap.
 * <p>
 * At the deadline the caller gets its timeout at once. Before the headers the request is cancelled and its
 * connection closed; after them Netty's client reads what is left of an abandoned HTTP/1.1 body and throws it away
 * (to keep the connection), holding no thread and no memory, until the body ends or the connection has been idle
 * for the read timeout (the deadline again); the connection is out of the pool meanwhile.
 * <p>
 * Public for the bench ({@code UpstreamCallBench}); the gateway builds it in {@link UpstreamFactory}.
 */
public final class UpstreamTransport implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** The JDK client's keep-alive default: an idle pooled connection is dropped after it. */
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    private final RawHttpClient http;
    private final ObjectMapper json;
    private final Duration timeout;
    private final int maxResponseBytes;

    public UpstreamTransport(ObjectMapper json, Duration timeout, int maxResponseBytes) {
        this.json = json;
        this.timeout = timeout;
        this.maxResponseBytes = maxResponseBytes;
        this.http = RawHttpClient.create(null, configuration(timeout, maxResponseBytes));
    }

    /** The client's own limits sit at or beyond ours, so the deadline and the cap here are the ones that act. */
    static HttpClientConfiguration configuration(Duration timeout, int maxResponseBytes) {
        DefaultHttpClientConfiguration c = new DefaultHttpClientConfiguration();
        c.setFollowRedirects(false);
        c.setConnectTimeout(CONNECT_TIMEOUT);
        c.setReadTimeout(timeout); // idle time between reads; our deadline bounds the whole exchange
        c.setMaxContentLength(maxResponseBytes);
        c.setConnectionPoolIdleTimeout(IDLE_TIMEOUT);
        c.getConnectionPoolConfiguration().setEnabled(true);
        c.setNumOfThreads(Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())));
        c.setThreadFactory(EventLoopThreads.class);
        return c;
    }

    /** Daemon event-loop threads with a name that says whose they are (the transport closes them on shutdown). */
    public static final class EventLoopThreads implements ThreadFactory {
        private final ThreadFactory threads = new DefaultThreadFactory("tollgate-upstream", true);

        @Override
        public Thread newThread(Runnable r) {
            return threads.newThread(r);
        }
    }

    /** The agent's JSON object answer to {@code body}; an {@link UpstreamException} when there is none. */
    public JsonNode post(URI url, Object body, Map<String, String> headers) {
        byte[] content;
        try {
            content = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize the upstream request", e);
        }
        MutableHttpRequest<?> request = HttpRequest.create(HttpMethod.POST, url.toString())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
        headers.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                request.header(name, value);
            }
        });
        long deadline = System.nanoTime() + timeout.toNanos();
        UpstreamCall call = new UpstreamCall(maxResponseBytes);
        call.start(http.exchange(request, AvailableByteArrayBody.create(NettyByteBufferFactory.DEFAULT, content),
                Thread.currentThread()));
        CompletableFuture<byte[]> answer = call.answer();
        byte[] bytes;
        try {
            bytes = answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.abort(); // cancels the exchange; a response already begun is closed with its connection
            throw UpstreamException.timeout();
        } catch (InterruptedException e) {
            call.abort();
            Thread.currentThread().interrupt();
            throw UpstreamException.timeout();
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        }
        JsonNode node;
        try {
            node = json.readTree(bytes);
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
            if (t instanceof UpstreamCall.NotOk notOk) {
                return UpstreamException.status(notOk.status());
            }
            if (t instanceof UpstreamCall.BodyTooLarge || t instanceof ContentLengthExceededException
                    || t instanceof BufferLengthExceededException
                    || t instanceof io.micronaut.http.client.exceptions.ContentLengthExceededException) {
                return UpstreamException.malformed("with more than " + maxResponseBytes + " bytes");
            }
            if (t instanceof ReadTimeoutException) {
                return UpstreamException.timeout();
            }
        }
        // connection refused, connect timeout, reset, TLS failure: nothing usable came back
        return UpstreamException.unreachable();
    }

    @Override
    public void close() {
        try {
            http.close();
        } catch (IOException e) {
            // shutting down: nothing left to release
        }
    }
}
