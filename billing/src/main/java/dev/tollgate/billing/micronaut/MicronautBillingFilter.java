package dev.tollgate.billing.micronaut;

import dev.tollgate.billing.BillingDecision;
import dev.tollgate.billing.BillingEngine;
import dev.tollgate.billing.BillingRequest;
import dev.tollgate.billing.BillingResponse;
import dev.tollgate.billing.HandlerResponse;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.ServerHttpRequest;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.body.CloseableAvailableByteBody;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.http.server.util.HttpHostResolver;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import org.reactivestreams.Publisher;

/**
 * The billing filter for Micronaut hosts: installed by adding the {@code tollgate-billing} dependency and setting
 * {@code tollgate.billing.gateway-url} (and the other {@code tollgate.billing.*} keys, see
 * {@link dev.tollgate.billing.BillingConfigLoader}). Requests to paths that are not billed go straight through;
 * billed ones are authorised before the handler runs, their response is buffered (a streamed {@link Publisher}
 * body too), billed and only then answered. The gateway calls block, so they run on the blocking executor, never
 * on the event loop. Runs just after the security filters: an unauthenticated request is never billed.
 */
@Filter(Filter.MATCH_ALL_PATTERN)
@Requires(property = BillingFactory.GATEWAY_URL)
@Requires(beans = BillingEngine.class)
public final class MicronautBillingFilter implements HttpServerFilter {

    private final BillingEngine engine;
    private final HttpHostResolver hosts;
    private final ExecutorService blocking;
    private final ResponseBodies bodies;

    public MicronautBillingFilter(BillingEngine engine, HttpHostResolver hosts,
                                  @Named(TaskExecutors.BLOCKING) ExecutorService blocking, ResponseBodies bodies) {
        this.engine = engine;
        this.hosts = hosts;
        this.blocking = blocking;
        this.bodies = bodies;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        String rawPath = rawPath(request);
        if (!engine.mayBill(request.getMethodName(), rawPath)) {
            return chain.proceed(request);
        }
        String path = rawPath;
        CompletableFuture<MutableHttpResponse<?>> answer = requestBody(request)
                .thenApplyAsync(body -> engine.before(new BillingRequest(request.getMethodName(), path,
                        hosts.resolve(request), name -> request.getHeaders().get(name), () -> body)), blocking)
                .thenCompose(decision -> decide(request, chain, decision));
        return Publishers.fromCompletableFuture(answer.exceptionallyCompose(failure -> CompletableFuture
                .failedFuture(failure instanceof CompletionException wrapped && wrapped.getCause() != null
                        ? wrapped.getCause() : failure)));
    }

    private CompletableFuture<MutableHttpResponse<?>> decide(HttpRequest<?> request, ServerFilterChain chain,
                                                            BillingDecision decision) {
        return switch (decision) {
            case BillingDecision.Pass pass -> Single.of(chain.proceed(request));
            case BillingDecision.Respond respond -> CompletableFuture.completedFuture(ownResponse(respond.response()));
            case BillingDecision.Proceed proceed -> {
                CompletableFuture<MutableHttpResponse<?>> billed = Single.of(chain.proceed(request))
                        .thenCompose(response -> bodies.buffer(request, response, engine.config().maxResponseBytes())
                                .thenApplyAsync(handler -> answer(response, engine.after(proceed.ticket(), handler)),
                                        blocking));
                yield billed.whenComplete((done, failure) -> {
                    if (failure != null) {
                        engine.abandon(proceed.ticket());
                    }
                });
            }
        };
    }

    /**
     * The path as the client sent it, still encoded. {@code getPath()} keeps it raw on Netty; not
     * {@code getUri().getRawPath()}: a request target {@code //v1//x} parses as a URI with authority {@code v1}.
     */
    static String rawPath(HttpRequest<?> request) {
        String path = request.getPath();
        if (path != null && path.startsWith("/")) {
            return path;
        }
        String raw = request.getUri().getRawPath();
        return raw == null || raw.isEmpty() ? "/" : raw;
    }

    /** The request body for the estimate, or null when absent or larger than the response cap. */
    private CompletableFuture<byte[]> requestBody(HttpRequest<?> request) {
        if (!(request instanceof ServerHttpRequest<?> server)) {
            return CompletableFuture.completedFuture(null);
        }
        OptionalLong length = server.byteBody().expectedLength();
        int cap = engine.config().maxResponseBytes();
        if (length.isPresent() && (length.getAsLong() == 0 || length.getAsLong() > cap)) {
            return CompletableFuture.completedFuture(null);
        }
        return server.byteBody().split().buffer().thenApply(buffered -> {
            try (CloseableAvailableByteBody body = buffered) {
                return body.length() > cap ? null : body.toByteArray();
            }
        });
    }

    private static MutableHttpResponse<?> answer(MutableHttpResponse<?> handler, BillingResponse billing) {
        if (!billing.keepHandlerHeaders()) {
            return ownResponse(billing);
        }
        MutableHttpResponse<byte[]> response = handler.status(HttpStatus.valueOf(billing.status())).body(billing.body());
        response.getHeaders().remove("Transfer-Encoding");
        for (Map.Entry<String, String> header : billing.headers().entrySet()) {
            response.getHeaders().set(header.getKey(), header.getValue());
        }
        response.contentLength(billing.body().length);
        return response;
    }

    private static MutableHttpResponse<?> ownResponse(BillingResponse billing) {
        MutableHttpResponse<byte[]> response = HttpResponse.<byte[]>status(HttpStatus.valueOf(billing.status()))
                .body(billing.body());
        for (Map.Entry<String, String> header : billing.headers().entrySet()) {
            response.getHeaders().set(header.getKey(), header.getValue());
        }
        response.contentLength(billing.body().length);
        return response;
    }
}
