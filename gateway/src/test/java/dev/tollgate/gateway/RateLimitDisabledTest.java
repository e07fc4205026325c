package dev.tollgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.gateway.support.GatewayHttp;
import dev.tollgate.gateway.support.GatewayTestProperties;
import dev.tollgate.gateway.support.TestAgent;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.p2p.solanaj.core.Account;

/** With limits off, no request is ever answered 429, however tight the (ignored) limits are. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitDisabledTest implements TestPropertyProvider {
    private final TestAgent agent = new TestAgent();

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = GatewayTestProperties.forSolana(agent);
        p.put("tollgate.limits.enabled", "false");
        p.put("tollgate.limits.trades-per-minute", "1");
        p.put("tollgate.limits.trade-burst", "1");
        p.put("tollgate.limits.settles-per-minute", "1");
        p.put("tollgate.limits.settle-burst", "1");
        return p;
    }

    @AfterAll
    void stopAgent() {
        agent.close();
    }

    @Test
    void aDisabledLimitNeverAnswers429() {
        GatewayHttp http = new GatewayHttp(server.getURI());
        for (int i = 0; i < 5; i++) {
            assertThat(http.post("/v1/agent/settle", Map.of()).status()).isEqualTo(422);
            assertThat(http.post("/v1/agent/trade", Map.of("agent_config", Map.of("agent_name", "t"), "task", "x",
                    "user_wallet", new Account().getPublicKeyBase58())).status()).isEqualTo(402);
        }
    }
}
