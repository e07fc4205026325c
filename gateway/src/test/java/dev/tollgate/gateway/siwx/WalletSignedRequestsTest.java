package dev.tollgate.gateway.siwx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.gateway.support.GatewayHttp;
import dev.tollgate.gateway.support.GatewayHttp.Reply;
import dev.tollgate.gateway.support.GatewayTestProperties;
import dev.tollgate.gateway.support.LocalSolana;
import dev.tollgate.gateway.support.SignInHeaders;
import dev.tollgate.gateway.support.TestAgent;
import dev.tollgate.lockbox.Lockbox;
import dev.tollgate.lockbox.testing.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.p2p.solanaj.core.Account;

/**
 * Sign-In-With-X on any request, over HTTP against the local Solana node and PostgreSQL: a signed trade binds its job
 * to the wallet; only that wallet reads the job or collects its output (again and again) at
 * {@code GET /v1/agent/jobs/{id}/output}; every malformed sign-in is refused with its reason.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WalletSignedRequestsTest implements TestPropertyProvider {
    private static final String HEADER = "SIGN-IN-WITH-X";
    private final TestAgent agent = new TestAgent();
    private final LocalSolana chain = LocalSolana.get();

    @Inject
    EmbeddedServer server;
    @Inject
    MutableClock clock;
    @Inject
    Lockbox lockbox;
    @Inject
    MeterRegistry metrics;

    private GatewayHttp http;

    @Override
    public Map<String, String> getProperties() {
        return GatewayTestProperties.forSolana(agent);
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

    private Map<String, Object> payload(Account wallet, String path) {
        return SignInHeaders.payload(wallet, chain.network, server.getURI(), path, clock.instant());
    }

    private Map<String, String> signed(Account wallet, String path) {
        return Map.of(HEADER, SignInHeaders.header(payload(wallet, path)));
    }

    private String signedTrade(Account payer) {
        Reply r = http.postWithHeaders("/v1/agent/trade", tradeBody(payer), signed(payer, "/v1/agent/trade"));
        assertThat(r.status()).as(r.raw()).isEqualTo(402);
        return r.body().path("job_id").asText();
    }

    private Reply readJob(String jobId, Map<String, String> headers) {
        return http.getWithHeaders("/v1/agent/jobs/" + jobId, headers);
    }

    private static String output(String jobId) {
        return "/v1/agent/jobs/" + jobId + "/output";
    }

    /** Pays the job as its wallet would (the job page read signed in), then names the public tx id unsigned. */
    private String payAndNameTheTxUnsigned(String jobId, Account payer) throws Exception {
        Reply page = readJob(jobId, signed(payer, "/v1/agent/jobs/" + jobId));
        assertThat(page.status()).as(page.raw()).isEqualTo(200);
        String tx = chain.payAsWallet(page.body(), payer);
        Reply unsigned = http.post("/v1/agent/settle", Map.of("job_id", jobId, "tx_signature", tx));
        assertThat(unsigned.status()).as(unsigned.raw()).isEqualTo(403);
        assertThat(unsigned.code()).isEqualTo("payer_proof_required");
        assertThat(unsigned.raw()).doesNotContain(TestAgent.DEFAULT_OUTPUT);
        return tx;
    }

    @Test
    void aSignedTradeBindsTheJobSoOnlyItsWalletCanReadIt() {
        Account payer = chain.payer(1_000_000_000L, 0);
        Account stranger = chain.payer(1_000_000L, 0);
        String jobId = signedTrade(payer);

        Reply unsigned = readJob(jobId, Map.of());
        assertThat(unsigned.status()).as(unsigned.raw()).isEqualTo(404);
        assertThat(unsigned.code()).isEqualTo("job_not_found");
        Reply other = readJob(jobId, signed(stranger, "/v1/agent/jobs/" + jobId));
        assertThat(other.status()).as(other.raw()).isEqualTo(404);
        assertThat(other.raw()).doesNotContain(payer.getPublicKeyBase58());

        Reply owner = readJob(jobId, signed(payer, "/v1/agent/jobs/" + jobId));
        assertThat(owner.status()).as(owner.raw()).isEqualTo(200);
        assertThat(owner.body().path("state").asText()).isEqualTo("locked");
        assertThat(owner.body().path("wallet_bound").asBoolean()).isTrue();
        assertThat(lockbox.find(UUID.fromString(jobId)).orElseThrow().boundWallet()).isEqualTo(payer.getPublicKeyBase58());
    }

    @Test
    void anUnsignedTradeBindsNothingAndStaysReadableByAnyone() {
        Account payer = chain.payer(1_000_000_000L, 0);
        Reply r = http.post("/v1/agent/trade", tradeBody(payer));
        assertThat(r.status()).isEqualTo(402);
        String jobId = r.body().path("job_id").asText();
        assertThat(readJob(jobId, Map.of()).status()).isEqualTo(200);
        assertThat(readJob(jobId, Map.of()).body().has("wallet_bound")).isFalse();
        assertThat(lockbox.find(UUID.fromString(jobId)).orElseThrow().isWalletBound()).isFalse();
    }

    @Test
    void aTradeSignedByAnotherWalletThanUserWalletIsRefusedBeforeTheAgentRuns() {
        Account payer = chain.payer(1_000_000_000L, 0);
        Account other = chain.payer(1_000_000L, 0);
        int runs = agent.calls();
        Reply r = http.postWithHeaders("/v1/agent/trade", tradeBody(payer), signed(other, "/v1/agent/trade"));
        assertThat(r.status()).as(r.raw()).isEqualTo(403);
        assertThat(r.code()).isEqualTo("invalid_payer_proof");
        assertThat(r.body().path("error").path("reason").asText()).isEqualTo("wrong_wallet");
        assertThat(agent.calls()).isEqualTo(runs);
    }

    @Test
    void forgedStaleReplayedMisdirectedAndForeignChainSignInsAreRefusedWithTheirReasons() {
        Account payer = chain.payer(1_000_000_000L, 0);
        Account thief = chain.payer(1_000_000L, 0);
        String jobId = signedTrade(payer);
        String path = "/v1/agent/jobs/" + jobId;

        Map<String, Object> forged = new LinkedHashMap<>(payload(thief, path));
        forged.put("address", payer.getPublicKeyBase58()); // the payer's name, the thief's signature
        assertRefused(readJob(jobId, header(forged)), "bad_signature");

        Map<String, Object> stale = SignInHeaders.payload(payer, chain.network, server.getURI(), path,
                clock.instant().minusSeconds(600));
        assertRefused(readJob(jobId, header(stale)), "expired");

        Map<String, Object> future = SignInHeaders.payload(payer, chain.network, server.getURI(), path,
                clock.instant().plusSeconds(600));
        assertRefused(readJob(jobId, header(future)), "not_yet_valid");

        Map<String, Object> once = payload(payer, path);
        assertThat(readJob(jobId, header(once)).status()).isEqualTo(200);
        assertRefused(readJob(jobId, header(once)), "nonce_reused");

        Map<String, Object> elsewhere = new LinkedHashMap<>(payload(payer, path));
        elsewhere.put("domain", "evil.example");
        elsewhere.put("uri", "http://evil.example" + path);
        assertRefused(readJob(jobId, header(SignInHeaders.sign(payer, elsewhere))), "wrong_domain");

        // signed for another URL of this gateway: cannot be replayed here
        assertRefused(readJob(jobId, header(payload(payer, "/v1/agent/trade"))), "wrong_uri");
        assertRefused(readJob(jobId, header(payload(payer, output(jobId)))), "wrong_uri");

        Map<String, Object> devnet = new LinkedHashMap<>(payload(payer, path));
        devnet.put("chainId", "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1"); // a chain this gateway did not declare
        assertRefused(readJob(jobId, header(SignInHeaders.sign(payer, devnet))), "wrong_chain");

        assertThat(readJob(jobId, Map.of(HEADER, "not base64 !")).status()).isEqualTo(422);
    }

    @Test
    void thePayerSignedInGetsTheOutputAgainAndAgainWhileNobodyElseDoesEvenNamingTheTx() throws Exception {
        Account payer = chain.payer(1_000_000_000L, 0);
        Account stranger = chain.payer(1_000_000L, 0);
        String jobId = signedTrade(payer);
        String tx = payAndNameTheTxUnsigned(jobId, payer); // the payment is recorded; no output without proof
        assertThat(lockbox.find(UUID.fromString(jobId)).orElseThrow().txId()).isEqualTo(tx);

        HttpResponse<String> anonymous = http.getResponse(output(jobId), Map.of());
        assertThat(anonymous.statusCode()).isEqualTo(402);
        assertThat(anonymous.body()).doesNotContain(TestAgent.DEFAULT_OUTPUT);
        JsonNode paidBody = GatewayHttp.JSON.readTree(anonymous.body());
        assertThat(paidBody.path("error").path("code").asText()).isEqualTo("payer_proof_required");
        assertThat(paidBody.path("error").path("paid").asBoolean()).isTrue();
        assertThat(decode(anonymous).path("extensions").has("sign-in-with-x")).isTrue();

        HttpResponse<String> other = http.getResponse(output(jobId), signed(stranger, output(jobId)));
        assertThat(other.statusCode()).isEqualTo(402);
        assertThat(other.body()).doesNotContain(TestAgent.DEFAULT_OUTPUT);

        double served = served();
        for (int i = 0; i < 3; i++) {
            Map<String, Object> signIn = payload(payer, output(jobId));
            HttpResponse<String> mine = http.getResponse(output(jobId), header(signIn));
            assertThat(mine.statusCode()).as(mine.body()).isEqualTo(200);
            assertThat(mine.headers().firstValue("Cache-Control")).contains("no-store");
            JsonNode body = GatewayHttp.JSON.readTree(mine.body());
            assertThat(body.path("agent_output").asText()).isEqualTo(TestAgent.DEFAULT_OUTPUT);
            assertThat(body.path("tx_signature").asText()).isEqualTo(tx);
            // the gateway recorded the nonce as used (in PostgreSQL): it cannot serve that sign-in again
            assertThat(lockbox.useProofNonce(payer.getPublicKeyBase58(), (String) signIn.get("nonce"),
                    clock.instant().plusSeconds(600))).isFalse();
        }
        assertThat(served() - served).isEqualTo(3.0);

        // the bound job is still the payer's alone on its page, paid
        assertThat(readJob(jobId, Map.of()).status()).isEqualTo(404);
        assertThat(readJob(jobId, signed(payer, "/v1/agent/jobs/" + jobId)).body().path("state").asText())
                .isEqualTo("released");
        // and the payer can still settle by proof
        Map<String, Object> proof = dev.tollgate.gateway.support.WalletProofs.solana(payer, chain.network, jobId,
                server.getURI(), clock.instant());
        Reply settle = http.post("/v1/agent/settle", Map.of("job_id", jobId, "tx_signature", tx, "payer_proof", proof));
        assertThat(settle.status()).as(settle.raw()).isEqualTo(200);
    }

    @Test
    void anUnpaidJobsOutputUrlAnswers402WithAnX402ChallengeDeclaringSignInWithX() throws Exception {
        Account payer = chain.payer(1_000_000_000L, 0);
        String jobId = signedTrade(payer);

        HttpResponse<String> r = http.getResponse(output(jobId), signed(payer, output(jobId)));

        assertThat(r.statusCode()).isEqualTo(402);
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(r.body()).doesNotContain(TestAgent.DEFAULT_OUTPUT);
        assertThat(GatewayHttp.JSON.readTree(r.body()).path("error").path("code").asText()).isEqualTo("payment_required");
        JsonNode required = decode(r);
        String url = "http://" + server.getURI().getAuthority() + output(jobId);
        assertThat(required.path("x402Version").asInt()).isEqualTo(2);
        assertThat(required.path("resource").path("url").asText()).isEqualTo(url);
        JsonNode accept = required.path("accepts").path(0);
        assertThat(accept.path("scheme").asText()).isEqualTo("exact");
        assertThat(accept.path("network").asText()).isEqualTo(chain.network);
        assertThat(accept.path("payTo").asText()).isEqualTo(chain.agentTreasury);
        JsonNode siwx = required.path("extensions").path("sign-in-with-x");
        assertThat(siwx.path("info").path("domain").asText()).isEqualTo(server.getURI().getAuthority());
        assertThat(siwx.path("info").path("uri").asText()).isEqualTo(url);
        assertThat(siwx.path("info").path("version").asText()).isEqualTo("1");
        assertThat(siwx.path("info").path("nonce").asText()).matches("[A-Za-z0-9]{8,}");
        assertThat(siwx.path("supportedChains").path(0).path("chainId").asText()).isEqualTo(chain.network);
        assertThat(siwx.path("supportedChains").path(0).path("type").asText()).isEqualTo("ed25519");
        assertThat(siwx.path("schema").path("required").toString()).contains("signature");
        // two challenges never share a nonce
        assertThat(decode(http.getResponse(output(jobId), Map.of())).path("extensions").path("sign-in-with-x")
                .path("info").path("nonce").asText()).isNotEqualTo(siwx.path("info").path("nonce").asText());
    }

    @Test
    void anUnknownOrMalformedJobsOutputIs404() {
        assertThat(http.getResponse(output(UUID.randomUUID().toString()), Map.of()).statusCode()).isEqualTo(404);
        assertThat(http.getResponse(output("not-a-job"), Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void anUnboundJobPaidWithoutProofGivesItsOutputToItsPayerSignedIn() throws Exception {
        Account payer = chain.payer(1_000_000_000L, 0);
        Reply trade = http.post("/v1/agent/trade", tradeBody(payer));
        String jobId = trade.body().path("job_id").asText();
        String tx = chain.payAsWallet(http.get("/v1/agent/jobs/" + jobId).body(), payer);
        assertThat(http.post("/v1/agent/settle", Map.of("job_id", jobId, "tx_signature", tx)).status()).isEqualTo(403);

        assertThat(http.getResponse(output(jobId), Map.of()).statusCode()).isEqualTo(402);
        HttpResponse<String> mine = http.getResponse(output(jobId), signed(payer, output(jobId)));
        assertThat(mine.statusCode()).as(mine.body()).isEqualTo(200);
        assertThat(GatewayHttp.JSON.readTree(mine.body()).path("agent_output").asText())
                .isEqualTo(TestAgent.DEFAULT_OUTPUT);
    }

    @Test
    void anOutputBeingPaidIsNeverAskedForAgainAndAnExpiredOneIsGone() throws Exception {
        Account payer = chain.payer(1_000_000_000L, 0);
        String jobId = signedTrade(payer);
        UUID id = UUID.fromString(jobId);

        assertThat(lockbox.claim(id)).isEqualTo(dev.tollgate.lockbox.ClaimResult.CLAIMED); // a settle holds it
        try {
            HttpResponse<String> settling = http.getResponse(output(jobId), signed(payer, output(jobId)));
            assertThat(settling.statusCode()).isEqualTo(202);
            assertThat(settling.headers().firstValue("PAYMENT-REQUIRED")).isEmpty(); // no demand to pay twice
            assertThat(GatewayHttp.JSON.readTree(settling.body()).path("error").path("code").asText())
                    .isEqualTo("settlement_pending");
        } finally {
            assertThat(lockbox.returnToLocked(id, null)).isTrue();
        }

        clock.advance(java.time.Duration.ofSeconds(601)); // past the job's TTL (600 s)
        try {
            HttpResponse<String> expired = http.getResponse(output(jobId), signed(payer, output(jobId)));
            assertThat(expired.statusCode()).isEqualTo(404);
            assertThat(expired.headers().firstValue("PAYMENT-REQUIRED")).isEmpty();
        } finally {
            clock.advance(java.time.Duration.ofSeconds(-601));
        }
    }

    @Test
    void aMalformedX402PaymentAtTheOutputUrlIsRefusedUnsentAndTheJobStaysLocked() throws Exception {
        Account payer = chain.payer(1_000_000_000L, 0);
        String jobId = signedTrade(payer);
        HttpResponse<String> r = http.getResponse(output(jobId), Map.of("PAYMENT-SIGNATURE",
                Base64.getEncoder().encodeToString("{\"x402Version\":2}".getBytes(StandardCharsets.UTF_8))));
        assertThat(r.statusCode()).isEqualTo(402);
        assertThat(decode(r).path("error").asText()).isEqualTo("invalid_payload");
        assertThat(lockbox.find(UUID.fromString(jobId)).orElseThrow().state())
                .isEqualTo(dev.tollgate.lockbox.JobState.LOCKED);
    }

    private double served() {
        var counter = metrics.find("tollgate.output.served").tag("network", chain.network).counter();
        return counter == null ? 0 : counter.count();
    }

    private static JsonNode decode(HttpResponse<String> r) throws Exception {
        String header = r.headers().firstValue("PAYMENT-REQUIRED").orElseThrow();
        return GatewayHttp.JSON.readTree(new String(Base64.getDecoder().decode(header), StandardCharsets.UTF_8));
    }

    private static Map<String, String> header(Map<String, Object> payload) {
        return Map.of(HEADER, SignInHeaders.header(payload));
    }

    private static void assertRefused(Reply r, String reason) {
        assertThat(r.status()).as(r.raw()).isEqualTo(403);
        assertThat(r.code()).isEqualTo("invalid_payer_proof");
        assertThat(r.body().path("error").path("reason").asText()).isEqualTo(reason);
        assertThat(r.raw()).doesNotContain("\"state\"");
    }
}
