package dev.tollgate.gateway.siwx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.gateway.support.GatewayHttp;
import dev.tollgate.gateway.support.GatewayHttp.Reply;
import dev.tollgate.gateway.support.GatewayTestProperties;
import dev.tollgate.gateway.support.LocalSolana;
import dev.tollgate.gateway.support.SignInHeaders;
import dev.tollgate.gateway.support.TestAgent;
import dev.tollgate.gateway.support.WalletProofs;
import dev.tollgate.lockbox.testing.MutableClock;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.p2p.solanaj.core.Account;

/**
 * With {@code tollgate.proof.accept-unsigned-requests=false}, trade, settle and job reads without a valid
 * Sign-In-With-X are refused (401 {@code sign_in_required}, saying what to sign); signed ones work end to end.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnsignedRequestsOffTest implements TestPropertyProvider {
    private final TestAgent agent = new TestAgent();
    private final LocalSolana chain = LocalSolana.get();

    @Inject
    EmbeddedServer server;
    @Inject
    MutableClock clock;

    private GatewayHttp http;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = GatewayTestProperties.forSolana(agent);
        p.put("tollgate.proof.accept-unsigned-requests", "false");
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

    private Map<String, Object> tradeBody(Account payer) {
        return Map.of("agent_config", Map.of("agent_name", "t"), "task", "x", "user_wallet",
                payer.getPublicKeyBase58(), "payment_token", "SOL");
    }

    private Map<String, String> signed(Account wallet, String path) {
        return SignInHeaders.signedBy(wallet, chain.network, server.getURI(), path, clock.instant());
    }

    @Test
    void unsignedTradesAreRefusedBeforeTheAgentRunsAndToldWhatToSign() {
        Account payer = chain.payer(1_000_000_000L, 0);
        int runs = agent.calls();
        Reply r = http.post("/v1/agent/trade", tradeBody(payer));
        assertThat(r.status()).as(r.raw()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("sign_in_required");
        assertThat(agent.calls()).isEqualTo(runs);
        var siwx = r.body().path("error").path("sign_in_with_x");
        assertThat(siwx.path("info").path("uri").asText())
                .isEqualTo("http://" + server.getURI().getAuthority() + "/v1/agent/trade");
        assertThat(siwx.path("supportedChains").path(0).path("chainId").asText()).isEqualTo(chain.network);
    }

    @Test
    void signedRequestsWorkEndToEndAndUnsignedReadsAndSettlesAreRefused() throws Exception {
        Account payer = chain.payer(1_000_000_000L, 0);
        Reply trade = http.postWithHeaders("/v1/agent/trade", tradeBody(payer), signed(payer, "/v1/agent/trade"));
        assertThat(trade.status()).as(trade.raw()).isEqualTo(402);
        String jobId = trade.body().path("job_id").asText();
        String page = "/v1/agent/jobs/" + jobId;

        Reply unsignedRead = http.get(page);
        assertThat(unsignedRead.status()).isEqualTo(401);
        assertThat(unsignedRead.code()).isEqualTo("sign_in_required");
        Reply signedRead = http.getWithHeaders(page, signed(payer, page));
        assertThat(signedRead.status()).as(signedRead.raw()).isEqualTo(200);

        String tx = chain.payAsWallet(signedRead.body(), payer);
        Reply unsignedSettle = http.post("/v1/agent/settle", Map.of("job_id", jobId, "tx_signature", tx));
        assertThat(unsignedSettle.status()).as(unsignedSettle.raw()).isEqualTo(401);
        assertThat(unsignedSettle.code()).isEqualTo("sign_in_required");
        assertThat(unsignedSettle.body().path("error").path("sign_in_with_x").path("requestId").asText())
                .isEqualTo(jobId);
        assertThat(unsignedSettle.raw()).doesNotContain(TestAgent.DEFAULT_OUTPUT);

        Reply settle = http.post("/v1/agent/settle", Map.of("job_id", jobId, "tx_signature", tx, "payer_proof",
                WalletProofs.solana(payer, chain.network, jobId, server.getURI(), clock.instant())));
        assertThat(settle.status()).as(settle.raw()).isEqualTo(200);
        assertThat(settle.body().path("agent_output").asText()).isEqualTo(TestAgent.DEFAULT_OUTPUT);
    }
}
