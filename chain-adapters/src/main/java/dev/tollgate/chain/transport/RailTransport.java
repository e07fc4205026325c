package dev.tollgate.chain.transport;

import dev.tollgate.chain.RailUnavailableException;
import dev.tollgate.jsonrpc.JsonRpcCodec;
import dev.tollgate.jsonrpc.JsonRpcHttp;
import dev.tollgate.jsonrpc.JsonRpcHttpException;
import dev.tollgate.jsonrpc.JsonRpcProtocolException;
import dev.tollgate.jsonrpc.JsonRpcReply;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * JSON-RPC for one rail over its nodes (the primary URL, then fallbacks), with Resilience4j:
 * <ul>
 *   <li>a total deadline per call, every retry and fallback included ({@link RpcTransportPolicy#callDeadline});</li>
 *   <li>{@link #read reads} are idempotent: a failed exchange is retried, on the next node first, at most
 *       {@link RpcTransportPolicy#readAttempts} times;</li>
 *   <li>{@link #send sends} go to one node, once: a send whose exchange failed may still have landed, so the caller
 *       keeps the transaction id and looks it up (on any node) instead of sending again;</li>
 *   <li>one circuit breaker per node: a node that failed {@link RpcTransportPolicy#breakerFailures} exchanges in a
 *       row is skipped without a connection attempt until {@link RpcTransportPolicy#breakerOpenFor} has passed;
 *       when every node's breaker is open a call fails at once with {@link RailUnavailableException}.</li>
 * </ul>
 * A node answering a JSON-RPC error object is healthy (the error is a verdict about the request): it is returned,
 * never retried, and counts as a success for the breaker. Messages name the method and kinds of failure, never a URL.
 */
public final class RailTransport {
    private final String label;
    private final List<Node> nodes;
    private final RpcTransportPolicy policy;
    private final RpcMetrics metrics;
    private final JsonRpcCodec codec = new JsonRpcCodec();
    private final JsonRpcHttp http;
    private final Retry retry;
    private volatile NodeCheck nodeCheck;

    /** Run once per node before its first use (e.g. that an EVM node serves the configured chain). */
    @FunctionalInterface
    public interface NodeCheck {
        /** Throws {@link RailUnavailableException} if the node must not be used; {@code probe} talks only to it. */
        void check(Probe probe);
    }

    /** One JSON-RPC exchange with the node being checked. */
    @FunctionalInterface
    public interface Probe {
        JsonRpcReply call(String method, List<?> params);
    }

    private record Node(int index, URI url, CircuitBreaker breaker, AtomicBoolean checked) {
    }

    /**
     * @param rail     the rail's CAIP-2 id: names breakers and tags metrics
     * @param label    how messages name this rail's RPC, e.g. {@code "Solana RPC"}
     * @param urls     the primary first, then fallbacks
     * @param registry where meters go; {@code null} for none
     */
    public RailTransport(String rail, String label, List<URI> urls, RpcTransportPolicy policy, MeterRegistry registry) {
        Objects.requireNonNull(rail, "rail");
        this.label = Objects.requireNonNull(label, "label");
        this.policy = Objects.requireNonNull(policy, "policy");
        if (urls == null || urls.isEmpty()) {
            throw new IllegalArgumentException("a rail needs at least one RPC URL");
        }
        this.metrics = new RpcMetrics(registry, rail);
        CircuitBreakerConfig breakerConfig = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(policy.breakerFailures())
                .minimumNumberOfCalls(policy.breakerFailures())
                .failureRateThreshold(100) // every exchange in the window failed: N in a row
                .waitDurationInOpenState(policy.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .build();
        List<Node> list = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            CircuitBreaker breaker = CircuitBreaker.of(rail + "#" + i, breakerConfig);
            metrics.breaker(i, breaker);
            list.add(new Node(i, Objects.requireNonNull(urls.get(i), "RPC URL"), breaker, new AtomicBoolean()));
        }
        this.nodes = List.copyOf(list);
        this.http = new JsonRpcHttp(policy.attemptTimeout(), codec.maxReplyBytes());
        this.retry = Retry.of(rail, RetryConfig.custom()
                .maxAttempts(policy.readAttempts())
                .intervalFunction(policy.retryBackoff().isZero() ? IntervalFunction.of(1)
                        : IntervalFunction.ofExponentialBackoff(policy.retryBackoff(), 2))
                .retryOnException(e -> e instanceof NodeFailure)
                .build());
    }

    public void checkEachNodeWith(NodeCheck check) {
        this.nodeCheck = check;
    }

    /** An idempotent read: retried and failed over to the fallbacks within the call deadline. */
    public JsonRpcReply read(String method, List<?> params) {
        JsonRpcCodec.Request request = codec.request(method, params);
        return run(method, request.body(), true, answer -> codec.read(request, answer));
    }

    /** A call with effects (a transaction): one exchange with one node; any failure leaves its outcome unknown. */
    public JsonRpcReply send(String method, List<?> params) {
        JsonRpcCodec.Request request = codec.request(method, params);
        return run(method, request.body(), false, answer -> codec.read(request, answer));
    }

    /**
     * One request a library encoded itself (web3j's, for contract deployment), returning the raw answer: its id
     * and parsing are the library's; only its size is checked here.
     */
    public byte[] exchange(String method, byte[] body, boolean idempotent) {
        return run(method, body, idempotent, answer -> answer);
    }

    private <T> T run(String method, byte[] body, boolean idempotent, Function<byte[], T> reader) {
        long deadline = System.nanoTime() + policy.callDeadline().toNanos();
        Call<T> call = new Call<>(method, body, deadline, reader);
        try {
            T answer = idempotent ? retry.executeSupplier(call::attempt) : call.attempt();
            metrics.call(method, answer instanceof JsonRpcReply reply && reply.isError() ? "rpc_error" : "ok");
            return answer;
        } catch (NodeFailure e) {
            metrics.call(method, "failed");
            throw new RailUnavailableException(label + " " + e.getMessage()
                    + (idempotent ? "" : " (a send is never repeated: look the transaction up)"));
        } catch (CircuitOpen e) {
            metrics.call(method, "circuit_open");
            throw new RailUnavailableException(label + " " + method + " refused at once: every node's circuit is open");
        } catch (RuntimeException e) {
            metrics.call(method, "failed");
            throw e;
        }
    }

    /** The breaker state of the node at {@code index} (0 = primary), for health reporting and tests. */
    public CircuitBreaker.State breakerState(int index) {
        return nodes.get(index).breaker().getState();
    }

    /** One call's attempts: which nodes it already tried, and its deadline. */
    private final class Call<T> {
        private final String method;
        private final byte[] body;
        private final long deadline;
        private final Function<byte[], T> reader;
        private final BitSet tried = new BitSet();

        Call(String method, byte[] body, long deadline, Function<byte[], T> reader) {
            this.method = method;
            this.body = body;
            this.deadline = deadline;
            this.reader = reader;
        }

        T attempt() {
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.toMillis() < 1) {
                throw new DeadlineExceeded(method + " took longer than the call deadline of "
                        + policy.callDeadline().toMillis() + " ms");
            }
            Node node = admitted();
            Duration timeout = left.compareTo(policy.attemptTimeout()) < 0 ? left : policy.attemptTimeout();
            long start = System.nanoTime();
            try {
                ensureChecked(node, timeout);
                byte[] bytes = http.post(node.url(), body, timeout, method);
                if (bytes.length > codec.maxReplyBytes()) {
                    throw new JsonRpcProtocolException(method + " answered over " + codec.maxReplyBytes() + " bytes");
                }
                T answer = reader.apply(bytes); // a malformed answer is the node's failure: the next node may do
                node.breaker().onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                return answer;
            } catch (JsonRpcHttpException e) {
                if (e.kind() == JsonRpcHttpException.Kind.INTERRUPTED) {
                    node.breaker().releasePermission();
                    throw new RailUnavailableException(label + " " + e.getMessage());
                }
                throw failed(node, start, e.kind().name().toLowerCase(Locale.ROOT), e.getMessage());
            } catch (JsonRpcProtocolException e) {
                throw failed(node, start, "malformed", e.getMessage());
            } catch (RuntimeException e) {
                node.breaker().releasePermission();
                throw e;
            }
        }

        private NodeFailure failed(Node node, long start, String kind, String message) {
            node.breaker().onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, new NodeFailure(message));
            metrics.failure(method, node.index(), kind);
            tried.set(node.index());
            return new NodeFailure(message);
        }

        /**
         * The first node, primary first, whose breaker lets a call through: nodes this call has not tried yet before
         * those that already failed it.
         */
        private Node admitted() {
            for (Node node : nodes) {
                if (!tried.get(node.index()) && node.breaker().tryAcquirePermission()) {
                    return node;
                }
            }
            for (Node node : nodes) {
                if (tried.get(node.index()) && node.breaker().tryAcquirePermission()) {
                    return node;
                }
            }
            throw new CircuitOpen();
        }

        /** Runs the node check once per node, over the node itself, within this attempt's deadline. */
        private void ensureChecked(Node node, Duration timeout) {
            NodeCheck check = nodeCheck;
            if (check == null || node.checked().get()) {
                return;
            }
            check.check((m, params) -> {
                JsonRpcCodec.Request probe = codec.request(m, params);
                return codec.read(probe, http.post(node.url(), probe.body(), timeout, m));
            });
            node.checked().set(true);
        }
    }

    /** A node gave no usable answer: retryable for reads. */
    private static final class NodeFailure extends RuntimeException {
        NodeFailure(String message) {
            super(message, null, false, false);
        }
    }

    private static final class CircuitOpen extends RuntimeException {
        CircuitOpen() {
            super(null, null, false, false);
        }
    }

    private final class DeadlineExceeded extends RailUnavailableException {
        DeadlineExceeded(String message) {
            super(label + " " + message);
        }
    }
}
