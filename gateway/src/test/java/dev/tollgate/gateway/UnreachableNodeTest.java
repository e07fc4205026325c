package dev.tollgate.gateway;

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

/** A chain node that is down is an outage: trades still lock and answer, settles answer 503 and keep the job. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnreachableNodeTest implements TestPropertyProvider {
    /** RPC URLs often carry a provider's API key: it must never reach a client. */
    private static final String PROVIDER_KEY = "PROVIDERSECRETKEY123";
    private final TestAgent agent = new TestAgent();

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = GatewayTestProperties.forSolanaAndPolygon(agent, 1);
        p.put("tollgate.networks.polygon.rpc-url", "http://127.0.0.1:1/v2/" + PROVIDER_KEY); // nothing listens there
        p.put("tollgate.networks.polygon.rpc-timeout-millis", "500");
        p.put("tollgate.settle-wait-seconds", "2");
        return p;
    }

    @AfterAll
    void stop() {
        agent.close();
    }

    @Test
    void tradeLocksWithoutInstructionsAndSettleIs503WithTheJobStillPayable() {
        GatewayHttp http = new GatewayHttp(server.getURI());
        Credentials payer = LocalPolygon.newKey();
        Reply trade = http.post("/v1/agent/trade", Map.of("agent_config", Map.of("agent_name", "t"), "task", "x",
                "user_wallet", payer.getAddress(), "network", "polygon", "payment_token", "POL"));
        assertThat(trade.status()).as(trade.raw()).isEqualTo(402);
        assertThat(trade.body().path("payment_instructions").isNull()).isTrue();
        String jobId = trade.body().path("job_id").asText();

        Reply settle = http.post("/v1/agent/settle", Map.of("job_id", jobId, "private_key", LocalPolygon.secret(payer)));

        assertThat(settle.status()).as(settle.raw()).isEqualTo(503);
        assertThat(settle.code()).isEqualTo("rail_unavailable");
        assertThat(settle.raw()).doesNotContain(PROVIDER_KEY).doesNotContain("127.0.0.1:1");
        Reply job = http.get("/v1/agent/jobs/" + jobId);
        assertThat(job.status()).as(job.raw()).isEqualTo(200);
        assertThat(job.body().path("state").asText()).isEqualTo("locked");
        assertThat(job.body().path("payment_instructions").isNull()).isTrue();
    }

    @Test
    void aPaymentThatCannotBeLookedUpIsPendingAndTheAnswerNamesNoNode() {
        GatewayHttp http = new GatewayHttp(server.getURI());
        Credentials payer = LocalPolygon.newKey();
        String jobId = http.post("/v1/agent/trade", Map.of("agent_config", Map.of("agent_name", "t"), "task", "x",
                "user_wallet", payer.getAddress(), "network", "polygon", "payment_token", "POL")).body()
                .path("job_id").asText();

        Reply settle = http.post("/v1/agent/settle", Map.of("job_id", jobId, "tx_signature", "0x" + "5a".repeat(32)));

        assertThat(settle.status()).as(settle.raw()).isEqualTo(202);
        assertThat(settle.code()).isEqualTo("settlement_pending");
        assertThat(settle.raw()).doesNotContain(PROVIDER_KEY).doesNotContain("127.0.0.1:1").doesNotContain("http");
    }
}
