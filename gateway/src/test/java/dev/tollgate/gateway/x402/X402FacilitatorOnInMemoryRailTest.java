package dev.tollgate.gateway.x402;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.memory.InMemoryRail;
import dev.tollgate.chain.memory.InMemoryRailExactScheme;
import dev.tollgate.gateway.rails.InMemoryRailBuilder;
import dev.tollgate.gateway.rails.PaymentRails;
import dev.tollgate.gateway.support.InMemoryGatewayProperties;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.p2p.solanaj.core.Account;

/**
 * The facilitator API in x402 v2's shapes (what {@code HTTPFacilitatorClient} of @x402/core sends and reads), on the
 * in-memory rail's exact scheme with the real PostgreSQL: supported kinds, verify, settle exactly once per payment
 * (a repeat gets the stored answer), payment-identifier conflicts, foreign requirements we cannot settle, the
 * bearer token, pending then finished.
 */
@MicronautTest(transactional = false, environments = InMemoryRailBuilder.ENVIRONMENT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class X402FacilitatorOnInMemoryRailTest implements TestPropertyProvider {
    private static final String NETWORK = "solana:x402fac";
    private static final String USDC = InMemoryRail.newAccount().getPublicKeyBase58();
    private static final String TOKEN = "facilitator-secret-token";
    private static final Map<String, String> AUTH = Map.of("Authorization", "Bearer " + TOKEN);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    EmbeddedServer server;
    @Inject
    PaymentRails rails;
    @Inject
    ForeignSettlements facilitator;
    @Inject
    dev.tollgate.lockbox.X402Payments payments;

    private X402Http http;
    private InMemoryRail rail;
    private ChainAsset usdc;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = InMemoryGatewayProperties.solana(NETWORK, USDC);
        p.put("tollgate.x402.facilitator-token", TOKEN);
        return p;
    }

    private void setUp() {
        if (http == null) {
            http = new X402Http(server.getURI());
            rail = (InMemoryRail) rails.resolve("solana").orElseThrow().rail();
            usdc = rail.assets().get("USDC");
        }
    }

    @Test
    void supportedListsOneExactKindPerRailThePaymentIdentifierAndTheSigners() {
        setUp();
        X402Http.Reply r = http.get("/x402/supported", AUTH);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.body().path("kinds")).hasSize(1);
        JsonNode kind = r.body().path("kinds").path(0);
        assertThat(kind.path("x402Version").asInt()).isEqualTo(2);
        assertThat(kind.path("scheme").asText()).isEqualTo("exact");
        assertThat(kind.path("network").asText()).isEqualTo(NETWORK);
        assertThat(r.body().path("extensions").path(0).asText()).isEqualTo("payment-identifier");
        assertThat(r.body().path("signers").path("solana:*")).hasSize(1);
    }

    @Test
    void withoutTheBearerTokenNothingIsServed() {
        setUp();
        assertThat(http.get("/x402/supported", Map.of()).status()).isEqualTo(401);
        X402Http.Reply wrong = http.post("/x402/settle", "{}", Map.of("Authorization", "Bearer nope"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.code()).isEqualTo("unauthorized");
    }

    @Test
    void verifyAnswersIsValidWithThePayerOrTheReason() {
        Account payer = funded();
        String payTo = InMemoryRail.newAccount().getPublicKeyBase58();
        Map<String, Object> requirement = requirement(payTo, "1500");
        X402Http.Reply ok = http.post("/x402/verify", body(payer, requirement, "1500", null), AUTH);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body().path("isValid").asBoolean()).isTrue();
        assertThat(ok.body().path("payer").asText()).isEqualTo(payer.getPublicKeyBase58());
        X402Http.Reply wrongAmount = http.post("/x402/verify", body(payer, requirement, "1499", null), AUTH);
        assertThat(wrongAmount.body().path("isValid").asBoolean(true)).isFalse();
        assertThat(wrongAmount.body().path("invalidReason").asText())
                .isEqualTo("invalid_exact_evm_payload_authorization_value_mismatch");
        Map<String, Object> otherAsset = requirement(payTo, "1500");
        otherAsset.put("asset", InMemoryRail.newAccount().getPublicKeyBase58());
        X402Http.Reply unknownAsset = http.post("/x402/verify", body(payer, otherAsset, "1500", null), AUTH);
        assertThat(unknownAsset.body().path("invalidReason").asText()).isEqualTo("invalid_exact_evm_payload_asset");
        Map<String, Object> otherNetwork = requirement(payTo, "1500");
        otherNetwork.put("network", "eip155:8453");
        X402Http.Reply unknownNetwork = http.post("/x402/verify", body(payer, otherNetwork, "1500", null), AUTH);
        assertThat(unknownNetwork.body().path("invalidReason").asText()).isEqualTo("invalid_network");
        assertThat(rail.balanceOf(payTo, usdc)).as("verify never settles").isZero();
    }

    @Test
    void settlePaysPayToOnceAndARepeatGetsTheStoredAnswer() {
        Account payer = funded();
        String payTo = InMemoryRail.newAccount().getPublicKeyBase58();
        Map<String, Object> requirement = requirement(payTo, "2500");
        String id = "fac_" + HexFormat.of().formatHex(bytes(12));
        String body = body(payer, requirement, "2500", id);
        int settlements = rail.exact().settlements();
        X402Http.Reply settled = http.post("/x402/settle", body, AUTH);
        assertThat(settled.status()).as(settled.raw()).isEqualTo(200);
        assertThat(settled.body().path("success").asBoolean()).isTrue();
        assertThat(settled.body().path("transaction").asText()).isNotEmpty();
        assertThat(settled.body().path("network").asText()).isEqualTo(NETWORK);
        assertThat(settled.body().path("payer").asText()).isEqualTo(payer.getPublicKeyBase58());
        assertThat(rail.balanceOf(payTo, usdc)).as("payTo as given, the whole amount").isEqualTo(2500);
        X402Http.Reply again = http.post("/x402/settle", body, AUTH);
        assertThat(again.body()).isEqualTo(settled.body());
        assertThat(rail.balanceOf(payTo, usdc)).isEqualTo(2500);
        assertThat(rail.exact().settlements()).isEqualTo(settlements + 1);
        // the same id with another payload: a conflict, before verification
        X402Http.Reply conflict = http.post("/x402/settle", body(payer, requirement, "2500", id), AUTH);
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.code()).isEqualTo("payment_identifier_conflict");
        assertThat(rail.exact().settlements()).isEqualTo(settlements + 1);
    }

    @Test
    void aSettleNotFinalInTimeIsSettlementPendingWithItsTransactionAndTheRepeatFinishesIt() {
        Account payer = funded();
        String payTo = InMemoryRail.newAccount().getPublicKeyBase58();
        String body = body(payer, requirement(payTo, "700"), "700", null);
        rail.scriptNext(new InMemoryRail.Behaviour.PendingUntilFinished());
        X402Http.Reply pending = http.post("/x402/settle", body, AUTH);
        assertThat(pending.status()).isEqualTo(200);
        assertThat(pending.body().path("success").asBoolean(true)).isFalse();
        assertThat(pending.body().path("errorReason").asText()).isEqualTo("settlement_pending");
        assertThat(pending.body().path("transaction").asText()).isNotEmpty();
        rail.finishPending();
        X402Http.Reply done = http.post("/x402/settle", body, AUTH);
        assertThat(done.body().path("success").asBoolean()).as(done.raw()).isTrue();
        assertThat(done.body().path("transaction").asText()).isEqualTo(pending.body().path("transaction").asText());
        assertThat(rail.balanceOf(payTo, usdc)).isEqualTo(700);
    }

    @Test
    void aPendingSettlementNobodyAsksAboutAgainIsFinishedByTheReconcilersLook() {
        Account payer = funded();
        String payTo = InMemoryRail.newAccount().getPublicKeyBase58();
        String body = body(payer, requirement(payTo, "800"), "800", null);
        rail.scriptNext(new InMemoryRail.Behaviour.PendingUntilFinished());
        X402Http.Reply pending = http.post("/x402/settle", body, AUTH);
        String tx = pending.body().path("transaction").asText();
        assertThat(pending.body().path("errorReason").asText()).isEqualTo("settlement_pending");
        rail.finishPending();
        for (int i = 0; i < 20; i++) {
            payments.sentForeign(100).stream().filter(p -> tx.equals(p.txId())).forEach(facilitator::reconcile);
        }
        assertThat(payments.sentForeign(100)).noneMatch(p -> tx.equals(p.txId()));
        int settlements = rail.exact().settlements();
        X402Http.Reply stored = http.post("/x402/settle", body, AUTH);
        assertThat(stored.body().path("success").asBoolean()).as(stored.raw()).isTrue();
        assertThat(stored.body().path("transaction").asText()).isEqualTo(tx);
        assertThat(rail.exact().settlements()).isEqualTo(settlements);
        assertThat(rail.balanceOf(payTo, usdc)).isEqualTo(800);
    }

    @Test
    void aSettlementThatFailsOnChainIsX402sTransactionFailedAndNothingIsPaid() {
        Account payer = funded();
        String payTo = InMemoryRail.newAccount().getPublicKeyBase58();
        String body = body(payer, requirement(payTo, "600"), "600", null);
        BigInteger before = rail.balanceOf(payer.getPublicKeyBase58(), usdc);
        rail.scriptNext(new InMemoryRail.Behaviour.FailsOnChain());
        X402Http.Reply failed = http.post("/x402/settle", body, AUTH);
        assertThat(failed.status()).isEqualTo(200);
        assertThat(failed.body().path("success").asBoolean(true)).isFalse();
        // x402's own string for an SVM transaction that landed and failed, not our verification code tx_failed
        assertThat(failed.body().path("errorReason").asText()).isEqualTo("invalid_exact_svm_transaction_failed");
        assertThat(failed.body().path("transaction").asText()).isEmpty();
        assertThat(rail.balanceOf(payTo, usdc)).isZero();
        assertThat(rail.balanceOf(payer.getPublicKeyBase58(), usdc)).isEqualTo(before);
        // the failed payment is forgotten: the payer may sign again and that one settles
        X402Http.Reply retried = http.post("/x402/settle", body(payer, requirement(payTo, "600"), "600", null), AUTH);
        assertThat(retried.body().path("success").asBoolean()).as(retried.raw()).isTrue();
        assertThat(rail.balanceOf(payTo, usdc)).isEqualTo(600);
    }

    @Test
    void anOutageIs503() {
        Account payer = funded();
        String body = body(payer, requirement(InMemoryRail.newAccount().getPublicKeyBase58(), "900"), "900", null);
        rail.nodeDown(true);
        try {
            X402Http.Reply down = http.post("/x402/settle", body, AUTH);
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.code()).isEqualTo("rail_unavailable");
        } finally {
            rail.nodeDown(false);
        }
        assertThat(http.post("/x402/settle", body, AUTH).body().path("success").asBoolean()).isTrue();
    }

    // ---- helpers ----

    private Account funded() {
        setUp();
        return rail.newFundedAccount(usdc, BigInteger.valueOf(1_000_000_000L));
    }

    private static Map<String, Object> requirement(String payTo, String amount) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("scheme", "exact");
        r.put("network", NETWORK);
        r.put("amount", amount);
        r.put("asset", USDC);
        r.put("payTo", payTo);
        r.put("maxTimeoutSeconds", 60);
        r.put("extra", Map.of("name", InMemoryRailExactScheme.DOMAIN_NAME, "version", "1"));
        return r;
    }

    /** What HTTPFacilitatorClient posts: {x402Version, paymentPayload, paymentRequirements}. */
    private static String body(Account payer, Map<String, Object> requirement, String signedAmount, String paymentId) {
        Map<String, Object> payload = InMemoryRailExactScheme.sign(payer, (String) requirement.get("network"),
                (String) requirement.get("asset"), (String) requirement.get("payTo"), signedAmount,
                HexFormat.of().formatHex(bytes(16)), System.currentTimeMillis() / 1000 + 120);
        Map<String, Object> paymentPayload = new LinkedHashMap<>();
        paymentPayload.put("x402Version", 2);
        paymentPayload.put("payload", payload);
        paymentPayload.put("resource", Map.of("url", "http://shop.example/paid"));
        paymentPayload.put("accepted", requirement);
        if (paymentId != null) {
            paymentPayload.put("extensions", Map.of("payment-identifier", Map.of("info", Map.of("id", paymentId))));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("x402Version", 2);
        body.put("paymentPayload", paymentPayload);
        body.put("paymentRequirements", requirement);
        try {
            return X402Http.JSON.writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
