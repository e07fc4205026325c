package dev.tollgate.gateway.x402;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.memory.InMemoryRailExactScheme;
import dev.tollgate.chain.memory.InMemoryRail;
import dev.tollgate.gateway.rails.InMemoryRailBuilder;
import dev.tollgate.gateway.rails.PaymentRails;
import dev.tollgate.gateway.support.InMemoryGatewayProperties;
import dev.tollgate.gateway.support.TestAgent;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.p2p.solanaj.core.Account;

/**
 * The x402 v2 front-end over real HTTP, the real embedded PostgreSQL lockbox and a real upstream agent, on the
 * in-memory rail's scriptable {@code exact} scheme (the rails' own schemes are tested on the local chains): the
 * trade's 402 carries a valid PAYMENT-REQUIRED beside ATP's body; the paid retry of the same request is matched
 * against our offer, verified, settled once and answered 200 with the output and PAYMENT-RESPONSE, without running
 * the agent again; refusals, repeats, concurrency, payment-identifier, pending and failed settlements as x402 says.
 */
@MicronautTest(transactional = false, environments = InMemoryRailBuilder.ENVIRONMENT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class X402PaidRetryOnInMemoryRailTest implements TestPropertyProvider {
    private static final String NETWORK = "solana:x402mem";
    private static final String USDC = InMemoryRail.newAccount().getPublicKeyBase58();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TestAgent agent = new TestAgent();

    @Inject
    EmbeddedServer server;
    @Inject
    PaymentRails rails;
    @Inject
    RecordingSweepOrders sweeps;
    @Inject
    List<dev.tollgate.gateway.core.ExactReconciliation> reconciliations;
    @Inject
    dev.tollgate.lockbox.Lockbox lockbox;
    @Inject
    X402JobPayments jobPayments;

    private X402Http http;
    private InMemoryRail rail;
    private ChainAsset usdc;
    private String agentTreasury;
    private String feeTreasury;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = InMemoryGatewayProperties.solana(agent, NETWORK, USDC);
        p.put("tollgate.test.recording-sweeps", "true");
        return p;
    }

    @AfterAll
    void stop() {
        agent.close();
    }

    private void setUp() {
        if (http == null) {
            http = new X402Http(server.getURI());
            rail = (InMemoryRail) rails.resolve("solana").orElseThrow().rail();
            usdc = rail.assets().get("USDC");
            agentTreasury = rails.resolve("solana").orElseThrow().agentTreasury();
            feeTreasury = rails.resolve("solana").orElseThrow().feeTreasury();
        }
    }

    // ---- the flow ----

    @Test
    void tradeAnswers402WithAValidV2PaymentRequiredBesideAtpsBody() {
        Account payer = funded();
        Trade t = trade(payer);
        X402Http.Reply r = t.reply;
        assertThat(r.body().path("job_id").asText()).isEqualTo(t.jobId);
        assertThat(r.body().has("payment_instructions")).as("ATP's body is kept").isTrue();
        assertThat(r.header("Cache-Control")).contains("no-store");
        assertThat(r.header("Access-Control-Expose-Headers").orElse("")).contains("PAYMENT-REQUIRED")
                .contains("PAYMENT-RESPONSE");
        assertThat(r.header("PAYMENT-REQUIRED").orElseThrow()).matches("^[A-Za-z0-9+/]*={0,2}$");
        JsonNode required = t.required;
        assertThat(required.path("x402Version").asInt()).isEqualTo(2);
        assertThat(required.has("error")).isFalse();
        assertThat(required.path("resource").path("url").asText()).startsWith("http://").endsWith("/v1/agent/trade");
        assertThat(required.path("resource").path("mimeType").asText()).isEqualTo("application/json");
        assertThat(required.path("accepts")).hasSize(1);
        JsonNode offer = t.offer;
        assertThat(offer.path("scheme").asText()).isEqualTo("exact");
        assertThat(offer.path("network").asText()).isEqualTo(NETWORK);
        assertThat(offer.path("asset").asText()).isEqualTo(USDC);
        assertThat(offer.path("amount").asText()).as("the job's whole total, an integer string")
                .isEqualTo(r.body().path("payment").path("amount_usdc_units").asText());
        assertThat(offer.path("payTo").asText()).isEqualTo(rail.exact().vault());
        assertThat(offer.path("maxTimeoutSeconds").isInt()).isTrue();
        assertThat(offer.path("extra").path("name").asText()).isEqualTo(InMemoryRailExactScheme.DOMAIN_NAME);
        assertThat(offer.path("extra").path("tollgateJobId").asText()).isEqualTo(t.jobId);
        assertThat(required.path("extensions").path("payment-identifier").path("info").path("required").asBoolean(true))
                .isFalse();
        // a SOL job has no exact offer on this rail: ATP's 402 alone
        X402Http.Reply sol = http.post("/v1/agent/trade", tradeBody(payer, "SOL"), Map.of());
        assertThat(sol.status()).isEqualTo(402);
        assertThat(sol.header("PAYMENT-REQUIRED")).isEmpty();
    }

    @Test
    void paidRetryPaysOnceReleasesWithoutRunningTheAgentAndARepeatGetsTheSameAnswer() {
        Account payer = funded();
        Trade t = trade(payer);
        int agentCalls = agent.calls();
        int settlements = rail.exact().settlements();
        BigInteger payerBefore = rail.balanceOf(payer.getPublicKeyBase58(), usdc);
        BigInteger agentBefore = rail.balanceOf(agentTreasury, usdc);
        BigInteger feeBefore = rail.balanceOf(feeTreasury, usdc);
        String header = paymentHeader(payer, t, nonce(), null);

        X402Http.Reply paid = paidRetry(payer, header);
        assertThat(paid.status()).as(paid.raw()).isEqualTo(200);
        assertThat(paid.body().path("status").asText()).isEqualTo("success");
        assertThat(paid.body().path("job_id").asText()).isEqualTo(t.jobId);
        assertThat(paid.body().has("agent_output")).isTrue();
        JsonNode response = paid.decoded("PAYMENT-RESPONSE");
        assertThat(response.path("success").asBoolean()).isTrue();
        assertThat(response.path("network").asText()).isEqualTo(NETWORK);
        assertThat(response.path("payer").asText()).isEqualTo(payer.getPublicKeyBase58());
        assertThat(response.path("transaction").asText()).isEqualTo(paid.body().path("tx_signature").asText())
                .isNotEmpty();
        assertThat(agent.calls()).as("the paid retry never runs the agent again").isEqualTo(agentCalls);
        assertThat(rail.exact().settlements()).isEqualTo(settlements + 1);
        BigInteger total = new BigInteger(t.offer.path("amount").asText());
        BigInteger fee = new BigInteger(t.reply.body().path("fee_breakdown").path("fee_usdc_units").asText("0"));
        assertThat(rail.balanceOf(payer.getPublicKeyBase58(), usdc)).isEqualTo(payerBefore.subtract(total));
        assertThat(rail.balanceOf(agentTreasury, usdc).subtract(agentBefore).add(
                rail.balanceOf(feeTreasury, usdc).subtract(feeBefore))).isEqualTo(total);
        if (fee.signum() > 0) {
            assertThat(rail.balanceOf(feeTreasury, usdc).subtract(feeBefore)).as("the fee split is honoured")
                    .isEqualTo(fee);
        }
        assertThat(state(t.jobId)).isEqualTo("released");

        X402Http.Reply again = paidRetry(payer, header);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.decoded("PAYMENT-RESPONSE")).isEqualTo(response);
        assertThat(again.body().path("agent_output")).isEqualTo(paid.body().path("agent_output"));
        assertThat(rail.exact().settlements()).as("a repeat pays nothing").isEqualTo(settlements + 1);
        assertThat(rail.balanceOf(payer.getPublicKeyBase58(), usdc)).isEqualTo(payerBefore.subtract(total));

        // another payment for the paid job is refused without paying
        X402Http.Reply second = paidRetry(payer, paymentHeader(payer, t, nonce(), null));
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.code()).isEqualTo("already_settled");
        assertThat(rail.exact().settlements()).isEqualTo(settlements + 1);
    }

    @Test
    void acceptedThatIsNotOurOfferIsRefusedWithAFreshDemandAndNothingMoves() {
        Account payer = funded();
        Trade t = trade(payer);
        Trade other = trade(payer);
        int settlements = rail.exact().settlements();
        for (Map.Entry<String, Object> change : List.<Map.Entry<String, Object>>of(
                Map.entry("amount", "1"), Map.entry("payTo", InMemoryRail.newAccount().getPublicKeyBase58()),
                Map.entry("asset", InMemoryRail.newAccount().getPublicKeyBase58()),
                Map.entry("network", "solana:elsewhere"), Map.entry("maxTimeoutSeconds", 99_999),
                Map.entry("scheme", "upto"))) {
            Map<String, Object> accepted = asMap(t.offer);
            accepted.put(change.getKey(), change.getValue());
            X402Http.Reply r = paidRetry(payer, header(payer, accepted, t, nonce(), null));
            assertRefused(r, "invalid_payment_requirements", change.getKey());
        }
        // extra must keep every key of ours: another job's reference, or none, is not this offer
        Map<String, Object> accepted = asMap(t.offer);
        @SuppressWarnings("unchecked")
        Map<String, Object> extra = (Map<String, Object>) accepted.get("extra");
        extra.remove("name");
        assertRefused(paidRetry(payer, header(payer, accepted, t, nonce(), null)), "invalid_payment_requirements",
                "extra without name");
        // the client may add to extra
        Map<String, Object> more = asMap(t.offer);
        @SuppressWarnings("unchecked")
        Map<String, Object> moreExtra = (Map<String, Object>) more.get("extra");
        moreExtra.put("clientNote", "x");
        Map<String, Object> paidWithOthersOffer = asMap(other.offer);
        assertThat(rail.exact().settlements()).as("nothing refused was broadcast").isEqualTo(settlements);
        X402Http.Reply crossed = paidRetry(payer, header(payer, paidWithOthersOffer, t, nonce(), null));
        assertThat(crossed.status()).as("a payment signed for one job's offer pays that job only").isEqualTo(200);
        assertThat(crossed.body().path("job_id").asText()).isEqualTo(other.jobId);
        assertThat(state(other.jobId)).isEqualTo("released");
        assertThat(state(t.jobId)).isEqualTo("locked");
        X402Http.Reply superset = paidRetry(payer, header(payer, more, t, nonce(), null));
        assertThat(superset.status()).as(superset.raw()).isEqualTo(200);
    }

    @Test
    void verificationRefusalsAnswer402WithTheReasonAndTheJobStaysPayable() {
        Account payer = funded();
        Trade t = trade(payer);
        int settlements = rail.exact().settlements();
        // signed for another amount than the offer it echoes
        Map<String, Object> payload = InMemoryRailExactScheme.sign(payer, NETWORK, USDC, t.offer.path("payTo").asText(),
                "1", nonce(), validBefore());
        assertRefused(paidRetry(payer, withPayload(t, payload, null)),
                "invalid_exact_evm_payload_authorization_value_mismatch", "amount");
        // signed by someone else for this payer
        Account thief = funded();
        Map<String, Object> forged = InMemoryRailExactScheme.sign(thief, NETWORK, USDC, t.offer.path("payTo").asText(),
                t.offer.path("amount").asText(), nonce(), validBefore());
        @SuppressWarnings("unchecked")
        Map<String, Object> auth = (Map<String, Object>) forged.get("authorization");
        auth.put("from", payer.getPublicKeyBase58());
        assertRefused(paidRetry(payer, withPayload(t, forged, null)), "invalid_exact_evm_payload_signature", "forged");
        // expired authorisation
        Map<String, Object> expired = InMemoryRailExactScheme.sign(payer, NETWORK, USDC, t.offer.path("payTo").asText(),
                t.offer.path("amount").asText(), nonce(), 1_000);
        assertRefused(paidRetry(payer, withPayload(t, expired, null)),
                "invalid_exact_evm_payload_authorization_valid_before", "expired");
        // not base64 JSON at all
        X402Http.Reply garbage = http.post("/v1/agent/trade", tradeBody(payer, "USDC"),
                Map.of("PAYMENT-SIGNATURE", "not*base64"));
        assertThat(garbage.status()).isEqualTo(402);
        assertThat(garbage.body().path("error").path("reason").asText()).isEqualTo("invalid_payload");
        assertThat(rail.exact().settlements()).as("a refused payment is never broadcast").isEqualTo(settlements);
        assertThat(state(t.jobId)).isEqualTo("locked");
        assertThat(paidRetry(payer, paymentHeader(payer, t, nonce(), null)).status()).isEqualTo(200);
    }

    @Test
    void sixteenConcurrentPaidRetriesOfOneJobPayOnce() throws Exception {
        Account payer = funded();
        Trade t = trade(payer);
        int settlements = rail.exact().settlements();
        BigInteger before = rail.balanceOf(payer.getPublicKeyBase58(), usdc);
        String same = paymentHeader(payer, t, nonce(), null);
        List<String> headers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            headers.add(i % 2 == 0 ? same : paymentHeader(payer, t, nonce(), null));
        }
        String winner;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<X402Http.Reply>> replies = new ArrayList<>();
        try {
            for (String h : headers) {
                replies.add(pool.submit(() -> {
                    start.await();
                    return paidRetry(payer, h);
                }));
            }
            start.countDown();
            List<String> winners = new ArrayList<>();
            for (int i = 0; i < replies.size(); i++) {
                X402Http.Reply r = replies.get(i).get();
                assertThat(r.status()).as(r.raw()).isIn(200, 409);
                if (r.status() == 200) {
                    winners.add(headers.get(i));
                }
            }
            assertThat(winners).isNotEmpty();
            assertThat(new java.util.HashSet<>(winners)).as("only one payload is ever answered 200").hasSize(1);
            winner = winners.get(0);
        } finally {
            pool.shutdownNow();
        }
        assertThat(rail.exact().settlements()).as("one settlement broadcast").isEqualTo(settlements + 1);
        assertThat(before.subtract(rail.balanceOf(payer.getPublicKeyBase58(), usdc)))
                .isEqualTo(new BigInteger(t.offer.path("amount").asText()));
        assertThat(state(t.jobId)).isEqualTo("released");
        assertThat(paidRetry(payer, winner).status()).as("the paying payload afterwards: the answer, once more")
                .isEqualTo(200);
        assertThat(rail.exact().settlements()).isEqualTo(settlements + 1);
    }

    @Test
    void paymentIdentifierSamePayloadGetsTheCachedAnswerAnotherPayloadIsAConflict() {
        Account payer = funded();
        Trade t = trade(payer);
        String id = "pay_" + HexFormat.of().formatHex(bytes(12));
        String first = paymentHeader(payer, t, nonce(), id);
        X402Http.Reply paid = paidRetry(payer, first);
        assertThat(paid.status()).isEqualTo(200);
        int settlements = rail.exact().settlements();
        X402Http.Reply conflict = paidRetry(payer, paymentHeader(payer, t, nonce(), id));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.code()).isEqualTo("payment_identifier_conflict");
        X402Http.Reply cached = paidRetry(payer, first);
        assertThat(cached.status()).isEqualTo(200);
        assertThat(cached.decoded("PAYMENT-RESPONSE")).isEqualTo(paid.decoded("PAYMENT-RESPONSE"));
        assertThat(rail.exact().settlements()).isEqualTo(settlements);
        // an id of the wrong form is refused before anything
        X402Http.Reply badId = paidRetry(payer, paymentHeader(payer, trade(payer), nonce(), "short"));
        assertThat(badId.status()).isEqualTo(402);
        assertThat(badId.decoded("PAYMENT-REQUIRED").path("error").asText()).isEqualTo("invalid_payment_identifier");
    }

    @Test
    void aSettlementNotFinalInTimeIsPendingNotANewDemandAndTheSamePayloadFinishesIt() {
        Account payer = funded();
        Trade t = trade(payer);
        int settlements = rail.exact().settlements();
        String header = paymentHeader(payer, t, nonce(), null);
        rail.scriptNext(new InMemoryRail.Behaviour.PendingUntilFinished());
        X402Http.Reply pending = paidRetry(payer, header);
        assertThat(pending.status()).as(pending.raw()).isEqualTo(402);
        assertThat(pending.header("PAYMENT-REQUIRED")).as("not a fresh demand").isEmpty();
        JsonNode response = pending.decoded("PAYMENT-RESPONSE");
        assertThat(response.path("success").asBoolean(true)).isFalse();
        assertThat(response.path("errorReason").asText()).isEqualTo("settlement_pending");
        assertThat(response.path("transaction").asText()).isNotEmpty();
        assertThat(pending.body().path("error").path("code").asText()).isEqualTo("settlement_pending");
        assertThat(state(t.jobId)).isEqualTo("settling");
        rail.finishPending();
        X402Http.Reply done = paidRetry(payer, header);
        assertThat(done.status()).as(done.raw()).isEqualTo(200);
        assertThat(done.decoded("PAYMENT-RESPONSE").path("transaction").asText())
                .isEqualTo(response.path("transaction").asText());
        assertThat(rail.exact().settlements()).isEqualTo(settlements + 1);
    }

    @Test
    void aFailedSettlementIs402WithPaymentResponseFalseAndTheJobStaysPayable() {
        Account payer = funded();
        Trade t = trade(payer);
        BigInteger before = rail.balanceOf(payer.getPublicKeyBase58(), usdc);
        rail.scriptNext(new InMemoryRail.Behaviour.Refused(PaymentRejectedException.Reason.INSUFFICIENT_FUNDS));
        X402Http.Reply refused = paidRetry(payer, paymentHeader(payer, t, nonce(), null));
        assertThat(refused.status()).isEqualTo(402);
        JsonNode response = refused.decoded("PAYMENT-RESPONSE");
        assertThat(response.path("success").asBoolean(true)).isFalse();
        assertThat(response.path("errorReason").asText()).isEqualTo("insufficient_funds");
        assertThat(response.path("transaction").asText()).isEmpty();
        assertThat(response.path("network").asText()).isEqualTo(NETWORK);
        assertThat(state(t.jobId)).isEqualTo("locked");
        rail.scriptNext(new InMemoryRail.Behaviour.FailsOnChain());
        X402Http.Reply failed = paidRetry(payer, paymentHeader(payer, t, nonce(), null));
        assertThat(failed.status()).isEqualTo(402);
        assertThat(failed.decoded("PAYMENT-RESPONSE").path("errorReason").asText())
                .isEqualTo("invalid_exact_svm_transaction_failed"); // x402's string, not our tx_failed
        assertThat(failed.body().path("error").path("code").asText()).isEqualTo("payment_failed");
        assertThat(failed.body().path("error").path("reason").asText()).isEqualTo("invalid_exact_svm_transaction_failed");
        assertThat(state(t.jobId)).isEqualTo("locked");
        assertThat(rail.balanceOf(payer.getPublicKeyBase58(), usdc)).isEqualTo(before);
        assertThat(paidRetry(payer, paymentHeader(payer, t, nonce(), null)).status()).isEqualTo(200);
    }

    @Test
    void aNodeOutageIs503AndNothingIsClaimed() {
        Account payer = funded();
        Trade t = trade(payer);
        String header = paymentHeader(payer, t, nonce(), null);
        rail.nodeDown(true);
        try {
            X402Http.Reply down = paidRetry(payer, header);
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.code()).isEqualTo("rail_unavailable");
        } finally {
            rail.nodeDown(false);
        }
        assertThat(state(t.jobId)).isEqualTo("locked");
        assertThat(paidRetry(payer, header).status()).isEqualTo(200);
    }

    @Test
    void aPaymentIntoTheSettlementWalletIsSweptAfterRelease() {
        Account payer = funded();
        String wallet = InMemoryRail.newAccount().getPublicKeyBase58();
        rail.exact().settlementWallet(wallet);
        try {
            Trade t = trade(payer);
            assertThat(t.offer.path("payTo").asText()).isEqualTo(wallet);
            X402Http.Reply paid = paidRetry(payer, paymentHeader(payer, t, nonce(), null));
            assertThat(paid.status()).as(paid.raw()).isEqualTo(200);
            assertThat(rail.balanceOf(wallet, usdc)).isEqualTo(new BigInteger(t.offer.path("amount").asText()));
            String tx = paid.decoded("PAYMENT-RESPONSE").path("transaction").asText();
            assertThat(sweeps.orders()).filteredOn(o -> o.job().id().toString().equals(t.jobId)).singleElement()
                    .satisfies(o -> assertThat(o.sourceTxId()).isEqualTo(tx));
            paidRetry(payer, paymentHeader(payer, t, nonce(), null));
            assertThat(sweeps.orders()).filteredOn(o -> o.job().id().toString().equals(t.jobId)).hasSize(1);
        } finally {
            rail.exact().settlementWallet(null);
        }
    }

    @Test
    void aV2PayloadInTheLegacyXPaymentHeaderIsPaidAndAnsweredInBothResponseHeaders() {
        Account payer = funded();
        Trade t = trade(payer);
        X402Http.Reply paid = http.post("/v1/agent/trade", tradeBody(payer, "USDC"),
                Map.of("X-PAYMENT", paymentHeader(payer, t, nonce(), null)));
        assertThat(paid.status()).as(paid.raw()).isEqualTo(200);
        assertThat(paid.decoded("X-PAYMENT-RESPONSE").path("success").asBoolean()).isTrue();
        assertThat(paid.decoded("PAYMENT-RESPONSE")).isEqualTo(paid.decoded("X-PAYMENT-RESPONSE"));
        // a true v1 payload names no accepted requirement: refused, nothing sent
        Trade v1 = trade(payer);
        int settlements = rail.exact().settlements();
        X402Http.Reply legacy = http.post("/v1/agent/trade", tradeBody(payer, "USDC"), Map.of("X-PAYMENT",
                X402Http.encode(Map.of("x402Version", 1, "scheme", "exact", "network", "solana",
                        "payload", Map.of("signature", "x")))));
        assertThat(legacy.status()).isEqualTo(402);
        assertThat(legacy.body().path("error").path("reason").asText()).isEqualTo("invalid_x402_version");
        assertThat(rail.exact().settlements()).isEqualTo(settlements);
        assertThat(state(v1.jobId)).isEqualTo("locked");
    }

    @Test
    void theReconcilerJudgesAPendingX402SettlementByItsSchemeNotByTheMemoCheck() {
        Account payer = funded();
        String wallet = InMemoryRail.newAccount().getPublicKeyBase58();
        rail.exact().settlementWallet(wallet);
        try {
            Trade t = trade(payer);
            rail.scriptNext(new InMemoryRail.Behaviour.PendingUntilFinished());
            X402Http.Reply pending = paidRetry(payer, paymentHeader(payer, t, nonce(), null));
            assertThat(pending.decoded("PAYMENT-RESPONSE").path("errorReason").asText()).isEqualTo("settlement_pending");
            dev.tollgate.lockbox.Job job = lockbox.find(java.util.UUID.fromString(t.jobId)).orElseThrow();
            // the plain check would call this payment to the settlement wallet a wrong-recipient failure
            assertThat(rail.checkPayment(dev.tollgate.gateway.core.JobIntents.intent(job,
                    rails.resolve("solana").orElseThrow()), job.txId(), dev.tollgate.chain.Commitment.CONFIRMED, -1)
                    .status()).isNotEqualTo(dev.tollgate.chain.PaymentCheck.Status.VERIFIED);
            // an ATP settle naming the x402 settlement's tx never judges it by the memo check (nor unlocks the job)
            X402Http.Reply atp = http.post("/v1/agent/settle", Map.of("job_id", t.jobId, "tx_signature", job.txId()),
                    Map.of());
            assertThat(atp.status()).as(atp.raw()).isEqualTo(409);
            assertThat(atp.code()).isEqualTo("settlement_in_progress");
            assertThat(state(t.jobId)).isEqualTo("settling");
            rail.finishPending();
            for (int i = 0; i < 40 && !"released".equals(state(t.jobId)); i++) {
                dev.tollgate.lockbox.Job now = lockbox.find(job.id()).orElseThrow();
                assertThat(reconciliations.stream().anyMatch(r -> r.reconcile(now))).as("an x402 settlement").isTrue();
                assertThat(state(t.jobId)).isIn("settling", "released");
            }
            assertThat(state(t.jobId)).isEqualTo("released");
            assertThat(sweeps.orders()).filteredOn(o -> o.job().id().equals(job.id())).hasSize(1);
        } finally {
            rail.exact().settlementWallet(null);
        }
    }

    @Test
    void theStockClientReadsOurPaymentRequiredAndPaymentResponseHeaders() throws Exception {
        Account payer = funded();
        Trade t = trade(payer);
        X402Http.Reply paid = paidRetry(payer, paymentHeader(payer, t, nonce(), null));
        assertThat(paid.status()).isEqualTo(200);
        JsonNode read = stockClientReads(t.reply.header("PAYMENT-REQUIRED").orElseThrow(),
                paid.header("PAYMENT-RESPONSE").orElseThrow());
        assertThat(read.path("error").isMissingNode()).as(read.toString()).isTrue();
        assertThat(read.path("paymentRequired")).isEqualTo(t.required);
        assertThat(read.path("settleResponse").path("success").asBoolean()).isTrue();
        assertThat(read.path("settleResponse").path("transaction").asText())
                .isEqualTo(paid.body().path("tx_signature").asText());
    }

    /** @x402/core 2.27.0's own header readers and schema (interop/x402-gw/read-headers.mjs), run by node. */
    private static JsonNode stockClientReads(String paymentRequired, String paymentResponse) throws Exception {
        java.nio.file.Path interop = dev.tollgate.localnet.RepoPaths.root().resolve("interop");
        ProcessBuilder pb = new ProcessBuilder("node", "x402-gw/read-headers.mjs").directory(interop.toFile())
                .redirectErrorStream(true);
        pb.environment().put("PAYMENT_REQUIRED", paymentRequired);
        pb.environment().put("PAYMENT_RESPONSE", paymentResponse);
        Process process = pb.start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return X402Http.JSON.readTree(out.lines().reduce((a, b) -> b).orElse("{}"));
    }

    @Test
    void theJobPaymentSeamPaysTheJobItIsGivenAndRefusesAnOfferForAnother() {
        // what GET /v1/agent/jobs/{id}/output delegates to: the job comes from the URL, the payment from the header
        Account payer = funded();
        Trade t = trade(payer);
        Trade other = trade(payer);
        dev.tollgate.lockbox.Job job = lockbox.find(java.util.UUID.fromString(t.jobId)).orElseThrow();
        io.micronaut.http.HttpResponse<?> crossed = jobPayments.pay(job, io.micronaut.http.HttpRequest
                .GET("/v1/agent/jobs/" + t.jobId + "/output").header("Host", "gw.example")
                .header("PAYMENT-SIGNATURE", paymentHeader(payer, other, nonce(), null)));
        assertThat(crossed.getStatus().getCode()).isEqualTo(402);
        JsonNode demand = X402Http.decode(crossed.getHeaders().get("PAYMENT-REQUIRED"));
        assertThat(demand.path("error").asText()).isEqualTo("invalid_payment_requirements");
        assertThat(demand.path("resource").path("url").asText())
                .isEqualTo("http://gw.example/v1/agent/jobs/" + t.jobId + "/output");
        assertThat(demand.path("accepts").path(0).path("extra").path("tollgateJobId").asText()).isEqualTo(t.jobId);
        assertThat(state(other.jobId)).isEqualTo("locked");
        io.micronaut.http.HttpResponse<?> paid = jobPayments.pay(job, io.micronaut.http.HttpRequest
                .GET("/v1/agent/jobs/" + t.jobId + "/output")
                .header("PAYMENT-SIGNATURE", paymentHeader(payer, t, nonce(), null)));
        assertThat(paid.getStatus().getCode()).isEqualTo(200);
        assertThat(X402Http.decode(paid.getHeaders().get("PAYMENT-RESPONSE")).path("success").asBoolean()).isTrue();
        assertThat(state(t.jobId)).isEqualTo("released");
    }

    // ---- helpers ----

    // ---- an authorisation a stranger submitted first ----

    @Test
    void anAuthorisationAStrangerSubmittedBeforeOursReachedTheNodeStillPaysTheJob() {
        assertStrangerFirstPays(false);
    }

    @Test
    void whenOursFailsOnChainBecauseAStrangerUsedTheAuthorisationTheStrangersTransactionPaysTheJob() {
        assertStrangerFirstPays(true);
    }

    @Test
    void anAuthorisationUsedByATransactionThatPaidSomeoneElseIsRecordedAsOwedAndRefused() {
        Account payer = funded();
        Trade t = trade(payer);
        String nonce = nonce();
        String header = paymentHeader(payer, t, nonce, null);
        rail.exact().strangerMovesNextElsewhere();

        X402Http.Reply refused = paidRetry(payer, header);

        String strangerTx = rail.exact().strangerTx(t.offer.path("asset").asText() + ":" + payer.getPublicKeyBase58()
                + ":" + nonce).orElseThrow();
        assertThat(refused.status()).as(refused.raw()).isEqualTo(402);
        JsonNode response = refused.decoded("PAYMENT-RESPONSE");
        assertThat(response.path("success").asBoolean(true)).isFalse();
        assertThat(response.path("errorReason").asText()).isEqualTo("authorization_used_elsewhere");
        assertThat(refused.raw()).doesNotContain(TestAgent.DEFAULT_OUTPUT);
        assertThat(state(t.jobId)).isEqualTo("locked");
        var owed = lockbox.findUnhonoured(NETWORK, strangerTx).orElseThrow();
        assertThat(owed.jobId().toString()).isEqualTo(t.jobId);
        assertThat(owed.reason()).isEqualTo("authorization_used_elsewhere");
        assertThat(owed.payer()).isEqualTo(payer.getPublicKeyBase58());
        assertThat(owed.total()).as("what the payer was charged").isEqualTo(new BigInteger(t.offer.path("amount").asText()));
    }

    private void assertStrangerFirstPays(boolean oursFailsOnChain) {
        Account payer = funded();
        Trade t = trade(payer);
        int settlements = rail.exact().settlements();
        BigInteger payerBefore = rail.balanceOf(payer.getPublicKeyBase58(), usdc);
        BigInteger vaultBefore = rail.balanceOf(rail.exact().vault(), usdc);
        BigInteger total = new BigInteger(t.offer.path("amount").asText());
        String nonce = nonce();
        String header = paymentHeader(payer, t, nonce, null);
        rail.exact().strangerSubmitsNextFirst(oursFailsOnChain);

        X402Http.Reply paid = paidRetry(payer, header);

        String strangerTx = rail.exact().strangerTx(t.offer.path("asset").asText() + ":" + payer.getPublicKeyBase58()
                + ":" + nonce).orElseThrow();
        assertThat(paid.status()).as(paid.raw()).isEqualTo(200);
        assertThat(paid.body().path("agent_output").asText()).isEqualTo(TestAgent.DEFAULT_OUTPUT);
        JsonNode response = paid.decoded("PAYMENT-RESPONSE");
        assertThat(response.path("success").asBoolean()).isTrue();
        assertThat(response.path("transaction").asText()).isEqualTo(strangerTx);
        assertThat(response.path("payer").asText()).isEqualTo(payer.getPublicKeyBase58());
        assertThat(paid.body().path("tx_signature").asText()).isEqualTo(strangerTx);
        assertThat(state(t.jobId)).isEqualTo("released");
        assertThat(lockbox.find(java.util.UUID.fromString(t.jobId)).orElseThrow().txId()).isEqualTo(strangerTx);
        assertThat(rail.exact().settlements()).as("ours was broadcast only when it failed on chain")
                .isEqualTo(settlements + (oursFailsOnChain ? 1 : 0));
        assertThat(rail.balanceOf(payer.getPublicKeyBase58(), usdc)).isEqualTo(payerBefore.subtract(total));
        assertThat(rail.balanceOf(rail.exact().vault(), usdc).subtract(vaultBefore)).isEqualTo(total);

        X402Http.Reply again = paidRetry(payer, header);
        assertThat(again.status()).as(again.raw()).isEqualTo(200);
        assertThat(again.decoded("PAYMENT-RESPONSE")).isEqualTo(response);
        assertThat(rail.balanceOf(payer.getPublicKeyBase58(), usdc)).isEqualTo(payerBefore.subtract(total));
    }

    private record Trade(String jobId, X402Http.Reply reply, JsonNode required, JsonNode offer, Map<String, Object> body) {
    }

    private Account funded() {
        setUp();
        return rail.newFundedAccount(usdc, BigInteger.valueOf(1_000_000_000L));
    }

    private Map<String, Object> tradeBody(Account payer, String token) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("agent_config", Map.of("agent_name", "t"));
        body.put("task", "x");
        body.put("user_wallet", payer.getPublicKeyBase58());
        body.put("payment_token", token);
        return body;
    }

    private Trade trade(Account payer) {
        Map<String, Object> body = tradeBody(payer, "USDC");
        X402Http.Reply r = http.post("/v1/agent/trade", body, Map.of());
        assertThat(r.status()).as(r.raw()).isEqualTo(402);
        JsonNode required = r.decoded("PAYMENT-REQUIRED");
        return new Trade(r.body().path("job_id").asText(), r, required, required.path("accepts").path(0), body);
    }

    /** The stock client's retry: the SAME request, plus PAYMENT-SIGNATURE. */
    private X402Http.Reply paidRetry(Account payer, String header) {
        return http.post("/v1/agent/trade", tradeBody(payer, "USDC"), Map.of("PAYMENT-SIGNATURE", header));
    }

    private String paymentHeader(Account payer, Trade t, String nonce, String paymentId) {
        return header(payer, asMap(t.offer), t, nonce, paymentId);
    }

    private String header(Account payer, Map<String, Object> accepted, Trade t, String nonce, String paymentId) {
        Map<String, Object> payload = InMemoryRailExactScheme.sign(payer, (String) accepted.get("network"),
                (String) accepted.get("asset"), (String) accepted.get("payTo"), String.valueOf(accepted.get("amount")),
                nonce, validBefore());
        return envelope(accepted, payload, t, paymentId);
    }

    private String withPayload(Trade t, Map<String, Object> payload, String paymentId) {
        return envelope(asMap(t.offer), payload, t, paymentId);
    }

    private String envelope(Map<String, Object> accepted, Map<String, Object> payload, Trade t, String paymentId) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("x402Version", 2);
        p.put("payload", payload);
        p.put("resource", asMap(t.required.path("resource")));
        p.put("accepted", accepted);
        if (paymentId != null) {
            p.put("extensions", Map.of("payment-identifier", Map.of("info", Map.of("required", false, "id", paymentId))));
        }
        return X402Http.encode(p);
    }

    private void assertRefused(X402Http.Reply r, String reason, String why) {
        assertThat(r.status()).as(why + ": " + r.raw()).isEqualTo(402);
        JsonNode demand = r.decoded("PAYMENT-REQUIRED");
        assertThat(demand.path("x402Version").asInt()).as(why).isEqualTo(2);
        assertThat(demand.path("error").asText()).as(why).isEqualTo(reason);
        assertThat(demand.path("accepts")).as(why + ": a fresh demand").hasSize(1);
        assertThat(r.header("PAYMENT-RESPONSE")).as(why).isEmpty();
    }

    private String state(String jobId) {
        return http.get("/v1/agent/jobs/" + jobId, Map.of()).body().path("state").asText();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(JsonNode node) {
        return X402Http.JSON.convertValue(node, LinkedHashMap.class);
    }

    private static String nonce() {
        return HexFormat.of().formatHex(bytes(16));
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static long validBefore() {
        return System.currentTimeMillis() / 1000 + 300;
    }
}
