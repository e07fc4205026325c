package dev.tollgate.gateway.golden;

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
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.p2p.solanaj.core.Account;

/**
 * Golden bodies of a gateway as production runs it: key mode off (403 {@code private_key_settlement_disabled}) and
 * per-client limits on (429 {@code rate_limited}). Two trades fit the burst; the third is refused.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AtpKeyModeOffAndLimitsGoldenTest implements TestPropertyProvider {
    private final TestAgent agent = new TestAgent();

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = GatewayTestProperties.forSolana(agent);
        p.remove("tollgate.private-key-settlement"); // the default: off
        p.put("tollgate.limits.enabled", "true");
        p.put("tollgate.limits.trades-per-minute", "1");
        p.put("tollgate.limits.trade-burst", "2");
        return p;
    }

    @AfterAll
    void stop() {
        agent.close();
    }

    @Test
    void keyModeOffAndATradeOverTheLimit() {
        GatewayHttp http = new GatewayHttp(server.getURI());
        GoldenContext golden = new GoldenContext(server, false);
        Account payer = new Account();
        Map<String, Object> trade = Map.of("agent_config", Map.of("agent_name", "t"), "task", "x",
                "user_wallet", payer.getPublicKeyBase58());
        Reply challenge = http.post("/v1/agent/trade", trade);
        assertThat(challenge.status()).as(challenge.raw()).isEqualTo(402);
        String jobId = challenge.body().path("job_id").asText();

        Reply disabled = http.post("/v1/agent/settle", Map.of("job_id", jobId, "private_key", LocalSolana.secret(payer)));
        assertThat(disabled.status()).as(disabled.raw()).isEqualTo(403);
        golden.assertGolden("error_private_key_settlement_disabled", disabled,
                GoldenContext.job(golden.normaliser(), jobId).known(payer.getPublicKeyBase58(), "payer"));

        assertThat(http.post("/v1/agent/trade", trade).status()).isEqualTo(402);
        Reply limited = http.post("/v1/agent/trade", trade);
        assertThat(limited.status()).as(limited.raw()).isEqualTo(429);
        // the seconds to wait depend on how long the two trades took
        long retryAfter = limited.body().path("error").path("retry_after_seconds").asLong();
        assertThat(retryAfter).isBetween(1L, 60L);
        golden.assertGolden("error_rate_limited", limited,
                golden.normaliser().text("Retry in " + retryAfter + " s", "Retry in <retry_after_seconds> s"));
    }
}
