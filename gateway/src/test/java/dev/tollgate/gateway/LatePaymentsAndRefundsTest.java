package dev.tollgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.p2p.solanaj.core.Account;

/**
 * An honest payment is never lost: one that landed before expiry is honoured after it, and money that reaches the
 * treasuries but cannot release anything (late, a second payment, underpaid, the excess of an overpayment) is
 * recorded and shown to the operator as owed. Balances are read from the real local chain.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LatePaymentsAndRefundsTest implements TestPropertyProvider {
    private static final String TOKEN = "operator-test-token";
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
        p.put("tollgate.operator.token", TOKEN);
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

    private JsonNode trade(Account payer) {
        Reply r = http.post("/v1/agent/trade", Map.of("agent_config", Map.of("agent_name", "t"), "task", "x",
                "user_wallet", payer.getPublicKeyBase58(), "payment_token", "SOL"));
        assertThat(r.status()).as(r.raw()).isEqualTo(402);
        return r.body();
    }

    /** Pays {@code net} to the agent treasury and {@code fee} to the fee treasury, with the job's memo. */
    private String pay(JsonNode challenge, Account payer, BigInteger net, BigInteger fee) throws Exception {
        return chain.paySol(payer, challenge.path("job_id").asText(), chain.agentTreasury, chain.feeTreasury, net, fee);
    }

    private String payExactly(JsonNode challenge, Account payer) throws Exception {
        return pay(challenge, payer, net(challenge), fee(challenge));
    }

    private static BigInteger net(JsonNode challenge) {
        return challenge.path("fee_breakdown").path("agent_receives_lamports").bigIntegerValue();
    }

    private static BigInteger fee(JsonNode challenge) {
        return challenge.path("fee_breakdown").path("fee_lamports").bigIntegerValue();
    }

    private Reply settle(JsonNode challenge, String tx, Account payer) {
        String jobId = challenge.path("job_id").asText();
        return http.post("/v1/agent/settle", Map.of("job_id", jobId, "tx_signature", tx, "payer_proof",
                WalletProofs.solana(payer, chain.network, jobId, server.getURI(), clock.instant())));
    }

    private JsonNode refundOf(String tx) {
        List<JsonNode> found = new ArrayList<>();
        String after = null;
        do {
            Reply page = http.getWithHeaders("/v1/operator/refunds?limit=50" + (after == null ? "" : "&after=" + after),
                    Map.of("Authorization", "Bearer " + TOKEN));
            assertThat(page.status()).as(page.raw()).isEqualTo(200);
            page.body().path("refunds").forEach(r -> {
                if (r.path("tx_signature").asText().equals(tx)) {
                    found.add(r);
                }
            });
            after = page.body().path("next_after").isNull() ? null : page.body().path("next_after").asText();
        } while (after != null);
        assertThat(found).as("refund recorded for " + tx).hasSize(1);
        return found.get(0);
    }

    @Test
    void aPaymentThatLandedBeforeExpiryIsHonouredWhenSettledAfterIt() throws Exception {
        Account payer = chain.payer(1_000_000_000L, 0);
        JsonNode challenge = trade(payer);
        String tx = payExactly(challenge, payer);
        clock.advance(Duration.ofSeconds(601));
        try {
            Reply r = settle(challenge, tx, payer);

            assertThat(r.status()).as(r.raw()).isEqualTo(200);
            assertThat(r.body().path("agent_output").asText()).isEqualTo(TestAgent.DEFAULT_OUTPUT);
        } finally {
            clock.advance(Duration.ofSeconds(-601));
        }
    }

    @Test
    void aPaymentThatLandedAfterExpiryIsRecordedAsOwedAndReleasesNothing() throws Exception {
        Account payer = chain.payer(1_000_000_000L, 0);
        Instant realNow = clock.instant();
        clock.set(realNow.minusSeconds(700)); // the trade happened long ago: it expired 100 s before the payment
        JsonNode challenge;
        try {
            challenge = trade(payer);
        } finally {
            clock.set(realNow);
        }
        String tx = payExactly(challenge, payer);

        Reply r = settle(challenge, tx, payer);

        assertThat(r.status()).as(r.raw()).isEqualTo(409);
        assertThat(r.code()).isEqualTo("payment_late");
        assertThat(r.body().path("error").path("refund_owed").asBoolean()).isTrue();
        assertThat(r.raw()).doesNotContain(TestAgent.DEFAULT_OUTPUT);
        JsonNode refund = refundOf(tx);
        assertThat(refund.path("reason").asText()).isEqualTo("late");
        assertThat(refund.path("owed_units").bigIntegerValue()).isEqualTo(net(challenge).add(fee(challenge)));
        assertThat(refund.path("payer").asText()).isEqualTo(payer.getPublicKeyBase58());
        assertThat(http.get("/v1/agent/jobs/" + challenge.path("job_id").asText()).body().path("state").asText())
                .isIn("locked", "expired");
    }

    @Test
    void aSecondPaymentForAPaidJobIsRecordedAsOwed() throws Exception {
        Account payer = chain.payer(1_000_000_000L, 0);
        JsonNode challenge = trade(payer);
        assertThat(settle(challenge, payExactly(challenge, payer), payer).status()).isEqualTo(200);
        String twice = payExactly(challenge, payer);

        Reply r = settle(challenge, twice, payer);

        assertThat(r.status()).as(r.raw()).isEqualTo(409);
        assertThat(r.code()).isEqualTo("already_settled");
        assertThat(r.body().path("error").path("refund_owed").asBoolean()).isTrue();
        assertThat(refundOf(twice).path("reason").asText()).isEqualTo("job_already_paid");
    }

    @Test
    void anUnderpaymentIsRecordedAndTheJobStaysSettleable() throws Exception {
        Account payer = chain.payer(1_000_000_000L, 0);
        JsonNode challenge = trade(payer);
        String shortTx = pay(challenge, payer, net(challenge).subtract(BigInteger.ONE), fee(challenge));

        Reply r = settle(challenge, shortTx, payer);

        assertThat(r.status()).as(r.raw()).isEqualTo(400);
        assertThat(r.body().path("error").path("verification").asText()).isEqualTo("amount_mismatch");
        assertThat(r.body().path("error").path("refund_owed").asBoolean()).isTrue();
        assertThat(refundOf(shortTx).path("owed_units").bigIntegerValue())
                .isEqualTo(net(challenge).subtract(BigInteger.ONE).add(fee(challenge)));
        assertThat(settle(challenge, payExactly(challenge, payer), payer).status()).isEqualTo(200);
    }

    @Test
    void theWholeAmountSentToTheAtpRecipientAloneIsRecordedAsOwed() throws Exception {
        Account payer = chain.payer(1_000_000_000L, 0);
        JsonNode challenge = trade(payer);
        assertThat(challenge.path("payment").path("description").asText()).contains("payment_instructions");
        assertThat(challenge.path("instruction").asText()).contains("payment_instructions");
        BigInteger total = challenge.path("payment").path("amount_lamports").bigIntegerValue();
        String tx = pay(challenge, payer, total, BigInteger.ZERO); // what ATP's text used to ask for

        Reply r = settle(challenge, tx, payer);

        assertThat(r.status()).as(r.raw()).isEqualTo(400);
        JsonNode refund = refundOf(tx);
        assertThat(refund.path("to_agent_treasury_units").bigIntegerValue()).isEqualTo(total);
        assertThat(refund.path("to_fee_treasury_units").bigIntegerValue()).isZero();
    }

    @Test
    void anOverpaymentReleasesTheJobAndRecordsTheExcess() throws Exception {
        Account payer = chain.payer(1_000_000_000L, 0);
        JsonNode challenge = trade(payer);
        String tx = pay(challenge, payer, net(challenge).add(BigInteger.valueOf(1_000)), fee(challenge));

        Reply r = settle(challenge, tx, payer);

        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        JsonNode refund = refundOf(tx);
        assertThat(refund.path("reason").asText()).isEqualTo("overpaid");
        assertThat(refund.path("owed_units").bigIntegerValue()).isEqualTo(BigInteger.valueOf(1_000));
    }

    @Test
    void theRefundsListIsTheOperatorsOnly() {
        assertThat(http.get("/v1/operator/refunds").status()).isEqualTo(401);
        assertThat(http.getWithHeaders("/v1/operator/refunds", Map.of("Authorization", "Bearer wrong")).status())
                .isEqualTo(401);
        Reply bad = http.getWithHeaders("/v1/operator/refunds?limit=100000", Map.of("Authorization", "Bearer " + TOKEN));
        assertThat(bad.status()).isEqualTo(422);
    }
}
