package dev.tollgate.gateway.golden;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.solana.SolanaNetworkConfig;
import dev.tollgate.gateway.support.GatewayHttp;
import dev.tollgate.gateway.support.GatewayHttp.Reply;
import dev.tollgate.gateway.support.GatewayTestProperties;
import dev.tollgate.gateway.support.LocalPolygon;
import dev.tollgate.gateway.support.LocalSolana;
import dev.tollgate.gateway.support.TestAgent;
import dev.tollgate.gateway.support.WalletProofs;
import dev.tollgate.lockbox.ClaimResult;
import dev.tollgate.lockbox.Lockbox;
import dev.tollgate.lockbox.testing.MutableClock;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.p2p.solanaj.core.Account;
import org.p2p.solanaj.utils.Base58;
import org.web3j.crypto.Credentials;

/**
 * ATP's wire bodies over real HTTP, compared with the committed golden files (gateway/src/test/resources/golden):
 * the 402 challenges, the 200 settle bodies, the error bodies and the helper endpoints. One gateway context with
 * both rails serves them all. What varies between runs is named by {@link GoldenNormaliser}; regenerate after an
 * intended change with {@code -Dgolden.update=true} and review the diff before committing.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AtpWireBodiesGoldenTest implements TestPropertyProvider {
    private static final BigInteger TEN_POL = BigInteger.TEN.pow(19);

    private final TestAgent agent = new TestAgent();
    private final LocalSolana solana = LocalSolana.get();
    private final LocalPolygon polygon = LocalPolygon.get();

    @Inject
    EmbeddedServer server;
    @Inject
    MutableClock clock;
    @Inject
    Lockbox lockbox;

    private GatewayHttp http;
    private GoldenContext golden;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = GatewayTestProperties.forSolanaAndPolygon(agent, 1);
        p.put("micronaut.server.max-request-size", "65536");
        return p;
    }

    @BeforeAll
    void connect() {
        http = new GatewayHttp(server.getURI());
        golden = new GoldenContext(server, true);
    }

    @AfterAll
    void stopAgent() {
        agent.close();
    }

    private Reply trade(String wallet, String network, String token) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("agent_config", Map.of("agent_name", "tester", "system_prompt", "be brief"));
        body.put("task", "write a haiku");
        body.put("user_wallet", wallet);
        body.put("network", network);
        body.put("payment_token", token);
        Reply r = http.post("/v1/agent/trade", body);
        assertThat(r.status()).as(r.raw()).isEqualTo(402);
        return r;
    }

    private static String jobId(Reply challenge) {
        return challenge.body().path("job_id").asText();
    }

    private Reply settleWithKey(String jobId, String key) {
        return http.post("/v1/agent/settle", Map.of("job_id", jobId, "private_key", key));
    }

    private Reply settleWithTx(String jobId, String tx, Map<String, Object> proof) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("job_id", jobId);
        body.put("tx_signature", tx);
        if (proof != null) {
            body.put("payer_proof", proof);
        }
        return http.post("/v1/agent/settle", body);
    }

    private Map<String, Object> proof(Account signer, String jobId) {
        return WalletProofs.solana(signer, solana.network, jobId, server.getURI(), clock.instant());
    }

    /** What a wallet does with a Solana challenge: build and send the split payment itself. */
    private String payAsAWallet(String jobId, Account payer) throws Exception {
        return solana.payAsWallet(http.get("/v1/agent/jobs/" + jobId).body(), payer);
    }

    // ---- 402 challenges

    @Test
    void solanaChallenges() {
        for (String token : new String[] {"SOL", "USDC"}) {
            String payer = new Account().getPublicKeyBase58();
            Reply r = trade(payer, "solana", token);
            golden.assertGolden("trade_402_solana_" + token.toLowerCase(java.util.Locale.ROOT), r,
                    GoldenContext.job(golden.normaliser(), jobId(r)).known(payer, "payer"));
        }
    }

    @Test
    void polygonChallenges() {
        for (String token : new String[] {"POL", "USDC"}) {
            String payer = LocalPolygon.newKey().getAddress();
            Reply r = trade(payer, "polygon", token);
            golden.assertGolden("trade_402_polygon_" + token.toLowerCase(java.util.Locale.ROOT), r,
                    GoldenContext.evmAddress(GoldenContext.job(golden.normaliser(), jobId(r)), payer, "payer"));
        }
    }

    // ---- 200 settle bodies (key mode) and the job lookup

    @Test
    void solanaSettleAndJobLookups() {
        Account payer = solana.payer(1_000_000_000L, 0);
        String jobId = jobId(trade(payer.getPublicKeyBase58(), "solana", "SOL"));
        GoldenNormaliser n = GoldenContext.job(golden.normaliser(), jobId)
                .known(payer.getPublicKeyBase58(), "payer");
        golden.assertGolden("job_locked_solana_sol", http.get("/v1/agent/jobs/" + jobId), n);

        Reply settled = settleWithKey(jobId, LocalSolana.secret(payer));

        assertThat(settled.status()).as(settled.raw()).isEqualTo(200);
        n.known(settled.body().path("tx_signature").asText(), "tx_signature");
        golden.assertGolden("settle_200_solana_sol", settled, n);
        golden.assertGolden("job_released_solana_sol", http.get("/v1/agent/jobs/" + jobId), n);
    }

    @Test
    void polygonSettleAndJobLookup() throws Exception {
        Credentials payer = polygon.payer(TEN_POL, 0);
        String jobId = jobId(trade(payer.getAddress(), "polygon", "POL"));
        GoldenNormaliser n = GoldenContext.evmAddress(GoldenContext.job(golden.normaliser(), jobId),
                payer.getAddress(), "payer");
        golden.assertGolden("job_locked_polygon_pol", http.get("/v1/agent/jobs/" + jobId), n);

        Reply settled = settleWithKey(jobId, LocalPolygon.secret(payer));

        assertThat(settled.status()).as(settled.raw()).isEqualTo(200);
        n.known(settled.body().path("tx_signature").asText(), "tx_signature");
        golden.assertGolden("settle_200_polygon_pol", settled, n);
    }

    // ---- error bodies

    @Test
    void requestErrors() {
        Map<String, Object> badWallet = new LinkedHashMap<>();
        badWallet.put("agent_config", Map.of("agent_name", "tester"));
        badWallet.put("task", "do it");
        badWallet.put("user_wallet", "0xNotSolana");
        golden.assertGolden("error_invalid_request_field", http.post("/v1/agent/trade", badWallet),
                golden.normaliser());
        golden.assertGolden("error_invalid_json", http.post("/v1/agent/trade", "{\"task\": "), golden.normaliser());
        golden.assertGolden("error_body_too_large",
                http.post("/v1/agent/trade", "{\"task\": \"" + "a".repeat(70_000) + "\"}"), golden.normaliser());
    }

    @Test
    void unknownJobAndWrongKey() {
        Account payer = new Account();
        String unknown = "3f1c2b9e-0000-4000-8000-000000000000";
        golden.assertGolden("error_job_not_found", settleWithKey(unknown, LocalSolana.secret(payer)),
                GoldenContext.job(golden.normaliser(), unknown));

        String jobId = jobId(trade(payer.getPublicKeyBase58(), "solana", "SOL"));
        Account stranger = new Account();
        golden.assertGolden("error_payer_mismatch", settleWithKey(jobId, LocalSolana.secret(stranger)),
                GoldenContext.job(golden.normaliser(), jobId).known(payer.getPublicKeyBase58(), "payer")
                        .known(stranger.getPublicKeyBase58(), "stranger"));
    }

    @Test
    void aJobAnotherSettleHolds() {
        Account payer = new Account();
        String jobId = jobId(trade(payer.getPublicKeyBase58(), "solana", "SOL"));
        assertThat(lockbox.claim(UUID.fromString(jobId))).isEqualTo(ClaimResult.CLAIMED); // another settle, mid-way

        golden.assertGolden("error_settlement_in_progress", settleWithKey(jobId, LocalSolana.secret(payer)),
                GoldenContext.job(golden.normaliser(), jobId).known(payer.getPublicKeyBase58(), "payer"));
    }

    @Test
    void aSecondPaymentForAPaidJob() throws Exception {
        Account payer = solana.payer(1_000_000_000L, 0);
        String jobId = jobId(trade(payer.getPublicKeyBase58(), "solana", "SOL"));
        Reply first = settleWithKey(jobId, LocalSolana.secret(payer));
        assertThat(first.status()).as(first.raw()).isEqualTo(200);
        String twice = payAsAWallet(jobId, payer);

        Reply r = settleWithTx(jobId, twice, proof(payer, jobId));

        golden.assertGolden("error_already_settled", r, GoldenContext.job(golden.normaliser(), jobId)
                .known(payer.getPublicKeyBase58(), "payer")
                .known(first.body().path("tx_signature").asText(), "first_tx_signature")
                .known(twice, "tx_signature"));
    }

    @Test
    void payerProofsAndAPaymentForAnotherJob() throws Exception {
        Account payer = solana.payer(1_000_000_000L, 0);
        Account thief = new Account();
        String jobId = jobId(trade(payer.getPublicKeyBase58(), "solana", "SOL"));
        String tx = payAsAWallet(jobId, payer);
        GoldenNormaliser n = GoldenContext.job(golden.normaliser(), jobId).known(payer.getPublicKeyBase58(), "payer")
                .known(thief.getPublicKeyBase58(), "thief").known(tx, "tx_signature");

        golden.assertGolden("error_payer_proof_required", settleWithTx(jobId, tx, null), n);
        golden.assertGolden("error_invalid_payer_proof", settleWithTx(jobId, tx, proof(thief, jobId)), n);

        String other = jobId(trade(payer.getPublicKeyBase58(), "solana", "SOL"));
        golden.assertGolden("error_payment_failed", settleWithTx(other, tx, null), n.known(other, "other_job_id"));
    }

    @Test
    void aSignatureNobodyHasSeen() {
        Account payer = new Account();
        String jobId = jobId(trade(payer.getPublicKeyBase58(), "solana", "SOL"));
        byte[] random = new byte[64];
        new SecureRandom().nextBytes(random);
        String unseen = Base58.encode(random);

        // its facts (network, tx_signature) are a Map.of in SettlementDesk: their order changes between JVMs
        golden.assertGolden("error_tx_not_found", settleWithTx(jobId, unseen, null),
                GoldenContext.job(golden.normaliser(), jobId).known(payer.getPublicKeyBase58(), "payer")
                        .known(unseen, "tx_signature"));
    }

    // ---- helper endpoints

    @Test
    void helperEndpoints() {
        golden.assertGolden("payment_info", http.get("/v1/payment/info"), golden.normaliser());
        golden.assertGolden("token_price_sol", http.get("/v1/token/price/SOL"), golden.normaliser());
        golden.assertGolden("sol_price", http.get("/v1/sol/price"), golden.normaliser());
        golden.assertGolden("health", http.get("/health"), golden.normaliser());
    }
}
