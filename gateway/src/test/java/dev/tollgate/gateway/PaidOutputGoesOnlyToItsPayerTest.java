package dev.tollgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.solana.SolanaNetworkConfig;
import dev.tollgate.gateway.support.GatewayHttp;
import dev.tollgate.gateway.support.GatewayHttp.Reply;
import dev.tollgate.gateway.support.GatewayTestProperties;
import dev.tollgate.gateway.support.LocalSolana;
import dev.tollgate.gateway.support.TestAgent;
import dev.tollgate.gateway.support.WalletProofs;
import dev.tollgate.lockbox.testing.MutableClock;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.p2p.solanaj.core.Account;
import org.p2p.solanaj.utils.Base58;

/**
 * A transaction signature is public (the memo names the job on chain, and the job's page shows it), so naming it
 * must never be enough to collect paid output: only the payer, proven by its key or by a Sign-In-With-X proof
 * signed by user_wallet, gets it. Everyone else can at most get the job recorded as paid.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PaidOutputGoesOnlyToItsPayerTest implements TestPropertyProvider {
    private final TestAgent agent = new TestAgent();
    private final LocalSolana chain = LocalSolana.get();

    @Inject
    EmbeddedServer server;
    @Inject
    MutableClock clock;

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

    private String trade(Account payer) {
        Reply r = http.post("/v1/agent/trade", Map.of("agent_config", Map.of("agent_name", "t"), "task", "x",
                "user_wallet", payer.getPublicKeyBase58(), "payment_token", "SOL"));
        assertThat(r.status()).as(r.raw()).isEqualTo(402);
        return r.body().path("job_id").asText();
    }

    private String payAsAWallet(String jobId, Account payer) throws Exception {
        return chain.payAsWallet(http.get("/v1/agent/jobs/" + jobId).body(), payer);
    }

    private Map<String, Object> proof(Account signer, String jobId) {
        return WalletProofs.solana(signer, chain.network, jobId, server.getURI(), clock.instant());
    }

    private Reply settle(String jobId, String tx, Map<String, Object> proof) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("job_id", jobId);
        body.put("tx_signature", tx);
        if (proof != null) {
            body.put("payer_proof", proof);
        }
        return http.post("/v1/agent/settle", body);
    }

    @Test
    void whoeverNamesThePaymentFirstGetsNoOutputAndThePayerStillCollectsIt() throws Exception {
        Account payer = chain.payer(1_000_000_000L, 0);
        String jobId = trade(payer);
        String tx = payAsAWallet(jobId, payer);

        Reply thief = settle(jobId, tx, null); // the signature and the memo are public

        assertThat(thief.status()).as(thief.raw()).isEqualTo(403);
        assertThat(thief.code()).isEqualTo("payer_proof_required");
        assertThat(thief.raw()).doesNotContain(TestAgent.DEFAULT_OUTPUT);
        assertThat(thief.body().path("error").path("paid").asBoolean()).isTrue();
        assertThat(thief.body().path("error").path("sign_in_with_x").path("requestId").asText()).isEqualTo(jobId);
        assertThat(http.get("/v1/agent/jobs/" + jobId).body().path("state").asText()).isEqualTo("released");
        Reply again = settle(jobId, tx, null);
        assertThat(again.status()).isEqualTo(403);
        assertThat(again.raw()).doesNotContain(TestAgent.DEFAULT_OUTPUT);

        Reply owner = settle(jobId, tx, proof(payer, jobId));
        assertThat(owner.status()).as(owner.raw()).isEqualTo(200);
        assertThat(owner.body().path("agent_output").asText()).isEqualTo(TestAgent.DEFAULT_OUTPUT);
    }

    @Test
    void theProofMayAlsoComeInTheSignInWithXHeader() throws Exception {
        Account payer = chain.payer(1_000_000_000L, 0);
        String jobId = trade(payer);
        String tx = payAsAWallet(jobId, payer);
        String header = Base64.getEncoder().encodeToString(GatewayHttp.JSON.writeValueAsString(proof(payer, jobId))
                .getBytes(StandardCharsets.UTF_8));

        Reply r = http.postWithHeaders("/v1/agent/settle", Map.of("job_id", jobId, "tx_signature", tx),
                Map.of("SIGN-IN-WITH-X", header));

        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.body().path("agent_output").asText()).isEqualTo(TestAgent.DEFAULT_OUTPUT);
    }

    @Test
    void proofsThatDoNotComeFromThePayerForThisJobHereAndNowAreRefused() throws Exception {
        Account payer = chain.payer(1_000_000_000L, 0);
        Account thief = chain.payer(1_000_000_000L, 0);
        String jobId = trade(payer);
        String otherJob = trade(payer);
        String tx = payAsAWallet(jobId, payer);

        assertRefused(settle(jobId, tx, proof(thief, jobId)), "wrong_wallet");

        Map<String, Object> forged = new HashMap<>(proof(thief, jobId));
        forged.put("address", payer.getPublicKeyBase58()); // the payer's name, the thief's signature
        assertRefused(settle(jobId, tx, forged), "bad_signature");

        assertRefused(settle(jobId, tx, proof(payer, otherJob)), "job_not_named");

        Map<String, Object> elsewhere = new HashMap<>(proof(payer, jobId));
        elsewhere.put("domain", "evil.example");
        elsewhere.put("uri", "https://evil.example/v1/agent/jobs/" + jobId);
        assertRefused(settle(jobId, tx, WalletProofs.resignSolana(payer, elsewhere)), "wrong_domain");

        Map<String, Object> stale = WalletProofs.solana(payer, chain.network, jobId, server.getURI(),
                clock.instant().minusSeconds(600));
        assertRefused(settle(jobId, tx, stale), "expired");

        Map<String, Object> once = proof(payer, jobId);
        assertThat(settle(jobId, tx, once).status()).isEqualTo(200);
        assertRefused(settle(jobId, tx, once), "nonce_reused");
    }

    private static void assertRefused(Reply r, String reason) {
        assertThat(r.status()).as(r.raw()).isEqualTo(403);
        assertThat(r.code()).isEqualTo("invalid_payer_proof");
        assertThat(r.body().path("error").path("reason").asText()).isEqualTo(reason);
        assertThat(r.raw()).doesNotContain(TestAgent.DEFAULT_OUTPUT);
    }

    @Test
    void aForgedKeyWithThePayersPublicHalfGetsNothingAndTouchesNothing() throws Exception {
        Account payer = chain.payer(1_000_000_000L, 0);
        byte[] forged = new byte[64];
        new SecureRandom().nextBytes(forged);
        System.arraycopy(payer.getPublicKey().toByteArray(), 0, forged, 32, 32);
        String forgedKey = Base58.encode(forged);

        String locked = trade(payer);
        Reply onLocked = http.post("/v1/agent/settle", Map.of("job_id", locked, "private_key", forgedKey));
        assertThat(onLocked.status()).as(onLocked.raw()).isEqualTo(400);
        assertThat(onLocked.code()).isEqualTo("invalid_private_key");
        assertThat(http.get("/v1/agent/jobs/" + locked).body().path("state").asText()).isEqualTo("locked");

        String released = trade(payer);
        Reply paid = http.post("/v1/agent/settle", Map.of("job_id", released, "private_key", LocalSolana.secret(payer)));
        assertThat(paid.status()).as(paid.raw()).isEqualTo(200);
        Reply onReleased = http.post("/v1/agent/settle", Map.of("job_id", released, "private_key", forgedKey));
        assertThat(onReleased.status()).isEqualTo(400);
        assertThat(onReleased.raw()).doesNotContain(TestAgent.DEFAULT_OUTPUT);
        Arrays.fill(forged, (byte) 0);
    }

    @Test
    void aTransactionIdOfTheWrongFormIsRefusedAtOnceWithoutTouchingTheJob() {
        Account payer = chain.payer(1_000_000_000L, 0);
        String jobId = trade(payer);
        for (String bad : new String[]{"0x" + "ab".repeat(32), "not-a-signature", "1".repeat(90),
                Base58.encode(new byte[32])}) {
            Reply r = settle(jobId, bad, null);
            assertThat(r.status()).as(bad + ": " + r.raw()).isEqualTo(422);
            assertThat(r.body().path("error").path("field").asText()).isEqualTo("tx_signature");
        }
        assertThat(http.get("/v1/agent/jobs/" + jobId).body().path("state").asText()).isEqualTo("locked");
        assertThat(http.post("/v1/agent/settle", Map.of("job_id", jobId, "private_key", LocalSolana.secret(payer)))
                .status()).isEqualTo(200);
    }

    @Test
    void anOversizedKeyIsRefusedBeforeItIsDecoded() {
        Account payer = chain.payer(1_000_000_000L, 0);
        String jobId = trade(payer);
        Reply r = http.post("/v1/agent/settle", Map.of("job_id", jobId, "private_key", "3".repeat(150_000)));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("invalid_private_key");
        assertThat(http.get("/v1/agent/jobs/" + jobId).body().path("state").asText()).isEqualTo("locked");
    }

    @Test
    void theJobsPageNeverShowsTheOutput() throws Exception {
        Account payer = chain.payer(1_000_000_000L, 0);
        String jobId = trade(payer);
        settle(jobId, payAsAWallet(jobId, payer), null);
        assertThat(http.get("/v1/agent/jobs/" + jobId).body().path("state").asText()).isEqualTo("released");
        assertThat(http.get("/v1/agent/jobs/" + jobId).raw()).doesNotContain(TestAgent.DEFAULT_OUTPUT);
    }
}
