package dev.tollgate.chain.solana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.CustodialSigner;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.support.Poll;
import dev.tollgate.chain.transport.RpcTransportPolicy;
import dev.tollgate.chain.x402.ExactPayment;
import dev.tollgate.chain.x402.ExactRefusedException;
import dev.tollgate.chain.x402.ExactRequirement;
import dev.tollgate.chain.x402.SettlementSweeps;
import dev.tollgate.localnet.solana.SolanaNode;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.p2p.solanaj.core.Account;
import org.p2p.solanaj.core.PublicKey;
import org.p2p.solanaj.core.TransactionInstruction;
import org.p2p.solanaj.programs.SystemProgram;
import org.p2p.solanaj.utils.Base58;

/**
 * x402 {@code exact} on the local Solana node: x402's SVM rules refuse every tampered payload (nothing is sent), and
 * a payload made by the stock @x402/svm 2.27.0 client is verified, co-signed, lands in the settlement wallet and is
 * swept into exactly net and fee.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SolanaExactSchemeTest {
    /** A blockhash lives 150 slots of 100 ms: long enough for a Node.js client to start on a busy machine. */
    private static final SolanaNode.Options OPTIONS = new SolanaNode.Options(0, 100, 150, 8);
    private static final BigInteger NET = BigInteger.valueOf(950_000);
    private static final BigInteger FEE = BigInteger.valueOf(50_000);

    private static SolanaNode node;
    private static SolanaRail rail;
    private static SolanaExactScheme exact;
    private static ChainAsset usdc;
    private static Account feePayer;
    private static Account settlement;

    @BeforeAll
    static void start() throws Exception {
        node = SolanaNode.start(OPTIONS);
        usdc = SolanaNetworkConfig.usdcMint(node.createMint(6));
        feePayer = new Account();
        settlement = new Account();
        node.airdrop(feePayer.getPublicKeyBase58(), 10_000_000_000L);
        rail = ExactSvmFixtures.x402Rail(node, usdc, feePayer, settlement);
        exact = (SolanaExactScheme) rail.exactScheme().orElseThrow();
        exact.openSettlementAccount(usdc);
        Poll.until(() -> rail.balanceOf(settlement.getPublicKeyBase58(), usdc).signum() == 0
                && accountExists(ata(settlement.getPublicKeyBase58())) ? Boolean.TRUE : null, Poll.LIMIT);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    // ---- the requirement ----

    @Test
    void theRequirementAdvertisesDevnetAndPaysTheSettlementWalletWhenThereIsAFee() {
        PaymentIntent withFee = intent(new Account().getPublicKeyBase58(), FEE);
        ExactRequirement requirement = exact.requirement(withFee, 60);
        assertThat(exact.caip2()).isEqualTo("solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1");
        assertThat(requirement.network()).isEqualTo(exact.caip2());
        assertThat(requirement.payTo()).isEqualTo(settlement.getPublicKeyBase58());
        assertThat(requirement.amount()).isEqualTo(NET.add(FEE));
        assertThat(requirement.asset()).isEqualTo(usdc.address());
        assertThat(requirement.extra()).containsExactly(Map.entry("feePayer", feePayer.getPublicKeyBase58()),
                Map.entry("memo", withFee.memo()));

        PaymentIntent noFee = intent(new Account().getPublicKeyBase58(), BigInteger.ZERO);
        assertThat(exact.requirement(noFee, 60).payTo()).isEqualTo(noFee.payee());
        PaymentIntent sol = new PaymentIntent("j", rail.network(), SolanaNetworkConfig.SOL, null, noFee.payee(),
                noFee.payee(), NET, FEE, "ATP:j");
        assertThatThrownBy(() -> exact.requirement(sol, 60)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- refusals: x402's reason strings, nothing broadcast ----

    @Test
    void aCorrectPayloadVerifies() throws Exception {
        Client client = Client.funded();
        PaymentIntent intent = intent(new Account().getPublicKeyBase58(), FEE);
        ExactRequirement requirement = exact.requirement(intent, 60);
        ExactPayment payment = exact.verify(requirement, client.payload(requirement, UnaryOperator.identity()));
        assertThat(payment.payer()).isEqualTo(client.wallet.getPublicKeyBase58());
        assertThat(payment.paymentKey()).matches("[0-9a-f]{64}");
    }

    @Test
    void wrongAmountIsRefused() throws Exception {
        refusedWithAmount("invalid_exact_svm_payload_amount_mismatch", r -> r.amount().subtract(BigInteger.ONE));
        refusedWithAmount("invalid_exact_svm_payload_amount_mismatch", r -> r.amount().add(BigInteger.ONE));
    }

    @Test
    void wrongMintIsRefused() throws Exception {
        String otherMint = node.createMint(6);
        Client client = Client.funded();
        ExactRequirement requirement = exact.requirement(intent(new Account().getPublicKeyBase58(), FEE), 60);
        node.mintTo(otherMint, client.wallet.getPublicKeyBase58(), BigInteger.valueOf(5_000_000));
        assertRefused(requirement, client.payloadFor(requirement, ixs -> {
            ixs.set(2, client.transfer(new PublicKey(otherMint), new PublicKey(requirement.payTo()), requirement.amount()));
            return ixs;
        }), "invalid_exact_svm_payload_mint_mismatch");
    }

    @Test
    void wrongDestinationIsRefused() throws Exception {
        Client client = Client.funded();
        ExactRequirement requirement = exact.requirement(intent(new Account().getPublicKeyBase58(), FEE), 60);
        String thief = new Account().getPublicKeyBase58();
        assertRefused(requirement, client.payloadFor(requirement, ixs -> {
            ixs.set(2, client.transfer(new PublicKey(usdc.address()), new PublicKey(thief), requirement.amount()));
            return ixs;
        }), "invalid_exact_svm_payload_recipient_mismatch");
    }

    @Test
    void theFeePayerInAnyInstructionIsRefused() throws Exception {
        Client client = Client.funded();
        ExactRequirement requirement = exact.requirement(intent(new Account().getPublicKeyBase58(), FEE), 60);
        assertRefused(requirement, client.payloadFor(requirement, ixs -> {
            ixs.set(3, SolanaPaymentBuilder.memoV2(feePayer.getPublicKey(), requirement.extra().get("memo").toString()));
            return ixs;
        }), "invalid_exact_svm_payload_transaction_fee_payer_transferring_funds");
    }

    @Test
    void aTransactionPaidByAnotherFeePayerIsRefused() throws Exception {
        Client client = Client.funded();
        ExactRequirement requirement = exact.requirement(intent(new Account().getPublicKeyBase58(), FEE), 60);
        Map<String, Object> payload = client.signed(client.instructions(requirement), new Account());
        assertRefused(requirement, payload, "invalid_exact_svm_fee_payer_mismatch");
    }

    @Test
    void aHighComputePriceIsRefused() throws Exception {
        Client client = Client.funded();
        ExactRequirement requirement = exact.requirement(intent(new Account().getPublicKeyBase58(), FEE), 60);
        assertRefused(requirement, client.payloadFor(requirement, ixs -> {
            ixs.set(1, ExactSvmFixtures.computePrice(5_000_001));
            return ixs;
        }), "invalid_exact_svm_payload_transaction_instructions_compute_price_instruction_too_high");
    }

    @Test
    void anExtraInstructionIsRefused() throws Exception {
        Client client = Client.funded();
        ExactRequirement requirement = exact.requirement(intent(new Account().getPublicKeyBase58(), FEE), 60);
        assertRefused(requirement, client.payloadFor(requirement, ixs -> {
            ixs.add(SystemProgram.transfer(client.wallet.getPublicKey(), new Account().getPublicKey(), 1));
            return ixs;
        }), "invalid_exact_svm_payload_unknown_fifth_instruction");
    }

    @Test
    void aBadClientSignatureIsRefused() throws Exception {
        Client client = Client.funded();
        ExactRequirement requirement = exact.requirement(intent(new Account().getPublicKeyBase58(), FEE), 60);
        Map<String, Object> payload = client.payload(requirement, UnaryOperator.identity());
        byte[] wire = Base64.getDecoder().decode(payload.get("transaction").toString());
        wire[1 + 64 + 10] ^= 1; // a byte of the client's signature (slot 1)
        assertRefused(requirement, Map.of("transaction", Base64.getEncoder().encodeToString(wire)),
                "invalid_exact_svm_payload_signature_invalid");
    }

    @Test
    void aMissingMemoIsRefused() throws Exception {
        Client client = Client.funded();
        ExactRequirement requirement = exact.requirement(intent(new Account().getPublicKeyBase58(), FEE), 60);
        assertRefused(requirement, client.payloadFor(requirement, ixs -> {
            ixs.remove(3);
            return ixs;
        }), "invalid_exact_svm_payload_memo_count");
        // a Lighthouse instruction in the memo's place is allowed, but the memo is still missing
        assertRefused(requirement, client.payloadFor(requirement, ixs -> {
            ixs.set(3, new TransactionInstruction(new PublicKey(SolanaExactVerifier.LIGHTHOUSE), List.of(), new byte[] {0}));
            return ixs;
        }), "invalid_exact_svm_payload_memo_count");
        assertRefused(requirement, client.payloadFor(requirement, ixs -> {
            ixs.set(3, ExactSvmFixtures.memo("ATP:another-job"));
            return ixs;
        }), "invalid_exact_svm_payload_memo_mismatch");
    }

    @Test
    void garbageIsRefusedAsUndecodable() {
        ExactRequirement requirement = exact.requirement(intent(new Account().getPublicKeyBase58(), FEE), 60);
        for (Object tx : new Object[] {null, "", "!!!", "A".repeat(5_000), 12, Base64.getEncoder().encodeToString(new byte[] {1, 2, 3})}) {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("transaction", tx);
            assertRefused(requirement, payload, "invalid_exact_svm_payload_transaction_could_not_be_decoded");
        }
    }

    @Test
    void aPayloadThatWouldFailOnChainIsRefusedBySimulation() throws Exception {
        Client broke = Client.withBalance(BigInteger.valueOf(10)); // holds less than the amount
        ExactRequirement requirement = exact.requirement(intent(new Account().getPublicKeyBase58(), FEE), 60);
        assertRefused(requirement, broke.payload(requirement, UnaryOperator.identity()),
                "invalid_exact_svm_transaction_simulation_failed");
    }

    // ---- the stock @x402/svm client, end to end, then the sweep ----

    @Test
    void theStockClientsPaymentIsVerifiedCoSignedLandsInTheSettlementWalletAndIsSweptIntoNetAndFee() throws Exception {
        Client client = Client.funded();
        String agent = new Account().getPublicKeyBase58();
        String feeTreasury = new Account().getPublicKeyBase58();
        String jobId = UUID.randomUUID().toString();
        PaymentIntent intent = new PaymentIntent(jobId, rail.network(), usdc, null, agent, feeTreasury, NET, FEE,
                PaymentIntent.atpMemo(jobId));
        ExactRequirement requirement = exact.requirement(intent, 60);
        BigInteger settlementBefore = rail.balanceOf(settlement.getPublicKeyBase58(), usdc);
        BigInteger payerBefore = rail.balanceOf(client.wallet.getPublicKeyBase58(), usdc);
        long feePayerLamportsBefore = rail.balanceOf(feePayer.getPublicKeyBase58(), SolanaNetworkConfig.SOL).longValueExact();

        Map<String, Object> paymentPayload = stockClientPayload(requirement, client.wallet);
        assertThat(paymentPayload.get("x402Version")).isEqualTo(2);
        @SuppressWarnings("unchecked")
        Map<String, Object> payload = (Map<String, Object>) paymentPayload.get("payload");
        ExactPayment payment = exact.verify(requirement, payload);
        assertThat(payment.payer()).isEqualTo(client.wallet.getPublicKeyBase58());

        SignedPayment signed = exact.prepare(intent, payment);
        assertThat(signed.payer()).isEqualTo(client.wallet.getPublicKeyBase58());
        assertThat(exact.submit(signed)).isEqualTo(CustodialSigner.Submission.ACCEPTED);
        PaymentCheck landed = awaitFinal(() -> exact.check(
                intent, payment, signed.txId(), Commitment.CONFIRMED, signed.validUntil()));
        assertThat(landed.status()).isEqualTo(PaymentCheck.Status.VERIFIED);
        assertThat(landed.observed().payer()).isEqualTo(client.wallet.getPublicKeyBase58());
        assertThat(rail.balanceOf(settlement.getPublicKeyBase58(), usdc)).isEqualTo(settlementBefore.add(NET).add(FEE));
        assertThat(rail.balanceOf(client.wallet.getPublicKeyBase58(), usdc)).isEqualTo(payerBefore.subtract(NET).subtract(FEE));
        assertThat(rail.balanceOf(feePayer.getPublicKeyBase58(), SolanaNetworkConfig.SOL).longValueExact())
                .isLessThan(feePayerLamportsBefore); // the gateway paid the network fee
        assertThat(exact.submit(signed)).isEqualTo(CustodialSigner.Submission.ALREADY_KNOWN); // never twice

        PaymentIntent sweep = new PaymentIntent(intent.jobId(), rail.network(), usdc, exact.settlementWallet(), agent,
                feeTreasury, NET, FEE, SettlementSweeps.sweepMemo(intent.jobId()));
        SignedPayment sweepTx = exact.signSweep(sweep);
        exact.submitSweep(sweepTx);
        PaymentCheck swept = awaitFinal(() -> exact.checkSweep(sweep, sweepTx.txId(), Commitment.CONFIRMED, sweepTx.validUntil()));
        assertThat(swept.status()).isEqualTo(PaymentCheck.Status.VERIFIED);
        assertThat(rail.balanceOf(agent, usdc)).isEqualTo(NET);
        assertThat(rail.balanceOf(feeTreasury, usdc)).isEqualTo(FEE);
        assertThat(rail.balanceOf(settlement.getPublicKeyBase58(), usdc)).isEqualTo(settlementBefore);
    }

    @Test
    void withoutAFeeTheStockClientPaysTheAgentDirectly() throws Exception {
        Client client = Client.funded();
        String agent = new Account().getPublicKeyBase58();
        node.mintTo(usdc.address(), agent, BigInteger.ZERO); // the stock client never creates the recipient's account
        String jobId = UUID.randomUUID().toString();
        PaymentIntent intent = new PaymentIntent(jobId, rail.network(), usdc, null, agent, agent, NET, BigInteger.ZERO,
                PaymentIntent.atpMemo(jobId));
        ExactRequirement requirement = exact.requirement(intent, 60);
        @SuppressWarnings("unchecked")
        Map<String, Object> payload = (Map<String, Object>) stockClientPayload(requirement, client.wallet).get("payload");
        ExactPayment payment = exact.verify(requirement, payload);
        SignedPayment signed = exact.prepare(intent, payment);
        exact.submit(signed);
        PaymentCheck landed = awaitFinal(() -> exact.check(intent, payment, signed.txId(), Commitment.CONFIRMED, signed.validUntil()));
        assertThat(landed.status()).isEqualTo(PaymentCheck.Status.VERIFIED);
        assertThat(rail.balanceOf(agent, usdc)).isEqualTo(NET);
    }

    @Test
    void theStockClientPaysAToken2022MintUnderItsOwnProgram() throws Exception {
        ChainAsset pyusd = new ChainAsset("PYUSD", 6, node.createMint(6, SolanaNode.TOKEN_2022_PROGRAM),
                SolanaNode.TOKEN_2022_PROGRAM);
        SolanaRail token2022Rail = new SolanaRail(SolanaNetworkConfig.withTokens(rail.network(), node.rpcUrl(),
                List.of(pyusd), Duration.ofSeconds(5)), RpcTransportPolicy.forTimeout(Duration.ofSeconds(5)), null,
                SolanaExactConfig.fromKeys(null, Base58.encode(feePayer.getSecretKey()), Base58.encode(settlement.getSecretKey())));
        SolanaExactScheme scheme = (SolanaExactScheme) token2022Rail.exactScheme().orElseThrow();
        assertThat(scheme.caip2()).isEqualTo(rail.network().value()); // none configured: the rail's own id
        scheme.openSettlementAccount(pyusd);
        Account wallet = new Account();
        node.mintTo(pyusd.address(), wallet.getPublicKeyBase58(), BigInteger.valueOf(5_000_000));
        String jobId = UUID.randomUUID().toString();
        PaymentIntent intent = new PaymentIntent(jobId, rail.network(), pyusd, null, new Account().getPublicKeyBase58(),
                new Account().getPublicKeyBase58(), NET, FEE, PaymentIntent.atpMemo(jobId));
        // the stock client knows only the three public ids: advertise devnet's, as dev mode does
        SolanaExactScheme advertised = (SolanaExactScheme) new SolanaRail(SolanaNetworkConfig.withTokens(rail.network(),
                node.rpcUrl(), List.of(pyusd), Duration.ofSeconds(5)), RpcTransportPolicy.forTimeout(Duration.ofSeconds(5)),
                null, SolanaExactConfig.fromKeys(SolanaExactConfig.DEVNET, Base58.encode(feePayer.getSecretKey()),
                        Base58.encode(settlement.getSecretKey()))).exactScheme().orElseThrow();
        Poll.until(() -> accountExists(SolanaKeys.associatedTokenAccount(new PublicKey(settlement.getPublicKeyBase58()),
                new PublicKey(pyusd.address()), new PublicKey(SolanaNode.TOKEN_2022_PROGRAM)).toBase58()) ? Boolean.TRUE : null,
                Poll.LIMIT);
        ExactRequirement requirement = advertised.requirement(intent, 60);
        @SuppressWarnings("unchecked")
        Map<String, Object> payload = (Map<String, Object>) stockClientPayload(requirement, wallet).get("payload");
        ExactPayment payment = advertised.verify(requirement, payload);
        SignedPayment signed = advertised.prepare(intent, payment);
        advertised.submit(signed);
        assertThat(awaitFinal(() -> advertised.check(intent, payment, signed.txId(), Commitment.CONFIRMED,
                signed.validUntil())).status()).isEqualTo(PaymentCheck.Status.VERIFIED);
        assertThat(token2022Rail.balanceOf(wallet.getPublicKeyBase58(), pyusd))
                .isEqualTo(BigInteger.valueOf(5_000_000).subtract(NET).subtract(FEE));
    }

    @Test
    void aPaymentVerifiedForOneJobCannotBeCoSignedForAnother() throws Exception {
        Client client = Client.funded();
        PaymentIntent cheap = intent(new Account().getPublicKeyBase58(), FEE);
        ExactPayment payment = exact.verify(exact.requirement(cheap, 60), client.payload(exact.requirement(cheap, 60), UnaryOperator.identity()));
        PaymentIntent dear = new PaymentIntent(cheap.jobId(), rail.network(), usdc, null, cheap.payee(),
                cheap.feeRecipient(), NET.add(BigInteger.ONE), FEE, cheap.memo());
        assertThatThrownBy(() -> exact.prepare(dear, payment)).isInstanceOfSatisfying(ExactRefusedException.class,
                e -> assertThat(e.reason()).isEqualTo("invalid_exact_svm_payload_amount_mismatch"));
        String otherJob = UUID.randomUUID().toString();
        PaymentIntent another = new PaymentIntent(otherJob, rail.network(), usdc, null, cheap.payee(),
                cheap.feeRecipient(), NET, FEE, PaymentIntent.atpMemo(otherJob));
        assertThatThrownBy(() -> exact.prepare(another, payment)).isInstanceOfSatisfying(ExactRefusedException.class,
                e -> assertThat(e.reason()).isEqualTo("invalid_exact_svm_payload_memo_mismatch"));
        assertThat(exact.prepare(cheap, payment).txId()).isNotBlank(); // its own job co-signs (never sent here)
    }

    // ---- helpers ----

    private static void refusedWithAmount(String reason, java.util.function.Function<ExactRequirement, BigInteger> amount) throws Exception {
        Client client = Client.funded();
        ExactRequirement requirement = exact.requirement(intent(new Account().getPublicKeyBase58(), FEE), 60);
        assertRefused(requirement, client.payloadFor(requirement, ixs -> {
            ixs.set(2, client.transfer(new PublicKey(usdc.address()), new PublicKey(requirement.payTo()), amount.apply(requirement)));
            return ixs;
        }), reason);
    }

    private static void assertRefused(ExactRequirement requirement, Map<String, Object> payload, String reason) {
        long before = transactionCount();
        assertThatThrownBy(() -> exact.verify(requirement, payload))
                .isInstanceOfSatisfying(ExactRefusedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
        assertThat(transactionCount()).isEqualTo(before); // refused payloads are never broadcast
    }

    private static long transactionCount() {
        return node.rpc().call("getTransactionCount").asLong();
    }

    private static PaymentCheck awaitFinal(java.util.function.Supplier<PaymentCheck> check) throws InterruptedException {
        PaymentCheck[] last = new PaymentCheck[1];
        try {
            return Poll.until(() -> {
                last[0] = check.get();
                return last[0].isFinal() ? last[0] : null;
            }, Poll.LIMIT);
        } catch (AssertionError stillPending) {
            return last[0];
        }
    }

    private static PaymentIntent intent(String payee, BigInteger fee) {
        String jobId = UUID.randomUUID().toString();
        return new PaymentIntent(jobId, rail.network(), usdc, null, payee, new Account().getPublicKeyBase58(), NET, fee,
                PaymentIntent.atpMemo(jobId));
    }

    private static String ata(String owner) {
        return SolanaKeys.associatedTokenAccount(new PublicKey(owner), new PublicKey(usdc.address())).toBase58();
    }

    private static boolean accountExists(String address) {
        return !node.rpc().call("getAccountInfo", address, Map.of("encoding", "base64")).path("value").isNull();
    }

    /** A payer wallet that builds what the stock client builds (legacy message; the rules are the same). */
    private record Client(Account wallet) {
        static Client funded() {
            return withBalance(BigInteger.valueOf(5_000_000));
        }

        static Client withBalance(BigInteger units) {
            Account wallet = new Account();
            node.mintTo(usdc.address(), wallet.getPublicKeyBase58(), units);
            return new Client(wallet);
        }

        TransactionInstruction transfer(PublicKey mint, PublicKey payTo, BigInteger amount) {
            return ExactSvmFixtures.transfer(wallet, mint, payTo, amount);
        }

        List<TransactionInstruction> instructions(ExactRequirement requirement) {
            List<TransactionInstruction> ixs = new ArrayList<>();
            ixs.add(ExactSvmFixtures.computeLimit(20_000));
            ixs.add(ExactSvmFixtures.computePrice(1));
            ixs.add(transfer(new PublicKey(requirement.asset()), new PublicKey(requirement.payTo()), requirement.amount()));
            ixs.add(ExactSvmFixtures.memo(requirement.extra().get("memo").toString()));
            return ixs;
        }

        Map<String, Object> payload(ExactRequirement requirement, UnaryOperator<List<TransactionInstruction>> edit) {
            return payloadFor(requirement, edit);
        }

        Map<String, Object> payloadFor(ExactRequirement requirement, UnaryOperator<List<TransactionInstruction>> edit) {
            return signed(edit.apply(instructions(requirement)), feePayer);
        }

        /** Signed by this wallet; the fee payer's slot (0) left empty, as the stock client leaves it. */
        Map<String, Object> signed(List<TransactionInstruction> ixs, Account payingFees) {
            return ExactSvmFixtures.signedByWallet(node, ixs, payingFees, wallet);
        }
    }

    /** The stock x402 client's PaymentPayload for {@code requirement}, offered by a trade. */
    private static Map<String, Object> stockClientPayload(ExactRequirement requirement, Account payer) throws Exception {
        return ExactSvmFixtures.stockClientPayload(node, requirement, payer, "http://127.0.0.1/v1/agent/trade");
    }
}
