package dev.tollgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.p2p.solanaj.core.Account;
import org.p2p.solanaj.utils.Base58;

/**
 * ATP trade → 402 → settle over HTTP, paid on a real local Solana node: balances are read back from the chain.
 * Usage of the test agent is 1,000 in / 500 out at $10/$30 per million = $0.025; SOL at $150.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SolanaTradeAndSettleTest implements TestPropertyProvider {
    static final BigInteger SOL_TOTAL = BigInteger.valueOf(166_666); // floor(0.025 / 150 * 1e9)
    static final BigInteger SOL_FEE = BigInteger.valueOf(8_333);     // floor(166,666 * 500 / 10,000)
    static final BigInteger USDC_TOTAL = BigInteger.valueOf(25_000);
    static final BigInteger USDC_FEE = BigInteger.valueOf(1_250);
    static final long TX_FEE = 5_000;

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

    private Reply trade(Account payer, String token) {
        return http.post("/v1/agent/trade", Map.of(
                "agent_config", Map.of("agent_name", "tester", "system_prompt", "be brief"),
                "task", "write a haiku", "user_wallet", payer.getPublicKeyBase58(), "payment_token", token));
    }

    private Reply settle(String jobId, Account payer) {
        return http.post("/v1/agent/settle", Map.of("job_id", jobId, "private_key", LocalSolana.secret(payer)));
    }

    @Test
    void tradeAnswersAtpsChallengeWithIntegerSplit() {
        Account payer = chain.payer(1_000_000_000L, 0);
        Reply r = trade(payer, "SOL");

        assertThat(r.status()).isEqualTo(402);
        JsonNode body = r.body();
        List<String> keys = new ArrayList<>();
        body.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).startsWith("job_id", "payment_token", "pricing", "payment", "fee_breakdown",
                "token_price_usd", "usdc_mint", "ttl_seconds", "instruction");
        String jobId = body.get("job_id").asText();
        assertThat(jobId).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(body.path("payment").path("amount_lamports").bigIntegerValue()).isEqualTo(SOL_TOTAL);
        assertThat(body.path("payment").path("amount_sol").decimalValue()).isEqualByComparingTo("0.000166666");
        assertThat(body.path("payment").path("recipient").asText()).isEqualTo(chain.agentTreasury);
        assertThat(body.path("payment").path("memo").asText()).isEqualTo("ATP:" + jobId);
        assertThat(body.path("fee_breakdown").path("fee_lamports").bigIntegerValue()).isEqualTo(SOL_FEE);
        assertThat(body.path("fee_breakdown").path("agent_receives_lamports").bigIntegerValue())
                .isEqualTo(SOL_TOTAL.subtract(SOL_FEE));
        assertThat(body.path("fee_breakdown").path("fee_recipient").asText()).isEqualTo(chain.feeTreasury);
        assertThat(body.path("fee_breakdown").path("settlement_fee_percent").decimalValue()).isEqualByComparingTo("5");
        assertThat(body.path("pricing").path("usd_cost").decimalValue()).isEqualByComparingTo("0.025");
        assertThat(body.path("pricing").path("source").asText()).isEqualTo("per_million_rates");
        assertThat(body.path("pricing").path("input_tokens").asLong()).isEqualTo(1000);
        assertThat(body.path("token_price_usd").decimalValue()).isEqualByComparingTo("150");
        assertThat(body.path("usdc_mint").isNull()).isTrue();
        assertThat(body.path("ttl_seconds").asInt()).isEqualTo(600);
        assertThat(body.path("network").asText()).isEqualTo(chain.network);
        // the output is locked, not leaked
        assertThat(r.raw()).doesNotContain(TestAgent.DEFAULT_OUTPUT);
        assertThat(agent.lastRequest()).contains("\"task\":\"write a haiku\"").contains("\"agent_config\"");
    }

    @Test
    void settlesInSolWithTheFeeSplitInOneTransactionAndReleasesTheOutput() throws Exception {
        Account payer = chain.payer(1_000_000_000L, 0);
        String jobId = trade(payer, "SOL").body().get("job_id").asText();
        BigInteger agentBefore = chain.sol(chain.agentTreasury);
        BigInteger feeBefore = chain.sol(chain.feeTreasury);
        BigInteger payerBefore = chain.sol(payer.getPublicKeyBase58());

        Reply r = settle(jobId, payer);

        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.body().path("status").asText()).isEqualTo("success");
        assertThat(r.body().path("agent_output").asText()).isEqualTo(TestAgent.DEFAULT_OUTPUT);
        assertThat(r.body().path("usage").path("output_tokens").asLong()).isEqualTo(500);
        JsonNode details = r.body().path("settlement_details");
        assertThat(details.path("total_paid_lamports").bigIntegerValue()).isEqualTo(SOL_TOTAL);
        assertThat(details.path("fee_deducted_lamports").bigIntegerValue()).isEqualTo(SOL_FEE);
        assertThat(chain.sol(chain.agentTreasury).subtract(agentBefore)).isEqualTo(SOL_TOTAL.subtract(SOL_FEE));
        assertThat(chain.sol(chain.feeTreasury).subtract(feeBefore)).isEqualTo(SOL_FEE);
        assertThat(payerBefore.subtract(chain.sol(payer.getPublicKeyBase58())))
                .isEqualTo(SOL_TOTAL.add(BigInteger.valueOf(TX_FEE)));
        assertThat(memosOf(r.body().path("tx_signature").asText())).contains("ATP:" + jobId);
        assertThat(http.get("/v1/agent/jobs/" + jobId).body().path("state").asText()).isEqualTo("released");
    }

    @Test
    void settlesInUsdcBetweenAssociatedTokenAccounts() throws Exception {
        Account payer = chain.payer(1_000_000_000L, 1_000_000);
        Reply challenge = trade(payer, "USDC");
        assertThat(challenge.body().path("payment").path("amount_usdc_units").bigIntegerValue()).isEqualTo(USDC_TOTAL);
        assertThat(challenge.body().path("usdc_mint").asText()).isEqualTo(chain.usdc.address());
        String jobId = challenge.body().get("job_id").asText();
        BigInteger agentBefore = chain.usdc(chain.agentTreasury);
        BigInteger feeBefore = chain.usdc(chain.feeTreasury);

        Reply r = settle(jobId, payer);

        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.body().path("settlement_details").path("total_paid_usdc_units").bigIntegerValue()).isEqualTo(USDC_TOTAL);
        assertThat(chain.usdc(chain.agentTreasury).subtract(agentBefore)).isEqualTo(USDC_TOTAL.subtract(USDC_FEE));
        assertThat(chain.usdc(chain.feeTreasury).subtract(feeBefore)).isEqualTo(USDC_FEE);
        assertThat(chain.usdc(payer.getPublicKeyBase58())).isEqualTo(BigInteger.valueOf(1_000_000).subtract(USDC_TOTAL));
        assertThat(memosOf(r.body().path("tx_signature").asText())).contains("ATP:" + jobId);
    }

    @Test
    void settlingTwiceReturnsTheSameResultWithoutASecondPayment() {
        Account payer = chain.payer(1_000_000_000L, 0);
        String jobId = trade(payer, "SOL").body().get("job_id").asText();
        Reply first = settle(jobId, payer);
        BigInteger payerAfterFirst = chain.sol(payer.getPublicKeyBase58());

        Reply second = settle(jobId, payer);

        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(chain.sol(payer.getPublicKeyBase58())).isEqualTo(payerAfterFirst);
    }

    @Test
    void concurrentSettlesPayExactlyOnce() throws Exception {
        Account payer = chain.payer(1_000_000_000L, 0);
        String jobId = trade(payer, "SOL").body().get("job_id").asText();
        BigInteger payerBefore = chain.sol(payer.getPublicKeyBase58());
        BigInteger agentBefore = chain.sol(chain.agentTreasury);
        int contenders = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(contenders);
        List<Future<Reply>> replies = new ArrayList<>();
        for (int i = 0; i < contenders; i++) {
            replies.add(pool.submit((Callable<Reply>) () -> {
                start.await();
                return settle(jobId, payer);
            }));
        }
        start.countDown();
        List<Reply> results = new ArrayList<>();
        for (Future<Reply> f : replies) {
            results.add(f.get());
        }
        pool.shutdown();

        assertThat(results).allSatisfy(r -> assertThat(r.status()).as(r.raw()).isIn(200, 409));
        List<String> signatures = results.stream().filter(r -> r.status() == 200)
                .map(r -> r.body().path("tx_signature").asText()).distinct().toList();
        assertThat(signatures).hasSize(1);
        assertThat(results.stream().filter(r -> r.status() == 409))
                .allSatisfy(r -> assertThat(r.code()).isIn("settlement_in_progress", "already_settled"));
        assertThat(chain.sol(chain.agentTreasury).subtract(agentBefore)).isEqualTo(SOL_TOTAL.subtract(SOL_FEE));
        assertThat(payerBefore.subtract(chain.sol(payer.getPublicKeyBase58())))
                .isEqualTo(SOL_TOTAL.add(BigInteger.valueOf(TX_FEE)));
    }

    @Test
    void aPayerCanRaiseButNotLowerTheCommitment() {
        Account payer = chain.payer(1_000_000_000L, 0);
        String low = trade(payer, "SOL").body().get("job_id").asText();
        Reply r = http.post("/v1/agent/settle", Map.of("job_id", low, "private_key", LocalSolana.secret(payer),
                "commitment", "processed"));
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.body().path("settlement_details").path("commitment").asText()).isEqualTo("confirmed");

        String high = trade(payer, "SOL").body().get("job_id").asText();
        Reply f = http.post("/v1/agent/settle", Map.of("job_id", high, "private_key", LocalSolana.secret(payer),
                "commitment", "finalized"));
        assertThat(f.status()).as(f.raw()).isEqualTo(200);
        assertThat(f.body().path("settlement_details").path("commitment").asText()).isEqualTo("finalized");
    }

    @Test
    void unknownJobIs404WithAtpsMessage() {
        Account payer = chain.payer(1_000_000_000L, 0);
        Reply r = settle("3f1c2b9e-0000-4000-8000-000000000000", payer);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.code()).isEqualTo("job_not_found");
        assertThat(r.body().path("detail").asText())
                .isEqualTo("Trade session expired or invalid. Jobs expire after the TTL period.");
    }

    @Test
    void expiredJobIs404AndMovesNoMoney() {
        Account payer = chain.payer(1_000_000_000L, 0);
        String jobId = trade(payer, "SOL").body().get("job_id").asText();
        BigInteger before = chain.sol(payer.getPublicKeyBase58());
        clock.advance(Duration.ofSeconds(601));
        try {
            Reply r = settle(jobId, payer);
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.code()).isEqualTo("job_not_found");
            assertThat(chain.sol(payer.getPublicKeyBase58())).isEqualTo(before);
            assertThat(http.get("/v1/agent/jobs/" + jobId).body().path("state").asText()).isEqualTo("expired");
        } finally {
            clock.advance(Duration.ofSeconds(-601));
        }
    }

    @Test
    void aKeyThatIsNotTheJobsWalletIsRefusedAndTheJobStaysSettleable() {
        Account payer = chain.payer(1_000_000_000L, 0);
        Account stranger = chain.payer(1_000_000_000L, 0);
        String jobId = trade(payer, "SOL").body().get("job_id").asText();

        Reply r = settle(jobId, stranger);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("payer_mismatch");
        assertThat(r.body().path("detail").asText())
                .isEqualTo("Payer mismatch: private key does not correspond to the job sender wallet.");
        assertThat(chain.sol(stranger.getPublicKeyBase58())).isEqualTo(BigInteger.valueOf(1_000_000_000L));
        assertThat(settle(jobId, payer).status()).isEqualTo(200);
    }

    @Test
    void insufficientFundsIsAClearErrorAndTheJobStaysSettleable() {
        Account payer = chain.payer(1_000_000_000L, 0); // SOL for fees, no USDC
        String jobId = trade(payer, "USDC").body().get("job_id").asText();

        Reply broke = settle(jobId, payer);

        assertThat(broke.status()).isEqualTo(400);
        assertThat(broke.code()).isEqualTo("insufficient_funds");
        assertThat(broke.body().path("detail").asText()).contains("Nothing was charged");
        assertThat(http.get("/v1/agent/jobs/" + jobId).body().path("state").asText()).isEqualTo("locked");

        chain.node.mintTo(chain.usdc.address(), payer.getPublicKeyBase58(), USDC_TOTAL);
        Reply paid = settle(jobId, payer);
        assertThat(paid.status()).as(paid.raw()).isEqualTo(200);
        assertThat(chain.usdc(payer.getPublicKeyBase58())).isZero();
    }

    @Test
    void malformedKeyIsRefusedWithoutEchoingIt() {
        Account payer = chain.payer(1_000_000_000L, 0);
        String jobId = trade(payer, "SOL").body().get("job_id").asText();
        String garbage = "3xNotAKeyAtAll0OIl";
        Reply r = http.post("/v1/agent/settle", Map.of("job_id", jobId, "private_key", garbage));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("invalid_private_key");
        assertThat(r.raw()).doesNotContain(garbage);
    }

    private Reply settleAsWallet(String jobId, String signature, Account payer) {
        return http.post("/v1/agent/settle", Map.of("job_id", jobId, "tx_signature", signature, "payer_proof",
                WalletProofs.solana(payer, chain.network, jobId, server.getURI(), clock.instant())));
    }

    @Test
    void aPayerCanPayFromItsOwnWalletAndSettleWithTheSignature() throws Exception {
        Account payer = chain.payer(1_000_000_000L, 0);
        String jobId = trade(payer, "SOL").body().get("job_id").asText();
        String signature = payAsAWallet(jobId, payer);

        Reply r = settleAsWallet(jobId, signature, payer);

        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.body().path("agent_output").asText()).isEqualTo(TestAgent.DEFAULT_OUTPUT);
        assertThat(r.body().path("tx_signature").asText()).isEqualTo(signature);
    }

    @Test
    void oneTransactionCannotPayTwoJobs() throws Exception {
        Account payer = chain.payer(1_000_000_000L, 0);
        String first = trade(payer, "SOL").body().get("job_id").asText();
        String second = trade(payer, "SOL").body().get("job_id").asText();
        String signature = payAsAWallet(first, payer);
        assertThat(settleAsWallet(first, signature, payer).status()).isEqualTo(200);

        Reply reuse = http.post("/v1/agent/settle", Map.of("job_id", second, "tx_signature", signature));

        assertThat(reuse.status()).isEqualTo(400);
        assertThat(reuse.code()).isEqualTo("payment_failed");
        assertThat(http.get("/v1/agent/jobs/" + second).body().path("state").asText()).isEqualTo("locked");
    }

    @Test
    void anUnknownSignatureDoesNotHoldTheJob() {
        Account payer = chain.payer(1_000_000_000L, 0);
        String jobId = trade(payer, "SOL").body().get("job_id").asText();
        byte[] random = new byte[64];
        new java.security.SecureRandom().nextBytes(random);

        Reply r = http.post("/v1/agent/settle", Map.of("job_id", jobId, "tx_signature", Base58.encode(random)));

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.code()).isEqualTo("tx_not_found");
        assertThat(settle(jobId, payer).status()).isEqualTo(200);
    }

    /** What a wallet does with the challenge: build and send the split payment itself. */
    private String payAsAWallet(String jobId, Account payer) throws Exception {
        return chain.payAsWallet(http.get("/v1/agent/jobs/" + jobId).body(), payer);
    }

    private List<String> memosOf(String signature) {
        JsonNode tx = chain.node.rpc().call("getTransaction", signature, Map.of("encoding", "json", "commitment", "confirmed"));
        List<String> keys = new ArrayList<>();
        tx.path("transaction").path("message").path("accountKeys").forEach(k -> keys.add(k.asText()));
        List<String> memos = new ArrayList<>();
        for (JsonNode ix : tx.path("transaction").path("message").path("instructions")) {
            if (keys.get(ix.path("programIdIndex").asInt()).startsWith("Memo")) {
                memos.add(new String(Base58.decode(ix.path("data").asText()), StandardCharsets.UTF_8));
            }
        }
        return memos;
    }
}
