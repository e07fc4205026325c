package dev.tollgate.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.gateway.core.Code;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The transport's own guarantees on the Netty client, against an agent on a plain socket. A stalled agent sleeps
 * far past the deadline, so an answer that came before the deadline proves the stall was not waited for.
 */
class UpstreamTransportTest {
    /** Room for a fresh connection on a busy machine; the stalls below last {@link #STALL_MILLIS}. */
    private static final Duration DEADLINE = Duration.ofSeconds(3);
    private static final long STALL_MILLIS = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OK = "{\"outputs\":\"done\",\"usage\":{\"input_tokens\":1}}";
    private static final Map<String, Object> REQUEST = Map.of("task", "t");

    private final UpstreamTransport transport = new UpstreamTransport(JSON, DEADLINE, 64 * 1024);
    private RawAgent agent;

    /** The first call in a JVM loads and compiles the client (seconds on a busy machine): not what is tested here. */
    @BeforeAll
    static void warmUp() throws Exception {
        try (RawAgent warm = new RawAgent(out -> out.write(RawAgent.answer(200, "", OK)));
             UpstreamTransport patient = new UpstreamTransport(JSON, Duration.ofSeconds(60), 64 * 1024)) {
            patient.post(warm.uri("/warm"), REQUEST, Map.of());
        }
    }

    @AfterEach
    void stop() throws Exception {
        transport.close();
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void callsReuseOneKeptAliveConnectionAndSendAWellFormedRequest() throws Exception {
        agent = new RawAgent(out -> out.write(RawAgent.answer(200, "", OK)));
        for (int i = 0; i < 10; i++) {
            assertThat(transport.post(agent.uri("/v1/agent/completions"), REQUEST, Map.of("x-api-key", "k"))
                    .path("outputs").asText()).isEqualTo("done");
        }
        // kept alive and pooled: not a connection per call (a call may start before the last one's connection is
        // back in the pool, so a second one can open)
        assertThat(agent.connections()).isLessThanOrEqualTo(2);
        String head = agent.heads().get(0).toLowerCase(java.util.Locale.ROOT);
        assertThat(head).startsWith("post /v1/agent/completions http/1.1\r\n")
                .contains("\r\nhost: 127.0.0.1:", "\r\ncontent-type: application/json\r\n", "\r\nx-api-key: k\r\n",
                        "\r\ncontent-length: " + JSON.writeValueAsBytes(REQUEST).length + "\r\n");
    }

    @Test
    void aRedirectIsNotFollowed() throws Exception {
        agent = new RawAgent(out -> out.write(RawAgent.answer(302, "Location: http://127.0.0.1:1/elsewhere\r\n", OK)));
        assertThatThrownBy(() -> transport.post(agent.uri("/a"), REQUEST, Map.of()))
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.code()).isEqualTo(Code.UPSTREAM_ERROR);
                    assertThat(e.getMessage()).isEqualTo("Upstream Agent Error: 302");
                });
        assertThat(agent.heads()).hasSize(1);
    }

    @Test
    void anErrorStatusIsRefusedWithoutWaitingForItsBody() throws Exception {
        // the body is declared and never sent: waiting for it would end at the deadline (504) instead
        agent = new RawAgent(out -> {
            out.write("HTTP/1.1 500 X\r\nContent-Length: 100\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(STALL_MILLIS);
        });
        assertThatThrownBy(() -> transport.post(agent.uri("/a"), REQUEST, Map.of()))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.code()).isEqualTo(Code.UPSTREAM_ERROR));
    }

    @Test
    void aDeclaredLengthOverTheCapIsRefusedBeforeReading() throws Exception {
        agent = new RawAgent(out -> {
            out.write("HTTP/1.1 200 X\r\nContent-Length: 1000000\r\n\r\n{".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(STALL_MILLIS);
        });
        assertThatThrownBy(() -> transport.post(agent.uri("/a"), REQUEST, Map.of()))
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.code()).isEqualTo(Code.UPSTREAM_MALFORMED);
                    assertThat(e.getMessage()).contains("more than 65536 bytes");
                });
    }

    @Test
    void aCallCutAtTheDeadlineLeavesItsConnectionOutOfThePool() throws Exception {
        // the first answer stalls mid-body past the deadline; the next call must not wait behind it
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        agent = new RawAgent(out -> {
            if (calls.incrementAndGet() == 1) {
                out.write("HTTP/1.1 200 X\r\nContent-Length: 200\r\n\r\n{".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(STALL_MILLIS);
            } else {
                out.write(RawAgent.answer(200, "", OK));
            }
        });
        assertThatThrownBy(() -> transport.post(agent.uri("/a"), REQUEST, Map.of()))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.code()).isEqualTo(Code.UPSTREAM_TIMEOUT));
        assertThat(transport.post(agent.uri("/a"), REQUEST, Map.of()).path("outputs").asText()).isEqualTo("done");
        assertThat(agent.connections()).isEqualTo(2);
    }

    @Test
    void closingTheTransportStopsItsEventLoop() throws Exception {
        agent = new RawAgent(out -> out.write(RawAgent.answer(200, "", OK)));
        java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        UpstreamTransport own = new UpstreamTransport(JSON, DEADLINE, 64 * 1024);
        own.post(agent.uri("/a"), REQUEST, Map.of());
        java.util.List<Thread> loop = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.getName().startsWith("tollgate-upstream")).toList();
        assertThat(loop).isNotEmpty().allMatch(Thread::isDaemon);
        own.close();
        for (Thread t : loop) {
            t.join(30_000);
        }
        assertThat(loop).noneMatch(Thread::isAlive);
    }
}
