package dev.tollgate.chain.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.chain.RailUnavailableException;
import dev.tollgate.chain.support.ScriptedRpcNode;
import dev.tollgate.chain.support.ScriptedRpcNode.Mode;
import dev.tollgate.jsonrpc.JsonRpcReply;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The transport against real local HTTP servers: fallbacks, no re-sends, breakers, deadlines, metrics. */
class RailTransportTest {
    private static final String RAIL = "solana:test";

    private static RpcTransportPolicy policy(Duration attempt, Duration deadline, int attempts, int breakerFailures,
                                             Duration openFor) {
        return new RpcTransportPolicy(attempt, deadline, attempts, Duration.ZERO, breakerFailures, openFor);
    }

    private static final RpcTransportPolicy DEFAULTS = RpcTransportPolicy.forTimeout(Duration.ofSeconds(2));

    static URI deadUrl() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/v2/sekrit-dead");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(BooleanSupplier condition, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + within);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // poll interval, not a wait for something to happen
        }
    }

    @Test
    void aDeadPrimaryFallsBackToALiveSecondaryForReads() {
        try (ScriptedRpcNode down = new ScriptedRpcNode("down", Mode.DOWN);
             ScriptedRpcNode live = new ScriptedRpcNode("live", Mode.LIVE)) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            RailTransport refused = new RailTransport(RAIL, "Solana RPC", List.of(deadUrl(), live.url()), DEFAULTS, meters);
            assertThat(refused.read("getSlot", List.of()).result().asText()).isEqualTo("live:getSlot");

            RailTransport answering503 = new RailTransport(RAIL, "Solana RPC", List.of(down.url(), live.url()), DEFAULTS, null);
            assertThat(answering503.read("getBalance", List.of("x")).result().asText()).isEqualTo("live:getBalance");
            assertThat(down.hits("getBalance")).isEqualTo(1);
            assertThat(meters.get(RpcMetrics.FAILURES).tags("endpoint", "0", "kind", "connection").counter().count())
                    .isEqualTo(1);
        }
    }

    @Test
    void aSendGoesToOneNodeOnceAndIsNeverRetriedNorFailedOver() {
        try (ScriptedRpcNode down = new ScriptedRpcNode("down", Mode.DOWN);
             ScriptedRpcNode live = new ScriptedRpcNode("live", Mode.LIVE)) {
            RailTransport transport = new RailTransport(RAIL, "Solana RPC", List.of(down.url(), live.url()), DEFAULTS, null);
            assertThatThrownBy(() -> transport.send("sendTransaction", List.of("AAAA")))
                    .isInstanceOf(RailUnavailableException.class)
                    .hasMessageContaining("never repeated")
                    .hasMessageNotContaining("sekrit");
            assertThat(down.hits("sendTransaction")).isEqualTo(1);
            assertThat(live.hits("sendTransaction")).isZero();

            down.mode(Mode.HANG); // a send that times out is not repeated either
            RailTransport slow = new RailTransport(RAIL, "Solana RPC", List.of(down.url(), live.url()),
                    policy(Duration.ofMillis(300), Duration.ofSeconds(2), 3, 5, Duration.ofSeconds(10)), null);
            assertThatThrownBy(() -> slow.send("sendTransaction", List.of("AAAA")))
                    .isInstanceOf(RailUnavailableException.class).hasMessageContaining("took longer");
            assertThat(down.hits("sendTransaction")).isEqualTo(2);
            assertThat(live.hits("sendTransaction")).isZero();
        }
    }

    @Test
    void anErrorObjectIsAVerdictReturnedOnceNotRetried() {
        try (ScriptedRpcNode refusing = new ScriptedRpcNode("refusing", Mode.RPC_ERROR);
             ScriptedRpcNode live = new ScriptedRpcNode("live", Mode.LIVE)) {
            RailTransport transport = new RailTransport(RAIL, "Solana RPC", List.of(refusing.url(), live.url()), DEFAULTS, null);
            JsonRpcReply reply = transport.read("getTransaction", List.of("bad"));
            assertThat(reply.isError()).isTrue();
            assertThat(reply.error().code()).isEqualTo(-32602);
            assertThat(refusing.hits("getTransaction")).isEqualTo(1);
            assertThat(live.totalHits()).isZero();
            assertThat(transport.breakerState(0)).isEqualTo(CircuitBreaker.State.CLOSED);
        }
    }

    @Test
    void theBreakerOpensAfterNFailuresAnswersAtOnceWhileOpenThenHalfOpens() {
        try (ScriptedRpcNode node = new ScriptedRpcNode("flaky", Mode.DOWN)) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            RailTransport transport = new RailTransport(RAIL, "Solana RPC", List.of(node.url()),
                    policy(Duration.ofSeconds(2), Duration.ofSeconds(4), 1, 3, Duration.ofMillis(300)), meters);
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> transport.read("getSlot", List.of())).isInstanceOf(RailUnavailableException.class)
                        .hasMessageContaining("HTTP 503");
            }
            assertThat(transport.breakerState(0)).isEqualTo(CircuitBreaker.State.OPEN);
            assertThat(meters.get(RpcMetrics.BREAKER_STATE).tags("rail", RAIL, "endpoint", "0").gauge().value()).isEqualTo(1);

            long start = System.nanoTime();
            assertThatThrownBy(() -> transport.read("getSlot", List.of())).isInstanceOf(RailUnavailableException.class)
                    .hasMessageContaining("circuit is open");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(250));
            assertThat(node.hits("getSlot")).isEqualTo(3); // refused without touching the node

            // once the open period passes, one probe goes through (half-open); it fails, so the breaker opens again
            await(() -> {
                try {
                    transport.read("getSlot", List.of());
                } catch (RailUnavailableException expected) {
                    // refused or probed
                }
                return node.hits("getSlot") == 4;
            }, Duration.ofSeconds(10));
            assertThat(transport.breakerState(0)).isEqualTo(CircuitBreaker.State.OPEN);

            node.mode(Mode.LIVE); // the node recovers: the next probe closes the breaker
            await(() -> {
                try {
                    return transport.read("getSlot", List.of()).result().asText().equals("flaky:getSlot");
                } catch (RailUnavailableException refused) {
                    return false;
                }
            }, Duration.ofSeconds(10));
            assertThat(transport.breakerState(0)).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(meters.get(RpcMetrics.CALLS).tags("outcome", "circuit_open").counter().count()).isPositive();
        }
    }

    @Test
    void aSlowNodeHitsTheTotalDeadlineAndAFallbackAnswersWithinIt() {
        try (ScriptedRpcNode hanging = new ScriptedRpcNode("hanging", Mode.HANG);
             ScriptedRpcNode live = new ScriptedRpcNode("live", Mode.LIVE)) {
            RpcTransportPolicy tight = policy(Duration.ofMillis(300), Duration.ofMillis(700), 5, 5, Duration.ofSeconds(10));
            RailTransport alone = new RailTransport(RAIL, "Solana RPC", List.of(hanging.url()), tight, null);
            long start = System.nanoTime();
            assertThatThrownBy(() -> alone.read("getSlot", List.of())).isInstanceOf(RailUnavailableException.class)
                    .hasMessageContaining("took longer").hasMessageNotContaining("sekrit");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(700 + 1500));
            assertThat(hanging.hits("getSlot")).isBetween(1, 3); // the deadline, not the 5 attempts, ended it

            RailTransport withFallback = new RailTransport(RAIL, "Solana RPC", List.of(hanging.url(), live.url()), tight, null);
            assertThat(withFallback.read("getSlot", List.of()).result().asText()).isEqualTo("live:getSlot");
        }
    }

    @Test
    void metricsCountCallsPerRailMethodAndOutcome() {
        try (ScriptedRpcNode live = new ScriptedRpcNode("live", Mode.LIVE);
             ScriptedRpcNode refusing = new ScriptedRpcNode("refusing", Mode.RPC_ERROR)) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            RailTransport transport = new RailTransport(RAIL, "Solana RPC", List.of(live.url()), DEFAULTS, meters);
            transport.read("getSlot", List.of());
            transport.read("getSlot", List.of());
            transport.send("sendTransaction", List.of("AAAA"));
            new RailTransport(RAIL, "Solana RPC", List.of(refusing.url()), DEFAULTS, meters).read("getSlot", List.of());
            RailTransport dead = new RailTransport(RAIL, "Solana RPC", List.of(deadUrl()), DEFAULTS, meters);
            assertThatThrownBy(() -> dead.read("getBalance", List.of())).isInstanceOf(RailUnavailableException.class);

            assertThat(count(meters, "getSlot", "ok")).isEqualTo(2);
            assertThat(count(meters, "sendTransaction", "ok")).isEqualTo(1);
            assertThat(count(meters, "getSlot", "rpc_error")).isEqualTo(1);
            assertThat(count(meters, "getBalance", "failed")).isEqualTo(1);
            assertThat(meters.get(RpcMetrics.FAILURES).tags("method", "getBalance").counter().count())
                    .isEqualTo(RpcTransportPolicy.DEFAULT_READ_ATTEMPTS);
            assertThat(meters.getMeters()).allSatisfy(m -> assertThat(m.getId().toString()).doesNotContain("sekrit"));
        }
    }

    private static double count(SimpleMeterRegistry meters, String method, String outcome) {
        return meters.get(RpcMetrics.CALLS).tags("rail", RAIL, "method", method, "outcome", outcome).counter().count();
    }
}
