package dev.tollgate.gateway.upstream;

import dev.tollgate.gateway.core.Code;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every kind of upstream agent must do, against a real HTTP server: return the output and the usage as
 * reported, and map failures to ATP's statuses (502 error/unreachable/malformed, 504 timeout).
 */
abstract class UpstreamAgentConformance {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration TIMEOUT = Duration.ofSeconds(1);

    protected ScriptedHttpServer server;

    /** The agent under test, pointed at {@code server}. */
    protected abstract UpstreamAgent agent(UpstreamTransport transport);

    /** A successful answer of this upstream kind whose product is {@code output} and usage 1,000 in / 500 out. */
    protected abstract String successBody(String output);

    /** The product as this kind's result carries it. */
    protected abstract String outputOf(UpstreamResult result);

    @BeforeEach
    void start() {
        server = new ScriptedHttpServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    protected UpstreamAgent agent() {
        return agent(new UpstreamTransport(JSON, TIMEOUT, 64 * 1024));
    }

    protected AgentTask task() {
        ObjectNode config = JSON.createObjectNode().put("agent_name", "t").put("system_prompt", "be brief")
                .put("model_name", "m-1");
        return new AgentTask(config, "write a haiku", null, null, null);
    }

    @Test
    void returnsTheOutputAndTheUsageAsReported() {
        server.reply(200, successBody("the paid work"));
        UpstreamResult result = agent().run(task());
        assertThat(outputOf(result)).isEqualTo("the paid work");
        assertThat(result.usage().path("prompt_tokens").asLong(result.usage().path("input_tokens").asLong()))
                .isEqualTo(1000);
    }

    @Test
    void anErrorStatusIs502WithAtpsMessage() {
        server.reply(503, "{\"detail\":\"overloaded\"}");
        assertThatThrownBy(() -> agent().run(task())).isInstanceOfSatisfying(UpstreamException.class, e -> {
            assertThat(e.code()).isEqualTo(Code.UPSTREAM_ERROR);
            assertThat(e.getMessage()).isEqualTo("Upstream Agent Error: 503");
        });
    }

    @Test
    void aSlowAgentIs504() {
        server.hang(3_000);
        assertThatThrownBy(() -> agent().run(task())).isInstanceOfSatisfying(UpstreamException.class,
                e -> assertThat(e.code()).isEqualTo(Code.UPSTREAM_TIMEOUT));
    }

    @Test
    void anAnswerWhoseBodyTricklesPastTheDeadlineIs504() {
        // headers at once, then a valid answer one byte per 50 ms: ~3 s of body against a 1 s total deadline
        String body = successBody("slow");
        server.trickle(" ".repeat(Math.max(0, 60 - body.length())) + body, 50);
        assertThatThrownBy(() -> agent().run(task())).isInstanceOfSatisfying(UpstreamException.class, e -> {
                        assertThat(e.code()).isEqualTo(Code.UPSTREAM_TIMEOUT);
        });
    }

    @Test
    void anOversizedAnswerWithoutContentLengthIs502() {
        server.chunked(successBody("x".repeat(70 * 1024)));
        assertThatThrownBy(() -> agent().run(task())).isInstanceOfSatisfying(UpstreamException.class,
                e -> assertThat(e.code()).isEqualTo(Code.UPSTREAM_MALFORMED));
    }

    @Test
    void garbageIs502() {
        server.reply(200, "<html>oops</html>");
        assertThatThrownBy(() -> agent().run(task())).isInstanceOfSatisfying(UpstreamException.class,
                e -> assertThat(e.code()).isEqualTo(Code.UPSTREAM_MALFORMED));
    }

    @Test
    void anOversizedAnswerIs502() {
        server.reply(200, successBody("x".repeat(70 * 1024)));
        assertThatThrownBy(() -> agent().run(task())).isInstanceOfSatisfying(UpstreamException.class,
                e -> assertThat(e.code()).isEqualTo(Code.UPSTREAM_MALFORMED));
    }

    @Test
    void anUnreachableAgentIs502() {
        server.close();
        assertThatThrownBy(() -> agent().run(task())).isInstanceOfSatisfying(UpstreamException.class, e -> {
                        assertThat(e.code()).isEqualTo(Code.UPSTREAM_UNREACHABLE);
        });
    }
}
