package dev.tollgate.jsonrpc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body of {@link java.net.http.HttpClient}, failing with {@link TooLarge} (and cancelling the
 * exchange) once it grows past {@code max} bytes: nothing unbounded is ever buffered.
 */
public final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final int max;
    private Flow.Subscription subscription;

    public CappedBody(int max) {
        this.max = max;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer item : items) {
            if (bytes.size() + item.remaining() > max) {
                subscription.cancel();
                body.completeExceptionally(new TooLarge(max));
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

    /** The body grew past the limit; the exchange was cancelled. */
    public static final class TooLarge extends IOException {
        TooLarge(int max) {
            super("response body larger than " + max + " bytes", null);
        }
    }
}
