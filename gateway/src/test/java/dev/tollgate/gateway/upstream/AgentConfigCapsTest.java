package dev.tollgate.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentConfigCapsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static AgentTask task(ObjectNode config) {
        return new AgentTask(config, "t", null, null, null);
    }

    @Test
    void capsLeaveTheCallersConfigUntouched() {
        ObjectNode config = JSON.createObjectNode().put("agent_name", "a").put("max_tokens", 99_999);
        ObjectNode capped = new AgentConfigCaps(100, 1, List.of()).apply(task(config)).agentConfig();
        assertThat(capped.path("max_tokens").asInt()).isEqualTo(100);
        assertThat(config.path("max_tokens").asInt()).isEqualTo(99_999);
    }

    @Test
    void nonNumericOrFractionalOrNegativeCountsBecomeTheCap() {
        AgentConfigCaps caps = new AgentConfigCaps(100, 3, List.of());
        ObjectNode config = JSON.createObjectNode().put("max_tokens", 10.5).put("max_loops", -1)
                .put("thinking_tokens", "lots");
        ObjectNode capped = caps.apply(task(config)).agentConfig();
        assertThat(capped.path("max_tokens").asInt()).isEqualTo(100);
        assertThat(capped.path("max_loops").asInt()).isEqualTo(3);
        assertThat(capped.path("thinking_tokens").asInt()).isEqualTo(100);
    }

    @Test
    void zeroThinkingTokensStaysZero() {
        ObjectNode config = JSON.createObjectNode().put("thinking_tokens", 0);
        assertThat(new AgentConfigCaps(100, 1, List.of()).apply(task(config)).agentConfig()
                .path("thinking_tokens").asInt()).isZero();
    }

    @Test
    void zeroCapsAndAnEmptyAllowListChangeNothing() {
        ObjectNode config = JSON.createObjectNode().put("agent_name", "a").put("model_name", "anything")
                .put("max_tokens", 1_000_000).put("max_loops", "auto");
        ObjectNode capped = new AgentConfigCaps(0, 0, List.of(" ", "")).apply(task(config)).agentConfig();
        assertThat(capped).isEqualTo(config);
    }

    @Test
    void aModelOutsideTheAllowListBecomesTheFirstAllowedOne() {
        AgentConfigCaps caps = new AgentConfigCaps(0, 0, List.of(" small ", "medium"));
        assertThat(caps.apply(task(JSON.createObjectNode().put("model_name", "huge"))).agentConfig()
                .path("model_name").asText()).isEqualTo("small");
        assertThat(caps.apply(task(JSON.createObjectNode().put("model_name", "medium"))).agentConfig()
                .path("model_name").asText()).isEqualTo("medium");
        assertThat(caps.apply(task(JSON.createObjectNode().putNull("model_name"))).agentConfig()
                .path("model_name").asText()).isEqualTo("small");
    }
}
