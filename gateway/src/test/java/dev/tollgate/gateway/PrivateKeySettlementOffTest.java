package dev.tollgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.gateway.support.GatewayHttp;
import dev.tollgate.gateway.support.GatewayHttp.Reply;
import dev.tollgate.gateway.support.GatewayTestProperties;
import dev.tollgate.gateway.support.LocalSolana;
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
import org.p2p.solanaj.core.Account;

/** With private-key settlement off (the production default) keys are refused before anything reads them. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivateKeySettlementOffTest implements TestPropertyProvider {
    private final TestAgent agent = new TestAgent();
    private final LocalSolana chain = LocalSolana.get();

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = GatewayTestProperties.forSolana(agent);
        p.remove("tollgate.private-key-settlement"); // the default must be off
        return p;
    }

    @AfterAll
    void stop() {
        agent.close();
    }

    @Test
    void keysAreRefusedWith403AndTheChallengeSaysHowToPayInstead() {
        GatewayHttp http = new GatewayHttp(server.getURI());
        Account payer = chain.payer(1_000_000_000L, 0);
        Reply challenge = http.post("/v1/agent/trade", Map.of("agent_config", Map.of("agent_name", "t"), "task", "x",
                "user_wallet", payer.getPublicKeyBase58()));
        assertThat(challenge.body().path("instruction").asText()).contains("tx_signature").doesNotContain("private_key");
        String jobId = challenge.body().path("job_id").asText();

        Reply r = http.post("/v1/agent/settle", Map.of("job_id", jobId, "private_key", LocalSolana.secret(payer)));

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.code()).isEqualTo("private_key_settlement_disabled");
        assertThat(r.body().path("detail").asText()).contains("TOLLGATE_PRIVATE_KEY_SETTLEMENT");
        assertThat(chain.sol(payer.getPublicKeyBase58())).isEqualTo(BigInteger.valueOf(1_000_000_000L));
        assertThat(http.get("/v1/agent/jobs/" + jobId).body().path("state").asText()).isEqualTo("locked");
    }
}
