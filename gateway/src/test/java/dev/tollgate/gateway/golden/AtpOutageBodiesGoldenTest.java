package dev.tollgate.gateway.golden;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.gateway.support.GatewayHttp;
import dev.tollgate.gateway.support.GatewayHttp.Reply;
import dev.tollgate.gateway.support.GatewayTestProperties;
import dev.tollgate.gateway.support.LocalPolygon;
import dev.tollgate.gateway.support.TestAgent;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.crypto.Credentials;

/** Golden bodies of a dead Polygon node: 503 {@code rail_unavailable} and the 202 pending body (see the golden dir). */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AtpOutageBodiesGoldenTest implements TestPropertyProvider {
    private final TestAgent agent = new TestAgent();

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = GatewayTestProperties.forSolanaAndPolygon(agent, 1);
        p.put("tollgate.networks.polygon.rpc-url", "http://127.0.0.1:1/"); // nothing listens there
        p.put("tollgate.networks.polygon.rpc-timeout-millis", "500");
        p.put("tollgate.settle-wait-seconds", "2");
        return p;
    }

    @AfterAll
    void stop() {
        agent.close();
    }

    @Test
    void aDeadNodeIs503BeforeAnythingIsSentAnd202ForANamedPayment() {
        GatewayHttp http = new GatewayHttp(server.getURI());
        GoldenContext golden = new GoldenContext(server, true);
        Credentials payer = LocalPolygon.newKey();
        Map<String, Object> trade = Map.of("agent_config", Map.of("agent_name", "t"), "task", "x",
                "user_wallet", payer.getAddress(), "network", "polygon", "payment_token", "POL");
        String keyJob = http.post("/v1/agent/trade", trade).body().path("job_id").asText();
        String txJob = http.post("/v1/agent/trade", trade).body().path("job_id").asText();
        String tx = "0x" + "5a".repeat(32);

        Reply unavailable = http.post("/v1/agent/settle", Map.of("job_id", keyJob, "private_key", LocalPolygon.secret(payer)));
        Reply pending = http.post("/v1/agent/settle", Map.of("job_id", txJob, "tx_signature", tx));

        assertThat(unavailable.status()).as(unavailable.raw()).isEqualTo(503);
        assertThat(pending.status()).as(pending.raw()).isEqualTo(202);
        golden.assertGolden("error_rail_unavailable", unavailable, GoldenContext.evmAddress(
                GoldenContext.job(golden.normaliser(), keyJob), payer.getAddress(), "payer"));
        golden.assertGolden("settle_202_pending", pending, GoldenContext.evmAddress(
                GoldenContext.job(golden.normaliser(), txJob), payer.getAddress(), "payer").known(tx, "tx_signature"));
    }
}
