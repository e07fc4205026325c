package dev.tollgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.gateway.support.GatewayHttp;
import dev.tollgate.gateway.support.GatewayHttp.Reply;
import dev.tollgate.gateway.support.GatewayTestProperties;
import dev.tollgate.gateway.support.LocalPolygon;
import dev.tollgate.gateway.support.TestAgent;
import dev.tollgate.gateway.support.WalletProofs;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.crypto.Credentials;

/**
 * Trade → 402 → settle on the Polygon rail over HTTP, paid through the FeeSplitter on a real local anvil chain.
 * $0.025 of usage at POL = $0.25 is 0.1 POL; USDC is 25,000 units. The fee is 5%.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolygonTradeAndSettleTest implements TestPropertyProvider {
    static final BigInteger POL_TOTAL = new BigInteger("100000000000000000");
    static final BigInteger POL_FEE = new BigInteger("5000000000000000");
    static final BigInteger USDC_TOTAL = BigInteger.valueOf(25_000);
    static final BigInteger USDC_FEE = BigInteger.valueOf(1_250);
    static final BigInteger TEN_POL = BigInteger.TEN.pow(19);

    private final TestAgent agent = new TestAgent();
    private final LocalPolygon chain = LocalPolygon.get();

    @Inject
    EmbeddedServer server;
    @Inject
    java.time.Clock clock;
    private GatewayHttp http;

    @Override
    public Map<String, String> getProperties() {
        return GatewayTestProperties.forSolanaAndPolygon(agent, 1);
    }

    @BeforeAll
    void connect() {
        http = new GatewayHttp(server.getURI());
    }

    @AfterAll
    void stop() {
        agent.close();
    }

    private Reply trade(Credentials payer, String token) {
        return http.post("/v1/agent/trade", Map.of("agent_config", Map.of("agent_name", "t"), "task", "x",
                "user_wallet", payer.getAddress(), "network", "polygon", "payment_token", token));
    }

    private Reply settleWithKey(String jobId, Credentials payer) {
        return http.post("/v1/agent/settle", Map.of("job_id", jobId, "private_key", LocalPolygon.secret(payer)));
    }

    private Reply settleWithTx(String jobId, String txHash) {
        return http.post("/v1/agent/settle", Map.of("job_id", jobId, "tx_signature", txHash));
    }

    private Reply settleAsWallet(String jobId, String txHash, Credentials payer) {
        return http.post("/v1/agent/settle", Map.of("job_id", jobId, "tx_signature", txHash, "payer_proof",
                WalletProofs.evm(payer, "eip155:" + LocalPolygon.CHAIN_ID, jobId, server.getURI(), clock.instant())));
    }

    @Test
    void theChallengeCarriesEverythingAWalletNeeds() throws Exception {
        Reply r = trade(chain.payer(TEN_POL, 0), "POL");
        assertThat(r.status()).as(r.raw()).isEqualTo(402);
        assertThat(r.body().path("payment").path("amount_wei").bigIntegerValue()).isEqualTo(POL_TOTAL);
        assertThat(r.body().path("fee_breakdown").path("fee_wei").bigIntegerValue()).isEqualTo(POL_FEE);
        assertThat(r.body().path("network").asText()).isEqualTo("eip155:" + LocalPolygon.CHAIN_ID);
        JsonNode pay = r.body().path("payment_instructions");
        assertThat(pay.path("chain_id").asLong()).isEqualTo(LocalPolygon.CHAIN_ID);
        assertThat(pay.path("splitter").asText()).isEqualToIgnoringCase(chain.splitter);
        assertThat(pay.path("calldata").asText()).startsWith("0x");
        assertThat(new BigInteger(pay.path("value").asText())).isEqualTo(POL_TOTAL);

        chain.anvil.increaseTime(60);
        chain.anvil.mine(1);
        JsonNode fresh = http.get("/v1/agent/jobs/" + r.body().path("job_id").asText()).body().path("payment_instructions");
        assertThat(fresh.path("deadline").asLong()).isGreaterThan(pay.path("deadline").asLong());
        assertThat(fresh.path("job_ref").asText()).isEqualTo(pay.path("job_ref").asText());
    }

    @Test
    void settlesInPolWithTheSplitInOneContractCall() throws Exception {
        Credentials payer = chain.payer(TEN_POL, 0);
        String jobId = trade(payer, "POL").body().path("job_id").asText();
        BigInteger agentBefore = chain.pol(chain.agentTreasury);
        BigInteger feeBefore = chain.pol(chain.feeTreasury);

        Reply r = settleWithKey(jobId, payer);

        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.body().path("agent_output").asText()).isEqualTo(TestAgent.DEFAULT_OUTPUT);
        assertThat(r.body().path("settlement_details").path("total_paid_wei").bigIntegerValue()).isEqualTo(POL_TOTAL);
        assertThat(chain.pol(chain.agentTreasury).subtract(agentBefore)).isEqualTo(POL_TOTAL.subtract(POL_FEE));
        assertThat(chain.pol(chain.feeTreasury).subtract(feeBefore)).isEqualTo(POL_FEE);
        assertThat(chain.pol(chain.splitter)).isZero();
        assertThat(TEN_POL.subtract(chain.pol(payer.getAddress()))).isGreaterThan(POL_TOTAL); // plus gas
    }

    @Test
    void settlesInUsdcWithAPermitInOneTransaction() throws Exception {
        Credentials payer = chain.payer(TEN_POL, 1_000_000);
        Reply challenge = trade(payer, "USDC");
        assertThat(challenge.body().path("payment").path("amount_usdc_units").bigIntegerValue()).isEqualTo(USDC_TOTAL);
        String jobId = challenge.body().path("job_id").asText();
        BigInteger agentBefore = chain.usdc(chain.agentTreasury);
        BigInteger feeBefore = chain.usdc(chain.feeTreasury);

        Reply r = settleWithKey(jobId, payer);

        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(chain.usdc(chain.agentTreasury).subtract(agentBefore)).isEqualTo(USDC_TOTAL.subtract(USDC_FEE));
        assertThat(chain.usdc(chain.feeTreasury).subtract(feeBefore)).isEqualTo(USDC_FEE);
        assertThat(chain.usdc(payer.getAddress())).isEqualTo(BigInteger.valueOf(1_000_000).subtract(USDC_TOTAL));
        assertThat(chain.usdc(chain.splitter)).isZero();
        assertThat(settleWithKey(jobId, payer).body()).isEqualTo(r.body()); // a repeat pays nothing
        assertThat(chain.usdc(payer.getAddress())).isEqualTo(BigInteger.valueOf(1_000_000).subtract(USDC_TOTAL));
    }

    @Test
    void aWalletPaysWithTheChallengesCalldataAndSettlesWithTheHash() throws Exception {
        Credentials payer = chain.payer(TEN_POL, 0);
        JsonNode challenge = trade(payer, "POL").body();
        JsonNode pay = challenge.path("payment_instructions");
        String hash = chain.send(payer, pay.path("splitter").asText(), new BigInteger(pay.path("value").asText()),
                pay.path("calldata").asText());

        Reply r = settleAsWallet(challenge.path("job_id").asText(), hash, payer);

        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.body().path("agent_output").asText()).isEqualTo(TestAgent.DEFAULT_OUTPUT);
        // the same hash in other letters is the same transaction: the repeat gets the result, nothing more
        Reply again = settleAsWallet(challenge.path("job_id").asText(),
                "0x" + hash.substring(2).toUpperCase(Locale.ROOT), payer);
        assertThat(again.status()).as(again.raw()).isEqualTo(200);
    }

    @Test
    void aRevertedPaymentLeavesTheJobSettleable() throws Exception {
        Credentials payer = chain.payer(TEN_POL, 0);
        JsonNode challenge = trade(payer, "POL").body();
        String jobId = challenge.path("job_id").asText();
        JsonNode pay = challenge.path("payment_instructions");
        // one wei short: the splitter reverts, the transaction lands with status 0
        String reverted = chain.send(payer, pay.path("splitter").asText(),
                new BigInteger(pay.path("value").asText()).subtract(BigInteger.ONE), pay.path("calldata").asText());

        Reply failed = settleWithTx(jobId, reverted);

        assertThat(failed.status()).as(failed.raw()).isEqualTo(400);
        assertThat(failed.code()).isEqualTo("payment_failed");
        assertThat(failed.body().path("error").path("verification").asText()).isEqualTo("tx_failed");
        assertThat(http.get("/v1/agent/jobs/" + jobId).body().path("state").asText()).isEqualTo("locked");
        assertThat(settleWithKey(jobId, payer).status()).isEqualTo(200);
    }

    @Test
    void oneTransactionCannotPayTwoJobs() throws Exception {
        Credentials payer = chain.payer(TEN_POL, 0);
        JsonNode first = trade(payer, "POL").body();
        String second = trade(payer, "POL").body().path("job_id").asText();
        JsonNode pay = first.path("payment_instructions");
        String hash = chain.send(payer, pay.path("splitter").asText(), new BigInteger(pay.path("value").asText()),
                pay.path("calldata").asText());
        assertThat(settleAsWallet(first.path("job_id").asText(), hash, payer).status()).isEqualTo(200);

        Reply reuse = settleWithTx(second, hash);

        assertThat(reuse.status()).isEqualTo(400);
        assertThat(reuse.code()).isEqualTo("payment_failed");
        assertThat(reuse.body().path("error").path("verification").asText()).isEqualTo("memo_missing");
        assertThat(http.get("/v1/agent/jobs/" + second).body().path("state").asText()).isEqualTo("locked");
    }

    @Test
    void polygonWalletsAreValidated() {
        Reply r = http.post("/v1/agent/trade", Map.of("agent_config", Map.of("agent_name", "t"), "task", "x",
                "user_wallet", "0x1234", "network", "polygon", "payment_token", "POL"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body().path("error").path("field").asText()).isEqualTo("user_wallet");
    }
}
