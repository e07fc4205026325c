package dev.tollgate.chain.transport;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A rail's transport meters; all no-ops without a registry. Tags are the rail (CAIP-2 id), the method and the
 * endpoint's index in the configured list, never its URL (provider URLs often carry an API key).
 *
 * <ul>
 *   <li>{@code tollgate.rpc.calls{rail,method,outcome}}: calls, by outcome {@code ok}, {@code rpc_error} (the node
 *       answered an error object), {@code failed} (no usable answer), {@code circuit_open} (refused at once)</li>
 *   <li>{@code tollgate.rpc.failures{rail,method,endpoint,kind}}: failed exchanges with one node, by kind
 *       ({@code timeout}, {@code connection}, {@code http_status}, {@code too_large}, {@code malformed})</li>
 *   <li>{@code tollgate.rpc.breaker.state{rail,endpoint}}: 0 closed, 1 open, 2 half-open, 3 other</li>
 * </ul>
 */
final class RpcMetrics {
    static final String CALLS = "tollgate.rpc.calls";
    static final String FAILURES = "tollgate.rpc.failures";
    static final String BREAKER_STATE = "tollgate.rpc.breaker.state";

    private final MeterRegistry registry;
    private final String rail;

    RpcMetrics(MeterRegistry registry, String rail) {
        this.registry = registry;
        this.rail = rail;
    }

    void call(String method, String outcome) {
        if (registry != null) {
            Counter.builder(CALLS).description("JSON-RPC calls a rail made, by outcome")
                    .tags("rail", rail, "method", method, "outcome", outcome).register(registry).increment();
        }
    }

    void failure(String method, int endpoint, String kind) {
        if (registry != null) {
            Counter.builder(FAILURES).description("failed JSON-RPC exchanges with one node")
                    .tags("rail", rail, "method", method, "endpoint", Integer.toString(endpoint), "kind", kind)
                    .register(registry).increment();
        }
    }

    void breaker(int endpoint, CircuitBreaker breaker) {
        if (registry != null) {
            Gauge.builder(BREAKER_STATE, breaker, b -> stateCode(b))
                    .description("circuit breaker of one RPC node: 0 closed, 1 open, 2 half-open, 3 other")
                    .tags("rail", rail, "endpoint", Integer.toString(endpoint))
                    .strongReference(true).register(registry);
        }
    }

    /** The breaker's state as a small code (a gauge reads it as a number). */
    private static int stateCode(CircuitBreaker breaker) {
        return switch (breaker.getState()) {
            case CLOSED -> 0;
            case OPEN -> 1;
            case HALF_OPEN -> 2;
            default -> 3;
        };
    }
}
