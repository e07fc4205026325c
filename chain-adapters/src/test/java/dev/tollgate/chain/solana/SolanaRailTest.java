package dev.tollgate.chain.solana;

import dev.tollgate.chain.support.Poll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.PayerSecret;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.RailUnavailableException;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.VerificationCode;
import dev.tollgate.chain.support.Messages;
import dev.tollgate.chain.support.ScriptedRpcNode;
import dev.tollgate.chain.support.TricklingServer;
import dev.tollgate.localnet.solana.SolanaNode;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.p2p.solanaj.core.Account;
import org.p2p.solanaj.core.TransactionInstruction;
import org.p2p.solanaj.programs.MemoProgram;
import org.p2p.solanaj.utils.Base58;

/** What the conformance suite cannot say generically: finality of verdicts, invalid params, memo programs, RPC limits. */
class SolanaRailTest {
    /** Finality takes 30 slots (3 s) here, so "seen but not final" lasts long enough to be observed reliably. */
    private static final SolanaNode.Options SLOW_FINALITY = new SolanaNode.Options(0, 100, 40, 30);
    private static final long DROP_MARGIN = 20;
    private static final BigInteger NET = BigInteger.valueOf(2_000_000);
    private static final BigInteger FEE = BigInteger.valueOf(100_000);

    private static SolanaNode node;
    private static SolanaRail rail;
    private static ChainAsset usdc;

