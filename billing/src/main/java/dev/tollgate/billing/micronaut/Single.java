package dev.tollgate.billing.micronaut;

import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/** The one element of a publisher (the filter chain's response) as a future. */
final class Single<T> implements Subscriber<T> {

    private final CompletableFuture<T> result = new CompletableFuture<>();

    private Single() {
    }

    static <T> CompletableFuture<T> of(Publisher<T> publisher) {
        Single<T> single = new Single<>();
        publisher.subscribe(single);
        return single.result;
    }

    @Override
    public void onSubscribe(Subscription s) {
        s.request(1);
    }

    @Override
    public void onNext(T item) {
        result.complete(item);
    }

    @Override
    public void onError(Throwable failure) {
        result.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        // no-op when the element came first
        result.completeExceptionally(new IllegalStateException("the filter chain answered no response"));
    }
}
