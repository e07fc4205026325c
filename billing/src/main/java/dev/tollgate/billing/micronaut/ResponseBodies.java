package dev.tollgate.billing.micronaut;

import dev.tollgate.billing.HandlerResponse;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.io.buffer.ByteBuffer;
import io.micronaut.http.ByteBodyHttpResponse;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.body.CloseableAvailableByteBody;
import io.micronaut.http.sse.Event;
import io.micronaut.json.JsonMapper;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteInfo;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Turns a handler's response body (bytes, text, a JSON-encodable object, or a {@link Publisher} of those or of
 * SSE {@link Event}s) into the bytes Micronaut would have sent, at most {@code max} of them, so the filter can
 * bill them. A streamed body is collected to its end; beyond {@code max} it is cancelled and reported too large.
 */
@Singleton
@Requires(property = BillingFactory.GATEWAY_URL)
public class ResponseBodies {

    private final Optional<JsonMapper> json;

    public ResponseBodies(Optional<JsonMapper> json) {
        this.json = json;
    }

    public CompletableFuture<HandlerResponse> buffer(HttpRequest<?> request, MutableHttpResponse<?> response,
                                                     int max) {
        int status = response.code();
        MediaType type = contentType(request, response);
        String typeText = type == null ? null : type.toString();
        if (response instanceof ByteBodyHttpResponse<?> raw) {
            return raw.byteBody().buffer().thenApply(buffered -> {
                try (CloseableAvailableByteBody body = buffered) {
                    return body.length() > max ? HandlerResponse.overLimit(status, typeText)
                            : HandlerResponse.of(status, typeText, body.toByteArray());
                }
            });
        }
        Object body = response.getBody().orElse(null);
        boolean events = type != null && type.matches(MediaType.TEXT_EVENT_STREAM_TYPE);
        Charset charset = type == null ? StandardCharsets.UTF_8 : type.getCharset().orElse(StandardCharsets.UTF_8);
        if (body instanceof Publisher<?> stream) {
            Collector collector = new Collector(this, events, jsonArray(type, events), charset, max);
            stream.subscribe(collector);
            return collector.result.thenApply(bytes -> bytes == null ? HandlerResponse.overLimit(status, typeText)
                    : HandlerResponse.of(status, typeText, bytes));
        }
        try {
            byte[] bytes = encode(body, charset);
            return CompletableFuture.completedFuture(bytes.length > max ? HandlerResponse.overLimit(status, typeText)
                    : HandlerResponse.of(status, typeText, bytes));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new UncheckedIOException(e));
        }
    }

    private static boolean jsonArray(MediaType type, boolean events) {
        return !events && (type == null || type.getExtension().equals("json"));
    }

    /** The response's Content-Type, else the route's first {@code @Produces}, else JSON (Micronaut's default). */
    private static MediaType contentType(HttpRequest<?> request, MutableHttpResponse<?> response) {
        Optional<MediaType> set = response.getContentType();
        if (set.isPresent()) {
            return set.get();
        }
        Optional<RouteInfo<?>> route = RouteAttributes.getRouteInfo(response).or(() ->
                RouteAttributes.getRouteInfo(request));
        if (route.isPresent()) {
            List<MediaType> produces = route.get().getProduces();
            if (!produces.isEmpty()) {
                return produces.getFirst();
            }
        }
        Object body = response.getBody().orElse(null);
        if (body instanceof CharSequence) {
            return MediaType.TEXT_PLAIN_TYPE;
        }
        return body == null || body instanceof byte[] ? null : MediaType.APPLICATION_JSON_TYPE;
    }

    byte[] encode(Object body, Charset charset) throws IOException {
        return switch (body) {
            case null -> new byte[0];
            case byte[] bytes -> bytes;
            case CharSequence text -> text.toString().getBytes(charset);
            case ByteBuffer<?> buffer -> buffer.toByteArray();
            case java.nio.ByteBuffer buffer -> {
                byte[] bytes = new byte[buffer.remaining()];
                buffer.duplicate().get(bytes);
                yield bytes;
            }
            default -> json.orElseThrow(() -> new IOException("no JsonMapper bean to encode the response"))
                    .writeValueAsBytes(body);
        };
    }

    /** One item of an event stream, as Micronaut's SSE encoder writes it. */
    byte[] event(Object item, Charset charset) throws IOException {
        StringBuilder out = new StringBuilder();
        Object data = item;
        if (item instanceof Event<?> event) {
            if (event.getComment() != null) {
                out.append(": ").append(event.getComment()).append('\n');
            }
            if (event.getName() != null) {
                out.append("event: ").append(event.getName()).append('\n');
            }
            if (event.getId() != null) {
                out.append("id: ").append(event.getId()).append('\n');
            }
            if (event.getRetry() != null) {
                out.append("retry: ").append(event.getRetry().toMillis()).append('\n');
            }
            data = event.getData();
        }
        String text = new String(encode(data, charset), charset);
        for (String line : text.split("\r\n|\r|\n", -1)) {
            out.append("data: ").append(line).append('\n');
        }
        return out.append('\n').toString().getBytes(charset);
    }

    /** Collects a streamed body into at most {@code max} bytes; completes with null when it is larger. */
    private static final class Collector implements Subscriber<Object> {
        final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ResponseBodies bodies;
        private final boolean events;
        private final boolean jsonArray;
        private final Charset charset;
        private final int max;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Subscription subscription;
        private int items;
        private boolean rawItems;

        Collector(ResponseBodies bodies, boolean events, boolean jsonArray, Charset charset, int max) {
            this.bodies = bodies;
            this.events = events;
            this.jsonArray = jsonArray;
            this.charset = charset;
            this.max = max;
        }

        @Override
        public void onSubscribe(Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(Object item) {
            if (result.isDone()) {
                return;
            }
            try {
                byte[] chunk;
                if (events) {
                    chunk = bodies.event(item, charset);
                } else {
                    boolean raw = item instanceof byte[] || item instanceof CharSequence
                            || item instanceof ByteBuffer<?> || item instanceof java.nio.ByteBuffer;
                    rawItems |= raw;
                    byte[] encoded = bodies.encode(item, charset);
                    if (jsonArray && !raw) {
                        byte[] prefix = (items == 0 ? "[" : ",").getBytes(StandardCharsets.UTF_8);
                        chunk = new byte[prefix.length + encoded.length];
                        System.arraycopy(prefix, 0, chunk, 0, prefix.length);
                        System.arraycopy(encoded, 0, chunk, prefix.length, encoded.length);
                    } else {
                        chunk = encoded;
                    }
                }
                items++;
                if ((long) bytes.size() + chunk.length > max) {
                    subscription.cancel();
                    result.complete(null);
                    return;
                }
                bytes.writeBytes(chunk);
            } catch (IOException | RuntimeException e) {
                subscription.cancel();
                result.completeExceptionally(e);
            }
        }

        @Override
        public void onError(Throwable failure) {
            result.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            if (!events && jsonArray && !rawItems) {
                if (items == 0) {
                    bytes.writeBytes("[".getBytes(StandardCharsets.UTF_8));
                }
                bytes.writeBytes("]".getBytes(StandardCharsets.UTF_8));
                if (bytes.size() > max) {
                    result.complete(null);
                    return;
                }
            }
            result.complete(bytes.toByteArray());
        }
    }
}
