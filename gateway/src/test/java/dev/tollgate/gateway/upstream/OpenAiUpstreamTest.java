package dev.tollgate.gateway.upstream;

import dev.tollgate.gateway.core.Code;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import org.junit.jupiter.api.Test;

class OpenAiUpstreamTest extends UpstreamAgentConformance {
    @Override
    protected UpstreamAgent agent(UpstreamTransport transport) {
        URI base = server.uri("/v1");
        return new OpenAiUpstream(transport, base, "sk-test", "default-model");
    }

    @Override
    protected String successBody(String output) {
        return "{\"choices\": [{\"message\": {\"role\": \"assistant\", \"content\": \"" + output + "\"}}],"
                + " \"usage\": {\"prompt_tokens\": 1000, \"completion_tokens\": 500, \"total_tokens\": 1500}}";
    }

    @Override
    protected String outputOf(UpstreamResult result) {
        return result.output().asText();
    }

    @Test
    void mapsAtpsAgentConfigOntoChatCompletions() throws Exception {
        server.reply(200, successBody("ok"));
        ObjectNode config = JSON.createObjectNode().put("agent_name", "t").put("system_prompt", "be brief")
                .put("max_tokens", 64).put("temperature", 0.2);
        ArrayNode history = JSON.createArrayNode();
        history.addObject().put("role", "user").put("content", "earlier");
        agent().run(new AgentTask(config, "now this", history, null, null));

        var seen = server.lastRequest();
        assertThat(seen.path()).isEqualTo("/v1/chat/completions");
        assertThat(seen.headers().getFirst("Authorization")).isEqualTo("Bearer sk-test");
        JsonNode body = JSON.readTree(seen.body());
        assertThat(body.path("model").asText()).isEqualTo("default-model");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(64);
        JsonNode messages = body.path("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
        assertThat(messages.get(1).path("content").asText()).isEqualTo("earlier");
        assertThat(messages.get(2).path("content").asText()).isEqualTo("now this");
    }

    @Test
    void anAnswerWithoutContentIsMalformed() {
        server.reply(200, "{\"choices\": []}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> agent().run(task()))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.code()).isEqualTo(Code.UPSTREAM_MALFORMED));
    }
}
