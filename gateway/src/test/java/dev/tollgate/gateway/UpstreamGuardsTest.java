package dev.tollgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.gateway.support.GatewayHttp;
import dev.tollgate.gateway.support.GatewayHttp.Reply;
import dev.tollgate.gateway.support.GatewayTestProperties;
import dev.tollgate.gateway.support.TestAgent;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.p2p.solanaj.core.Account;

/**
 * What reaches the (real, HTTP) test agent is within the operator's caps, whatever the client asked for, and the
 * upstream call has one total deadline: an agent that sends headers and then trickles its body is a 504.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpstreamGuardsTest implements TestPropertyProvider {
    private final TestAgent agent = new TestAgent();

    @Inject
    EmbeddedServer server;

    private GatewayHttp http;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = GatewayTestProperties.forSolana(agent);
        p.put("tollgate.upstream.max-tokens-cap", "1000");
        p.put("tollgate.upstream.max-loops-cap", "2");
        p.put("tollgate.upstream.allowed-models", "cheap-model,other-model");
        return p;
    }

    @BeforeAll
    void connect() {
        http = new GatewayHttp(server.getURI());
    }

    @AfterAll
    void stopAgent() {
        agent.close();
    }

    private Reply trade(Map<String, Object> agentConfig) {
        return http.post("/v1/agent/trade", Map.of("agent_config", agentConfig, "task", "write a haiku",
                "user_wallet", new Account().getPublicKeyBase58()));
    }

    private JsonNode agentConfigSeenByTheAgent() throws Exception {
        return GatewayHttp.JSON.readTree(agent.lastRequest()).path("agent_config");
    }

    @Test
    void costFieldsBeyondTheCapsAreCappedBeforeTheAgentRuns() throws Exception {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("agent_name", "tester");
        config.put("model_name", "very-expensive-model");
        config.put("max_tokens", 100_000);
        config.put("max_loops", "auto");
        config.put("thinking_tokens", 50_000);
        config.put("temperature", 0.3);
        config.put("llm_args", Map.of("max_tokens", 99_999, "model", "very-expensive-model", "top_p", 0.9));

        Reply r = trade(config);

        assertThat(r.status()).isEqualTo(402); // capped, never refused
        JsonNode seen = agentConfigSeenByTheAgent();
        assertThat(seen.path("model_name").asText()).isEqualTo("cheap-model");
        assertThat(seen.path("max_tokens").asInt()).isEqualTo(1000);
        assertThat(seen.path("max_loops").asInt()).isEqualTo(2);
        assertThat(seen.path("thinking_tokens").asInt()).isEqualTo(1000);
        assertThat(seen.path("llm_args").path("max_tokens").asInt()).isEqualTo(1000);
        assertThat(seen.path("llm_args").path("model").asText()).isEqualTo("cheap-model");
        assertThat(seen.path("llm_args").path("top_p").decimalValue()).isEqualByComparingTo("0.9");
        assertThat(seen.path("agent_name").asText()).isEqualTo("tester");
        assertThat(seen.path("temperature").decimalValue()).isEqualByComparingTo("0.3");
    }

    @Test
    void valuesWithinTheCapsReachTheAgentUnchanged() throws Exception {
        Reply r = trade(Map.of("agent_name", "tester", "model_name", "other-model", "max_tokens", 500,
                "max_loops", 1));

        assertThat(r.status()).isEqualTo(402);
        JsonNode seen = agentConfigSeenByTheAgent();
        assertThat(seen.path("model_name").asText()).isEqualTo("other-model");
        assertThat(seen.path("max_tokens").asInt()).isEqualTo(500);
        assertThat(seen.path("max_loops").asInt()).isEqualTo(1);
        assertThat(seen.has("thinking_tokens")).isFalse();
    }

    @Test
    void absentCostFieldsGetTheOperatorsBoundsNotTheUpstreamsDefaults() throws Exception {
        Reply r = trade(Map.of("agent_name", "tester"));

        assertThat(r.status()).isEqualTo(402);
        JsonNode seen = agentConfigSeenByTheAgent();
        assertThat(seen.path("model_name").asText()).isEqualTo("cheap-model");
        assertThat(seen.path("max_tokens").asInt()).isEqualTo(1000);
        assertThat(seen.path("max_loops").asInt()).isEqualTo(2);
    }

    @Test
    void anAgentThatTricklesItsBodyPastTheDeadlineIs504() {
        agent.mode(TestAgent.Mode.TRICKLE); // headers at once, then ~15 s of body against a 2 s deadline
        try {
            Reply r = trade(Map.of("agent_name", "tester"));

            assertThat(r.status()).isEqualTo(504);
            assertThat(r.code()).isEqualTo("upstream_timeout");
            assertThat(r.body().path("detail").asText()).isEqualTo("Agent execution timed out");
        } finally {
            agent.mode(TestAgent.Mode.OK);
        }
    }
}
