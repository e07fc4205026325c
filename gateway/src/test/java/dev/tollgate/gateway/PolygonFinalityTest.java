package dev.tollgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.gateway.core.SettlementReconciler;
import dev.tollgate.gateway.support.GatewayHttp;
import dev.tollgate.gateway.support.GatewayHttp.Reply;
import dev.tollgate.gateway.support.GatewayTestProperties;
import dev.tollgate.gateway.support.LocalPolygon;
import dev.tollgate.gateway.support.TestAgent;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.crypto.Credentials;

/** With 3 confirmations required, a payment reorganised away before it is final never releases the output. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolygonFinalityTest implements TestPropertyProvider {
    private final TestAgent agent = new TestAgent();
    private final LocalPolygon chain = LocalPolygon.get();

    @Inject
    EmbeddedServer server;
    @Inject
    SettlementReconciler reconciler;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = GatewayTestProperties.forSolanaAndPolygon(agent, 3);
        p.put("tollgate.settle-wait-seconds", "2");
        return GatewayTestProperties.withTestDrivenReconciler(p);
    }

    @AfterAll
    void stop() {
        agent.close();
    }

    @Test
    void aPaymentThatDisappearsBeforeFinalityDoesNotReleaseTheOutput() throws Exception {
        GatewayHttp http = new GatewayHttp(server.getURI());
        Credentials payer = chain.payer(BigInteger.TEN.pow(19), 0);
        JsonNode challenge = http.post("/v1/agent/trade", Map.of("agent_config", Map.of("agent_name", "t"),
                "task", "x", "user_wallet", payer.getAddress(), "network", "polygon", "payment_token", "POL")).body();
        String jobId = challenge.path("job_id").asText();
        JsonNode pay = challenge.path("payment_instructions");
        BigInteger agentBefore = chain.pol(chain.agentTreasury);

        String snapshot = chain.anvil.snapshot();
        String hash = chain.send(payer, pay.path("splitter").asText(), new BigInteger(pay.path("value").asText()),
                pay.path("calldata").asText());
        Reply pending = http.post("/v1/agent/settle", Map.of("job_id", jobId, "tx_signature", hash));
        assertThat(pending.status()).as(pending.raw()).isEqualTo(202);
        assertThat(pending.body().path("error").path("code").asText()).isEqualTo("settlement_pending");
        assertThat(pending.raw()).doesNotContain(TestAgent.DEFAULT_OUTPUT);

        assertThat(chain.anvil.revert(snapshot)).isTrue(); // the block holding the payment is gone
        chain.anvil.mine(5);
        reconciler.reconcile();

        assertThat(http.get("/v1/agent/jobs/" + jobId).body().path("state").asText()).isNotEqualTo("released");
        Reply retry = http.post("/v1/agent/settle", Map.of("job_id", jobId, "tx_signature", hash));
        assertThat(retry.status()).isNotEqualTo(200);
        assertThat(retry.raw()).doesNotContain(TestAgent.DEFAULT_OUTPUT);
        assertThat(chain.pol(chain.agentTreasury)).isEqualTo(agentBefore);
    }
}
