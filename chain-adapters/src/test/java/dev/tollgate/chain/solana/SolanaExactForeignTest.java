package dev.tollgate.chain.solana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.CustodialSigner;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.VerificationCode;
import dev.tollgate.chain.support.Poll;
import dev.tollgate.chain.transport.RpcTransportPolicy;
import dev.tollgate.chain.x402.ExactPayment;
import dev.tollgate.chain.x402.ExactRefusedException;
import dev.tollgate.chain.x402.ExactRequirement;
import dev.tollgate.localnet.solana.SolanaNode;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.p2p.solanaj.core.Account;
import org.p2p.solanaj.core.PublicKey;
import org.p2p.solanaj.core.TransactionInstruction;
import org.p2p.solanaj.utils.Base58;

/**
 * The facilitator side of x402 {@code exact} on the local Solana node: requirements made by another resource server
 * (a plain {@code payTo}, its own memo or none). What the rail will not settle is refused with x402's reasons; a
 * stock @x402/svm payload is verified, co-signed and lands paying exactly the amount to ATA(payTo); tampered
 * payloads are refused unsent; the look at a landed transaction accepts only exactly this transfer.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SolanaExactForeignTest {
    /** A blockhash lives 150 slots of 100 ms: long enough for a Node.js client to start on a busy machine. */
    private static final SolanaNode.Options OPTIONS = new SolanaNode.Options(0, 100, 150, 8);
    private static final BigInteger AMOUNT = BigInteger.valueOf(420_001);

    private static SolanaNode node;
    private static SolanaRail rail;
    private static SolanaExactScheme exact;
    private static ChainAsset usdc;
    private static Account feePayer;
    private static Account settlement;

    @BeforeAll
    static void start() {
        node = SolanaNode.start(OPTIONS);
        usdc = SolanaNetworkConfig.usdcMint(node.createMint(6));
        feePayer = new Account();
        settlement = new Account();
        node.airdrop(feePayer.getPublicKeyBase58(), 10_000_000_000L);
        rail = ExactSvmFixtures.x402Rail(node, usdc, feePayer, settlement);
        exact = (SolanaExactScheme) rail.exactScheme().orElseThrow();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void refusesForeignRequirementsItCannotSettleWithX402Reasons() {
        ExactRequirement good = foreign(new Account().getPublicKeyBase58(), null);
        assertThat(exact.refuseForeign(good)).isEmpty();
        assertThat(exact.refuseForeign(foreign(good.payTo(), "order-42"))).isEmpty();

        assertRefusal(with(good, node.caip2(), good.asset(), good.payTo(), AMOUNT, good.extra()), "invalid_network");
        assertRefusal(with(good, good.network(), new Account().getPublicKeyBase58(), good.payTo(), AMOUNT, good.extra()),
                "invalid_payment_requirements");
        assertRefusal(with(good, good.network(), good.asset(), "not-an-address", AMOUNT, good.extra()),
                "invalid_payment_requirements");
        assertRefusal(with(good, good.network(), good.asset(), feePayer.getPublicKeyBase58(), AMOUNT, good.extra()),
                "invalid_payment_requirements");
        assertRefusal(with(good, good.network(), good.asset(), settlement.getPublicKeyBase58(), AMOUNT, good.extra()),
                "invalid_payment_requirements");
        assertRefusal(with(good, good.network(), good.asset(), good.payTo(), BigInteger.ZERO, good.extra()),
                "invalid_payment_requirements");
        assertRefusal(with(good, good.network(), good.asset(), good.payTo(), BigInteger.ONE.shiftLeft(64), good.extra()),
                "invalid_payment_requirements");
        assertRefusal(with(good, good.network(), good.asset(), good.payTo(), AMOUNT,
                Map.of("feePayer", new Account().getPublicKeyBase58())), "invalid_exact_svm_fee_payer_not_managed_by_facilitator");
        assertRefusal(with(good, good.network(), good.asset(), good.payTo(), AMOUNT, Map.of()),
                "invalid_exact_svm_fee_payer_not_managed_by_facilitator");
        assertRefusal(foreign(good.payTo(), "x".repeat(257)), "invalid_payment_requirements");
    }

    @Test
    void aStockClientsPaymentWithoutAMemoIsCoSignedAndPaysPayToExactlyOnce() throws Exception {
        Account payer = funded();
        String payTo = recipientWithTokenAccount();
        ExactRequirement requirement = foreign(payTo, null);
        ExactPayment payment = exact.verify(requirement, stockClientPayload(requirement, payer));
        assertThat(payment.payer()).isEqualTo(payer.getPublicKeyBase58());
        BigInteger payerBefore = rail.balanceOf(payer.getPublicKeyBase58(), usdc);

        SignedPayment signed = exact.prepareTransfer(payment);
        assertThat(exact.submit(signed)).isEqualTo(CustodialSigner.Submission.ACCEPTED);
        PaymentCheck landed = finalCheck(payment, signed);
        assertThat(landed.status()).isEqualTo(PaymentCheck.Status.VERIFIED);
        assertThat(landed.observed().toPayee()).isEqualTo(AMOUNT);
        assertThat(rail.balanceOf(payTo, usdc)).isEqualTo(AMOUNT);
        assertThat(payerBefore.subtract(rail.balanceOf(payer.getPublicKeyBase58(), usdc))).isEqualTo(AMOUNT);
        assertThat(rail.balanceOf(settlement.getPublicKeyBase58(), usdc)).as("nothing passes through the gateway").isZero();
        assertThat(exact.submit(signed)).isEqualTo(CustodialSigner.Submission.ALREADY_KNOWN); // never twice
        assertThat(rail.balanceOf(payTo, usdc)).isEqualTo(AMOUNT);

        // the same landed transaction judged as another payment: another recipient, amount, payer
        assertThat(check(new ExactPayment(foreign(new Account().getPublicKeyBase58(), null), payment.payer(), "k",
                payment.payload()), signed).code()).isEqualTo(VerificationCode.WRONG_RECIPIENT);
        assertThat(check(new ExactPayment(with(requirement, requirement.network(), requirement.asset(), payTo,
                AMOUNT.add(BigInteger.ONE), requirement.extra()), payment.payer(), "k", payment.payload()), signed).code())
                .isEqualTo(VerificationCode.AMOUNT_MISMATCH);
        assertThat(check(new ExactPayment(requirement, new Account().getPublicKeyBase58(), "k", payment.payload()), signed)
                .code()).isEqualTo(VerificationCode.WRONG_PAYER);
    }

    @Test
    void aForeignMemoMustBeTheOneMemoOfThePayment() throws Exception {
        Account payer = funded();
        String payTo = recipientWithTokenAccount();
        ExactRequirement requirement = foreign(payTo, "order-42");
        ExactPayment payment = exact.verify(requirement, stockClientPayload(requirement, payer));
        SignedPayment signed = exact.prepareTransfer(payment);
        exact.submit(signed);
        assertThat(finalCheck(payment, signed).status()).isEqualTo(PaymentCheck.Status.VERIFIED);
        assertThat(rail.balanceOf(payTo, usdc)).isEqualTo(AMOUNT);

        long before = transactionCount();
        assertPrepareRefused(requirement, signedByWallet(payer, requirement, AMOUNT, "order-43"),
                "invalid_exact_svm_payload_memo_mismatch");
        assertPrepareRefused(requirement, signedByWallet(payer, requirement, AMOUNT, null),
                "invalid_exact_svm_payload_memo_count");
        assertThat(transactionCount()).as("refused payloads are never broadcast").isEqualTo(before);
    }

    @Test
    void tamperedOrFailingPayloadsAreRefusedUnsent() throws Exception {
        Account payer = funded();
        String payTo = recipientWithTokenAccount();
        ExactRequirement requirement = foreign(payTo, null);
        long before = transactionCount();
        assertPrepareRefused(requirement, signedByWallet(payer, requirement, AMOUNT.subtract(BigInteger.ONE), null),
                "invalid_exact_svm_payload_amount_mismatch");
        ExactRequirement elsewhere = foreign(new Account().getPublicKeyBase58(), null);
        assertPrepareRefused(requirement, signedByWallet(payer, elsewhere, AMOUNT, null),
                "invalid_exact_svm_payload_recipient_mismatch");
        // payTo has no token account (the stock client never creates one): simulation refuses it
        assertPrepareRefused(elsewhere, signedByWallet(payer, elsewhere, AMOUNT, null),
                "invalid_exact_svm_transaction_simulation_failed");
        // the payload is fine, but the requirement names another fee payer: refused before anything is checked
        ExactRequirement otherFeePayer = with(requirement, requirement.network(), requirement.asset(), payTo, AMOUNT,
                Map.of("feePayer", new Account().getPublicKeyBase58()));
        assertPrepareRefused(otherFeePayer, signedByWallet(payer, requirement, AMOUNT, null),
                "invalid_exact_svm_fee_payer_not_managed_by_facilitator");
        assertThat(transactionCount()).isEqualTo(before);
        assertThat(rail.balanceOf(payTo, usdc)).isZero();
    }

    @Test
    void theFeesAFacilitatorPaysForAnyoneComeOutOfTheSponsorsBudget() throws Exception {
        java.util.concurrent.atomic.AtomicReference<BigInteger> left = new java.util.concurrent.atomic.AtomicReference<>(BigInteger.ZERO);
        List<String> reservedFor = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.tollgate.chain.SpendBudget budget = new dev.tollgate.chain.SpendBudget() {
            @Override
            public boolean tryReserve(String network, String payer, BigInteger units) {
                if (left.get().compareTo(units) < 0) {
                    return false;
                }
                left.updateAndGet(l -> l.subtract(units));
                reservedFor.add(network + " " + payer + " " + units);
                return true;
            }

            @Override
            public void release(String network, String payer, BigInteger units) {
                left.updateAndGet(l -> l.add(units));
            }
        };
        try (SolanaSponsor sponsor = new SolanaSponsor(SolanaKeys.parse(Base58.encode(feePayer.getSecretKey())), budget)) {
            spendOnlyWithinBudget(left, reservedFor, sponsor);
        }
    }

    private static void spendOnlyWithinBudget(java.util.concurrent.atomic.AtomicReference<BigInteger> left,
                                              List<String> reservedFor, SolanaSponsor sponsor) throws Exception {
        SolanaRail sponsored = new SolanaRail(new SolanaNetworkConfig(rail.network(), node.rpcUrl(), usdc, Duration.ofSeconds(5)),
                RpcTransportPolicy.forTimeout(Duration.ofSeconds(5)), null, ComputeBudgetCaps.DEFAULT, sponsor,
                SolanaExactConfig.fromKeys(SolanaExactConfig.DEVNET, Base58.encode(feePayer.getSecretKey()),
                        Base58.encode(settlement.getSecretKey())));
        SolanaExactScheme scheme = (SolanaExactScheme) sponsored.exactScheme().orElseThrow();
        Account payer = funded();
        String payTo = recipientWithTokenAccount();
        ExactRequirement requirement = foreign(payTo, null);
        Map<String, Object> payload = signedByWallet(payer, requirement, AMOUNT, "x");
        ExactPayment payment = scheme.verify(requirement, payload);

        ExactRefusedException spent = catchThrowableOfType(ExactRefusedException.class, () -> scheme.prepareTransfer(payment));
        assertThat(spent).isNotNull();
        assertThat(spent.reason()).isEqualTo("sponsor_budget_exceeded");

        left.set(BigInteger.valueOf(1_000_000));
        SignedPayment signed = scheme.prepareTransfer(payment);
        // two signatures of 5,000 lamports and 20,000 compute units at 1 micro-lamport (0.02 lamports, rounded up)
        assertThat(reservedFor).containsExactly(rail.network().value() + " " + payer.getPublicKeyBase58() + " 10001");
        assertThat(left.get()).isEqualTo(BigInteger.valueOf(1_000_000 - 10_001));
        scheme.submit(signed);
        assertThat(Poll.until(() -> {
            PaymentCheck c = scheme.checkTransfer(payment, signed.txId(), Commitment.CONFIRMED, signed.validUntil());
            return c.isFinal() ? c : null;
        }, Poll.LIMIT).status()).isEqualTo(PaymentCheck.Status.VERIFIED);
        assertThat(left.get()).as("a sent settlement's fee stays spent").isEqualTo(BigInteger.valueOf(1_000_000 - 10_001));
        assertThat(rail.balanceOf(payTo, usdc)).isEqualTo(AMOUNT);
    }

    // ---- helpers ----

    private static ExactRequirement foreign(String payTo, String memo) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("feePayer", feePayer.getPublicKeyBase58());
        if (memo != null) {
            extra.put("memo", memo);
        }
        return new ExactRequirement(exact.caip2(), usdc.address(), payTo, AMOUNT, 60, extra);
    }

    private static ExactRequirement with(ExactRequirement r, String network, String asset, String payTo, BigInteger amount,
                                         Map<String, Object> extra) {
        return new ExactRequirement(network, asset, payTo, amount, r.maxTimeoutSeconds(), extra);
    }

    private static void assertRefusal(ExactRequirement requirement, String reason) {
        assertThat(exact.refuseForeign(requirement)).as(reason).isEqualTo(Optional.of(reason));
    }

    private static void assertPrepareRefused(ExactRequirement requirement, Map<String, Object> payload, String reason) {
        ExactRefusedException refused = catchThrowableOfType(ExactRefusedException.class,
                () -> exact.prepareTransfer(new ExactPayment(requirement, "payer", "k", payload)));
        assertThat(refused).as("refused with " + reason).isNotNull();
        assertThat(refused.reason()).isEqualTo(reason);
    }

    private static Account funded() {
        Account wallet = new Account();
        node.mintTo(usdc.address(), wallet.getPublicKeyBase58(), BigInteger.valueOf(5_000_000));
        return wallet;
    }

    /** A recipient whose token account exists (x402 never creates it for the payer). */
    private static String recipientWithTokenAccount() {
        String owner = new Account().getPublicKeyBase58();
        node.mintTo(usdc.address(), owner, BigInteger.ZERO);
        return owner;
    }

    private static long transactionCount() {
        return node.rpc().call("getTransactionCount").asLong();
    }

    private static PaymentCheck check(ExactPayment payment, SignedPayment signed) {
        return exact.checkTransfer(payment, signed.txId(), Commitment.CONFIRMED, signed.validUntil());
    }

    private static PaymentCheck finalCheck(ExactPayment payment, SignedPayment signed) throws InterruptedException {
        return Poll.until(() -> {
            PaymentCheck c = check(payment, signed);
            return c.isFinal() ? c : null;
        }, Poll.LIMIT);
    }

    /** What a wallet builds for {@code requirement}: compute budget, TransferChecked, the memo if any; fee payer slot empty. */
    private static Map<String, Object> signedByWallet(Account wallet, ExactRequirement requirement, BigInteger amount,
                                                      String memo) {
        List<TransactionInstruction> ixs = new ArrayList<>();
        ixs.add(ExactSvmFixtures.computeLimit(20_000));
        ixs.add(ExactSvmFixtures.computePrice(1));
        ixs.add(ExactSvmFixtures.transfer(wallet, new PublicKey(usdc.address()), new PublicKey(requirement.payTo()),
                amount));
        if (memo != null) {
            ixs.add(ExactSvmFixtures.memo(memo));
        }
        return ExactSvmFixtures.signedByWallet(node, ixs, feePayer, wallet);
    }

    /** The stock @x402/svm client's payload (PaymentPayload.payload) for {@code requirement}. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> stockClientPayload(ExactRequirement requirement, Account payer) throws Exception {
        return (Map<String, Object>) ExactSvmFixtures.stockClientPayload(node, requirement, payer,
                "http://127.0.0.1/paid").get("payload");
    }
}
