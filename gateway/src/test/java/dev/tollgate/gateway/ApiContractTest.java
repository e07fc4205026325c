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
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.p2p.solanaj.core.Account;

/** Bad input gets a clear JSON error with the right status and loses nothing; helper endpoints keep ATP's shapes. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiContractTest implements TestPropertyProvider {
    private final TestAgent agent = new TestAgent();
    private final String wallet = new Account().getPublicKeyBase58();

    @Inject
    EmbeddedServer server;
    private GatewayHttp http;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = GatewayTestProperties.forSolana(agent);
        p.put("micronaut.server.max-request-size", "65536");
        return p;
    }

    @BeforeAll
    void connect() {
        http = new GatewayHttp(server.getURI());
    }

    @BeforeEach
    void healthyAgent() {
        agent.mode(TestAgent.Mode.OK);
    }

    @AfterAll
    void stop() {
        agent.close();
    }

    private Map<String, Object> validTrade() {
        Map<String, Object> body = new HashMap<>();
        body.put("agent_config", Map.of("agent_name", "tester"));
        body.put("task", "do it");
        body.put("user_wallet", wallet);
        return body;
    }

    private void assertError(Reply r, int status, String code) {
        assertThat(r.status()).as(r.raw()).isEqualTo(status);
        assertThat(r.code()).isEqualTo(code);
        assertThat(r.body().path("error").path("message").asText()).isNotBlank();
        assertThat(r.body().path("detail").asText()).isEqualTo(r.body().path("error").path("message").asText());
    }

    @Test
    void tradeFieldsAreValidatedBeforeTheAgentRuns() {
        int callsBefore = agent.calls();
        Map<String, Object> noTask = validTrade();
        noTask.remove("task");
        assertError(http.post("/v1/agent/trade", noTask), 422, "invalid_request");
        Map<String, Object> badWallet = validTrade();
        badWallet.put("user_wallet", "0xNotSolana");
        Reply r = http.post("/v1/agent/trade", badWallet);
        assertError(r, 422, "invalid_request");
        assertThat(r.body().path("error").path("field").asText()).isEqualTo("user_wallet");
        Map<String, Object> badToken = validTrade();
        badToken.put("payment_token", "DOGE");
        assertError(http.post("/v1/agent/trade", badToken), 422, "invalid_request");
        Map<String, Object> badNetwork = validTrade();
        badNetwork.put("network", "bitcoin");
        assertError(http.post("/v1/agent/trade", badNetwork), 422, "invalid_request");
        Map<String, Object> noName = validTrade();
        noName.put("agent_config", Map.of("model_name", "x"));
        assertError(http.post("/v1/agent/trade", noName), 422, "invalid_request");
        assertThat(agent.calls()).isEqualTo(callsBefore);
    }

    @Test
    void malformedAndOversizedBodiesAreRefused() {
        assertError(http.post("/v1/agent/trade", "{\"task\": "), 400, "invalid_json");
        assertError(http.post("/v1/agent/trade", "[1,2]"), 422, "invalid_request");
        assertError(http.post("/v1/agent/trade", "{\"task\": \"" + "a".repeat(70_000) + "\"}"), 413, "body_too_large");
        assertError(http.get("/v1/no/such/thing"), 404, "not_found");
    }

    @Test
    void settleFieldsAreValidated() {
        assertError(http.post("/v1/agent/settle", Map.of("job_id", "x")), 422, "invalid_request");
        assertError(http.post("/v1/agent/settle", Map.of("private_key", "k")), 422, "invalid_request");
        assertError(http.post("/v1/agent/settle", Map.of("job_id", "x", "private_key", "k", "tx_signature", "s")),
                422, "invalid_request");
        assertError(http.post("/v1/agent/settle", Map.of("job_id", "x", "private_key", "k", "commitment", "eventually")),
                422, "invalid_request");
        assertError(http.post("/v1/agent/settle", Map.of("job_id", "not-a-uuid", "private_key", "k")), 404, "job_not_found");
    }

    @Test
    void upstreamErrorsMapToAtpsStatusesAndLockNothing() {
        agent.mode(TestAgent.Mode.ERROR_500);
        Reply failed = http.post("/v1/agent/trade", validTrade());
        assertError(failed, 502, "upstream_error");
        assertThat(failed.body().path("detail").asText()).isEqualTo("Upstream Agent Error: 500");

        agent.mode(TestAgent.Mode.GARBAGE);
        assertError(http.post("/v1/agent/trade", validTrade()), 502, "upstream_malformed");

        agent.mode(TestAgent.Mode.HANG);
        Reply slow = http.post("/v1/agent/trade", validTrade());
        assertError(slow, 504, "upstream_timeout");
        assertThat(slow.body().path("detail").asText()).isEqualTo("Agent execution timed out");
    }

    @Test
    void helperEndpointsKeepAtpsShapes() {
        Reply health = http.get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().path("status").asText()).isEqualTo("healthy");

        Reply sol = http.get("/v1/token/price/sol");
        assertThat(sol.status()).isEqualTo(200);
        assertThat(sol.body().path("token").asText()).isEqualTo("SOL");
        assertThat(sol.body().path("price_usd").decimalValue()).isEqualByComparingTo("150");
        Reply usdc = http.get("/v1/token/price/USDC");
        assertThat(usdc.body().path("price_usd").decimalValue()).isEqualByComparingTo("1");
        assertThat(usdc.body().path("mint_address").asText()).isEqualTo(LocalSolana.get().usdc.address());
        Reply unknown = http.get("/v1/token/price/NOPE");
        assertError(unknown, 400, "unsupported_token");
        assertThat(unknown.body().path("detail").asText()).isEqualTo("Unsupported token: NOPE. Supported tokens: ['SOL', 'USDC']");

        Reply info = http.get("/v1/payment/info");
        assertThat(info.body().path("supported_tokens").toString()).isEqualTo("[\"SOL\",\"USDC\"]");
        assertThat(info.body().path("settlement_fee_percent").decimalValue()).isEqualByComparingTo("5");
        assertThat(info.body().path("agent_pricing").path("enabled").asBoolean()).isTrue();
        assertThat(info.body().path("sol_decimals").asInt()).isEqualTo(9);
        assertThat(info.body().path("current_prices").path("SOL").decimalValue()).isEqualByComparingTo("150");

        assertError(http.get("/v1/agent/jobs/00000000-0000-4000-8000-000000000000"), 404, "job_not_found");
    }

    @Test
    void jobLookupShowsStateAndAmountsButNeverTheOutput() {
        Reply challenge = http.post("/v1/agent/trade", validTrade());
        String jobId = challenge.body().path("job_id").asText();
        Reply job = http.get("/v1/agent/jobs/" + jobId);
        assertThat(job.status()).isEqualTo(200);
        assertThat(job.body().path("state").asText()).isEqualTo("locked");
        assertThat(job.body().path("total_units").bigIntegerValue())
                .isEqualTo(challenge.body().path("payment").path("amount_lamports").bigIntegerValue());
        assertThat(job.body().path("expires_at").asText()).isEqualTo(challenge.body().path("expires_at").asText());
        assertThat(job.raw()).doesNotContain(TestAgent.DEFAULT_OUTPUT);
    }
}
