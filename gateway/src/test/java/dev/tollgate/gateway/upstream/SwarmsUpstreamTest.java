package dev.tollgate.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class SwarmsUpstreamTest extends UpstreamAgentConformance {
    @Override
    protected UpstreamAgent agent(UpstreamTransport transport) {
        return new SwarmsUpstream(transport, server.uri("/v1/agent/completions"), "secret-api-key");
    }

    @Override
    protected String successBody(String output) {
        return "{\"outputs\": \"" + output + "\", \"usage\": {\"input_tokens\": 1000, \"output_tokens\": 500}}";
    }

    @Override
    protected String outputOf(UpstreamResult result) {
        return result.output().asText();
    }

    @Test
    void sendsAtpsRequestShapeWithTheApiKey() throws Exception {
        server.reply(200, successBody("ok"));
        ObjectNode config = JSON.createObjectNode().put("agent_name", "t");
        agent().run(new AgentTask(config, "task text", JSON.createArrayNode(), "", List.of("a.png")));

        var seen = server.lastRequest();
        assertThat(seen.path()).isEqualTo("/v1/agent/completions");
        assertThat(seen.headers().getFirst("x-api-key")).isEqualTo("secret-api-key");
        JsonNode body = JSON.readTree(seen.body());
        assertThat(body.path("agent_config").path("agent_name").asText()).isEqualTo("t");
        assertThat(body.path("task").asText()).isEqualTo("task text");
        // ATP forwards extras only when they are truthy
        assertThat(body.has("history")).isFalse();
        assertThat(body.has("img")).isFalse();
        assertThat(body.path("imgs").get(0).asText()).isEqualTo("a.png");
    }
}
