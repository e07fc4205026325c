package dev.tollgate.gateway.upstream;

import io.micronaut.http.ByteBodyHttpResponse;
import io.micronaut.http.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * One upstream exchange on the raw Netty client: the response at its headers, then its body chunk by chunk up to
 * the cap. Any status but 200, or a declared length over the cap, is refused without reading the body; a body that
 * grows past the cap is cancelled. {@link #abort()} (the caller's deadline) ends the exchange wherever it is: before
 * the headers it cancels the request, after them it closes the response, and with it the connection.
 */
final class UpstreamCall {
    private final int maxBytes;
    private final CompletableFuture<byte[]> answer = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean aborted;
    private volatile Subscription exchange;
    private volatile Subscription body;
    private volatile ByteBodyHttpResponse<?> response;

    UpstreamCall(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The body of a 200 within the cap, or the failure ({@link NotOk}, {@link BodyTooLarge}, the client's). */
    CompletableFuture<byte[]> answer() {
        return answer;
    }

    void start(Publisher<? extends HttpResponse<?>> exchangePublisher) {
        exchangePublisher.subscribe(new Subscriber<HttpResponse<?>>() {
            @Override
            public void onSubscribe(Subscription s) {
                exchange = s;
                if (aborted) {
                    s.cancel();
                } else {
                    s.request(1);
                }
            }

            @Override
            public void onNext(HttpResponse<?> r) {
                onResponse(r);
            }

            @Override
            public void onError(Throwable t) {
                answer.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                if (!answer.isDone() && response == null) {
                    answer.completeExceptionally(new IllegalStateException("the exchange ended without a response"));
                }
            }
        });
    }

    /** Gives up: nothing more is read, the connection is not reused. Safe at any time and more than once. */
    void abort() {
        aborted = true;
        Subscription s = exchange;
        if (s != null) {
            s.cancel();
        }
        Subscription b = body;
        if (b != null) {
            b.cancel();
        }
        closeResponse();
    }

    private void onResponse(HttpResponse<?> r) {
        if (!(r instanceof ByteBodyHttpResponse<?> raw)) {
            answer.completeExceptionally(new IllegalStateException("the client answered without a raw body"));
            return;
        }
        response = raw;
        if (aborted) { // the deadline passed while the headers were on their way
            closeResponse();
            return;
        }
        if (raw.code() != 200) {
            closeResponse(); // the unread body goes with its connection
            answer.completeExceptionally(new NotOk(raw.code()));
            return;
        }
        OptionalLong declared = raw.byteBody().expectedLength();
        if (declared.isPresent() && declared.getAsLong() > maxBytes) {
            closeResponse();
            answer.completeExceptionally(new BodyTooLarge());
            return;
        }
        raw.byteBody().toByteArrayPublisher().subscribe(new CappedBody());
    }

    private void closeResponse() {
        ByteBodyHttpResponse<?> r = response;
        if (r != null && closed.compareAndSet(false, true)) {
            r.close();
        }
    }

    /** Collects at most {@code maxBytes}; one more cancels the body and fails the answer. */
    private final class CappedBody implements Subscriber<byte[]> {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void onSubscribe(Subscription s) {
            body = s;
            if (aborted) {
                s.cancel();
            } else {
                s.request(1);
            }
        }

        @Override
        public void onNext(byte[] chunk) {
            if (answer.isDone()) {
                return;
            }
            if (chunk.length > maxBytes - bytes.size()) {
                body.cancel();
                closeResponse();
                answer.completeExceptionally(new BodyTooLarge());
                return;
            }
            bytes.writeBytes(chunk);
            body.request(1);
        }

        @Override
        public void onError(Throwable t) {
            closeResponse();
            answer.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            // read whole: the connection goes back to the pool
            answer.complete(bytes.toByteArray());
        }
    }

    /** The agent answered a status other than 200. */
    static final class NotOk extends RuntimeException {
        private final int status;

        NotOk(int status) {
            super("upstream status " + status, null, false, false);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    /** The body exceeded the cap. */
    static final class BodyTooLarge extends RuntimeException {
        BodyTooLarge() {
            super("upstream answer over the size cap", null, false, false);
        }
    }
}