    @BeforeAll
    static void start() {
        node = SolanaNode.start(SLOW_FINALITY);
        usdc = SolanaNetworkConfig.usdcMint(node.createMint(6));
        rail = new SolanaRail(new SolanaNetworkConfig(NetworkId.of(node.caip2()), node.rpcUrl(), usdc,
                Duration.ofSeconds(5), DROP_MARGIN));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    // ---- issue 7 item 4: fallback URLs for reads, a send goes to one node once ----

    @Test
    void aDeadPrimaryFallsBackToTheLiveNodeForReads() {
        Account payer = fundedPayer(BigInteger.valueOf(1_000_000));
        SolanaRail failingOver = new SolanaRail(new SolanaNetworkConfig(rail.network(),
                java.net.URI.create("http://127.0.0.1:1/v2/sekrit"), usdc, Duration.ofSeconds(5), DROP_MARGIN,
                List.of(node.rpcUrl())));
        assertThat(failingOver.balanceOf(payer.getPublicKeyBase58(), usdc)).isEqualTo(BigInteger.valueOf(1_000_000));
        assertThat(failingOver.balanceOf(payer.getPublicKeyBase58(), SolanaNetworkConfig.SOL))
                .isEqualTo(rail.balanceOf(payer.getPublicKeyBase58(), SolanaNetworkConfig.SOL));
    }

    @Test
    void aSendIsNeverRepeatedNorSentToAFallback() throws Exception {
        Account payer = fundedPayer(BigInteger.valueOf(3_000_000));
        try (ScriptedRpcNode primary = ScriptedRpcNode.forwarding("primary", node.rpcUrl());
             ScriptedRpcNode fallback = ScriptedRpcNode.forwarding("fallback", node.rpcUrl());
             PayerSecret secret = rail.parseSecret(Base58.encode(payer.getSecretKey()))) {
            primary.failOn("sendTransaction");
            SolanaRail failingOver = new SolanaRail(new SolanaNetworkConfig(rail.network(), primary.url(), usdc,
                    Duration.ofSeconds(5), DROP_MARGIN, List.of(fallback.url())));
            PaymentIntent intent = intent(usdc, payer.getPublicKeyBase58());
            SignedPayment payment = failingOver.signPayment(intent, secret);
            assertThatThrownBy(() -> failingOver.submit(payment, false))
                    .isInstanceOf(RailUnavailableException.class)
                    .hasMessageContaining("never repeated")
                    .hasMessageNotContaining("sekrit");
            assertThat(primary.hits("sendTransaction")).isEqualTo(1);
            assertThat(fallback.hits("sendTransaction")).isZero();
            assertThat(failingOver.checkPayment(intent, payment.txId(), Commitment.CONFIRMED, payment.validUntil()).code())
                    .isEqualTo(VerificationCode.TX_NOT_FOUND); // it never reached the chain, and nothing re-sent it
        }
    }

    // ---- item 3: invalid params are a verdict, never an outage ----

    @Test
    void whatTheNodeRefusesAsInvalidParamsIsRejectedNotUnavailable() {
        PaymentIntent intent = intent(SolanaNetworkConfig.SOL, null);
        String evmHash = "0x" + "ab".repeat(32);
        PaymentCheck check = rail.lookUp(intent, evmHash, Commitment.CONFIRMED, -1); // past our own form check
        assertThat(check.status()).isEqualTo(PaymentCheck.Status.REJECTED);
        assertThat(check.code()).isEqualTo(VerificationCode.INVALID_TX_ID);
        assertThat(check.code().wireName()).isEqualTo("invalid_tx_id");
    }

    @Test
    void malformedTxIdsAreRejectedWithoutAskingTheNode() {
        SolanaRail unreachable = new SolanaRail(new SolanaNetworkConfig(rail.network(),
                java.net.URI.create("http://127.0.0.1:1"), usdc, Duration.ofSeconds(2)));
        PaymentIntent intent = intent(SolanaNetworkConfig.SOL, null);
        for (String txId : new String[] {"0x" + "ab".repeat(32), "", "9".repeat(1_000_000), Base58.encode(new byte[32])}) {
            PaymentCheck check = unreachable.checkPayment(intent, txId, Commitment.CONFIRMED, -1);
            assertThat(check.status()).isEqualTo(PaymentCheck.Status.REJECTED);
            assertThat(check.code()).isEqualTo(VerificationCode.INVALID_TX_ID);
        }
    }

    // ---- item 9: verdicts only at the required commitment ----

    /** A USDC payment that lands but fails on chain: the payer's tokens were spent by an earlier payment. */
    @Test
    void aFailedTransactionIsPendingUntilItReachesTheRequiredCommitmentThenRejected() throws Exception {
        Account payer = fundedPayer(BigInteger.valueOf(3_000_000));
        try (PayerSecret secret = rail.parseSecret(Base58.encode(payer.getSecretKey()))) {
            PaymentIntent first = intent(usdc, payer.getPublicKeyBase58());
            PaymentIntent second = intent(usdc, payer.getPublicKeyBase58());
            SignedPayment spends = rail.signPayment(first, secret);
            SignedPayment fails = rail.signPayment(second, secret); // funds were there when it was signed
            rail.submit(spends, false);
            rail.submit(fails, true); // no preflight: it lands and fails (insufficient funds)

            List<PaymentCheck> whileNotFinal = new ArrayList<>();
            PaymentCheck verdict = pollUntil(() -> {
                String before = confirmationStatus(fails.txId());
                PaymentCheck check = rail.checkPayment(second, fails.txId(), Commitment.FINALIZED, fails.validUntil());
                String after = confirmationStatus(fails.txId());
                if (before != null && !"finalized".equals(after)) {
                    whileNotFinal.add(check); // the node said "landed, not final" before and after this check
                }
                return check.isFinal() ? check : null;
            }, Duration.ofSeconds(30));

            assertThat(whileNotFinal).as("checks while the failed transaction was landed but not finalized").isNotEmpty()
                    .allSatisfy(c -> {
                        assertThat(c.status()).isEqualTo(PaymentCheck.Status.PENDING);
                        assertThat(c.code()).isEqualTo(VerificationCode.NOT_FINAL);
                    });
            assertThat(verdict.status()).isEqualTo(PaymentCheck.Status.REJECTED);
            assertThat(verdict.code()).isEqualTo(VerificationCode.TX_FAILED);
            assertThat(statusErr(fails.txId())).isNotNull();
        }
    }

    @Test
    void anUnseenPaymentIsDroppedOnlyOnceTheFinalizedHeightIsPastItsValidityByTheMargin() throws Exception {
        Account payer = fundedPayer(BigInteger.ZERO);
        try (PayerSecret secret = rail.parseSecret(Base58.encode(payer.getSecretKey()))) {
            PaymentIntent intent = intent(SolanaNetworkConfig.SOL, payer.getPublicKeyBase58());
            SignedPayment never = rail.signPayment(intent, secret); // signed, never sent
            long validUntil = never.validUntil();

            List<PaymentCheck> beforeMargin = new ArrayList<>();
            boolean[] sawExpiredButNotFinal = {false};
            PaymentCheck verdict = pollUntil(() -> {
                long processedBefore = height("processed");
                PaymentCheck check = rail.checkPayment(intent, never.txId(), Commitment.CONFIRMED, validUntil);
                long finalizedAfter = height("finalized");
                if (finalizedAfter <= validUntil + DROP_MARGIN) {
                    beforeMargin.add(check);
                    sawExpiredButNotFinal[0] |= processedBefore > validUntil;
                }
                return check.isFinal() ? check : null;
            }, Duration.ofSeconds(60));

            assertThat(sawExpiredButNotFinal[0]).as("checked after the blockhash expired, before finality + margin").isTrue();
            assertThat(beforeMargin).isNotEmpty().allSatisfy(c -> {
                assertThat(c.status()).isEqualTo(PaymentCheck.Status.PENDING);
                assertThat(c.code()).isEqualTo(VerificationCode.TX_NOT_FOUND);
            });
            assertThat(verdict.status()).isEqualTo(PaymentCheck.Status.DROPPED);
            assertThat(height("finalized")).isGreaterThan(validUntil + DROP_MARGIN);
        }
    }

    // ---- item 14: Memo v2 written, v1 and v2 accepted ----

    @Test
    void paymentsCarryTheirMemoWithMemoV2AndInstructionsListItFirst() throws Exception {
        Account payer = fundedPayer(BigInteger.ZERO);
        try (PayerSecret secret = rail.parseSecret(Base58.encode(payer.getSecretKey()))) {
            PaymentIntent intent = intent(SolanaNetworkConfig.SOL, payer.getPublicKeyBase58());
            assertThat(rail.paymentInstructions(intent).get("memo_programs")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                    .containsExactly(SolanaPrograms.MEMO_V2.toBase58(), SolanaPrograms.MEMO_V1.toBase58());
            SignedPayment payment = rail.signPayment(intent, secret);
            rail.submit(payment, false);
            assertThat(awaitFinal(intent, payment.txId()).status()).isEqualTo(PaymentCheck.Status.VERIFIED);
            assertThat(memoPrograms(payment.txId())).containsExactly(SolanaPrograms.MEMO_V2.toBase58());
        }
    }

    @Test
    void aPaymentWithAMemoV1IsStillAccepted() throws Exception {
        Account payer = fundedPayer(BigInteger.ZERO);
        PaymentIntent intent = intent(SolanaNetworkConfig.SOL, payer.getPublicKeyBase58());
        List<TransactionInstruction> ixs = new ArrayList<>(SolanaPaymentBuilder.instructions(intent, payer.getPublicKey()));
        ixs.set(ixs.size() - 1, MemoProgram.writeUtf8(payer.getPublicKey(), intent.memo()));
        String blockhash = node.rpc().call("getLatestBlockhash", Map.of("commitment", "confirmed")).path("value").path("blockhash").asText();
        byte[] wire = SolanaPaymentBuilder.sign(ixs, blockhash, payer);
        node.rpc().call("sendTransaction", Base64.getEncoder().encodeToString(wire), Map.of("encoding", "base64"));
        String txId = SolanaPaymentBuilder.signatureOf(wire);

        assertThat(awaitFinal(intent, txId).status()).isEqualTo(PaymentCheck.Status.VERIFIED);
        assertThat(memoPrograms(txId)).containsExactly(SolanaPrograms.MEMO_V1.toBase58());
    }

    // ---- item 14: total RPC deadline, body cap, no URLs in messages ----

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // hang guard only
    void aNodeTricklingItsBodyIsUnavailableWithinTheDeadline() {
        try (TricklingServer trickle = new TricklingServer(TricklingServer.Mode.TRICKLE)) {
            SolanaRail slow = new SolanaRail(new SolanaNetworkConfig(rail.network(), trickle.url("sekrit-api-key"), usdc,
                    Duration.ofSeconds(1)));
            long start = System.nanoTime();
            assertThatThrownBy(() -> slow.checkPayment(intent(SolanaNetworkConfig.SOL, null), sampleTxId(),
                    Commitment.CONFIRMED, -1))
                    .isInstanceOf(RailUnavailableException.class)
                    .satisfies(e -> assertThat(Messages.ofChain(e)).doesNotContain("sekrit").doesNotContain("127.0.0.1"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // hang guard only
    void anOversizedAnswerIsUnavailable() {
        try (TricklingServer huge = new TricklingServer(TricklingServer.Mode.HUGE)) {
            SolanaRail flooded = new SolanaRail(new SolanaNetworkConfig(rail.network(), huge.url("sekrit-api-key"), usdc,
                    Duration.ofSeconds(20)));
            assertThatThrownBy(() -> flooded.balanceOf(node.rpc().call("getGenesisHash").asText(), SolanaNetworkConfig.SOL))
                    .isInstanceOf(RailUnavailableException.class)
                    .satisfies(e -> assertThat(Messages.ofChain(e)).doesNotContain("sekrit"));
        }
    }

    @Test
    void anUnreachableNodesMessagesCarryNoUrl() {
        SolanaRail unreachable = new SolanaRail(new SolanaNetworkConfig(rail.network(),
                java.net.URI.create("http://127.0.0.1:1/v2/sekrit-api-key"), usdc, Duration.ofSeconds(2)));
        assertThatThrownBy(() -> unreachable.checkPayment(intent(SolanaNetworkConfig.SOL, null), sampleTxId(),
                Commitment.CONFIRMED, -1))
                .isInstanceOf(RailUnavailableException.class)
                .satisfies(e -> assertThat(Messages.ofChain(e)).doesNotContain("sekrit").doesNotContain("127.0.0.1"));
    }

    // ---- helpers ----

    private static Account fundedPayer(BigInteger usdcUnits) {
        Account payer = new Account();
        node.airdrop(payer.getPublicKeyBase58(), 10_000_000_000L);
        if (usdcUnits.signum() > 0) {
            node.mintTo(usdc.address(), payer.getPublicKeyBase58(), usdcUnits);
        }
        return payer;
    }

    private static PaymentIntent intent(ChainAsset asset, String payer) {
        String jobId = UUID.randomUUID().toString();
        String payee = new Account().getPublicKeyBase58();
        String feeRecipient = new Account().getPublicKeyBase58();
        node.airdrop(payee, 890_880);
        node.airdrop(feeRecipient, 890_880);
        return new PaymentIntent(jobId, rail.network(), asset, payer, payee, feeRecipient, NET, FEE, PaymentIntent.atpMemo(jobId));
    }

    private static String sampleTxId() {
        byte[] signature = new byte[64];
        new java.security.SecureRandom().nextBytes(signature);
        return Base58.encode(signature);
    }

    private static PaymentCheck awaitFinal(PaymentIntent intent, String txId) throws InterruptedException {
        return pollUntil(() -> {
            PaymentCheck check = rail.checkPayment(intent, txId, Commitment.CONFIRMED, -1);
            return check.isFinal() ? check : null;
        }, Duration.ofSeconds(20));
    }

    private static <T> T pollUntil(Supplier<T> probe, Duration limit) throws InterruptedException {
        return Poll.until(probe, limit);
    }

    private static JsonNode status(String txId) {
        return node.rpc().call("getSignatureStatuses", List.of(txId), Map.of("searchTransactionHistory", true))
                .path("value").path(0);
    }

    private static String confirmationStatus(String txId) {
        JsonNode status = status(txId);
        return status.isNull() || status.isMissingNode() ? null : status.path("confirmationStatus").asText();
    }

    private static JsonNode statusErr(String txId) {
        JsonNode err = status(txId).path("err");
        return err.isNull() || err.isMissingNode() ? null : err;
    }

    private static long height(String commitment) {
        return node.rpc().call("getBlockHeight", Map.of("commitment", commitment)).asLong();
    }

    private static List<String> memoPrograms(String txId) {
        JsonNode tx = node.rpc().call("getTransaction", txId, Map.of("encoding", "json", "commitment", "confirmed"));
        List<String> keys = new ArrayList<>();
        tx.path("transaction").path("message").path("accountKeys").forEach(k -> keys.add(k.asText()));
        List<String> memos = new ArrayList<>();
        for (JsonNode ix : tx.path("transaction").path("message").path("instructions")) {
            String program = keys.get(ix.path("programIdIndex").asInt());
            if (program.startsWith("Memo")) {
                memos.add(program);
            }
        }
        return memos;
    }
}
