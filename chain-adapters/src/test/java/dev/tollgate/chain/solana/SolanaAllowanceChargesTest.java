package dev.tollgate.chain.solana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.ClientPayment;
import dev.tollgate.chain.ClientPaymentRefusedException;
import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.CustodialSigner.Submission;
import dev.tollgate.chain.InMemorySpendBudget;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.PayerSecret;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.VerificationCode;
import dev.tollgate.chain.allowance.AllowanceCharges;
import dev.tollgate.chain.allowance.AllowanceRefusedException;
import dev.tollgate.chain.allowance.AllowanceState;
import dev.tollgate.chain.solana.tx.SolanaMessageCompiler;
import dev.tollgate.chain.solana.tx.SolanaTransaction;
import dev.tollgate.chain.solana.tx.SolanaTransactionEncoder;
import dev.tollgate.chain.support.Poll;
import dev.tollgate.chain.transport.RpcTransportPolicy;
import dev.tollgate.localnet.solana.SolanaNode;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.p2p.solanaj.core.Account;
import org.p2p.solanaj.core.AccountMeta;
import org.p2p.solanaj.core.PublicKey;
import org.p2p.solanaj.core.TransactionInstruction;
import org.p2p.solanaj.utils.Base58;
import org.p2p.solanaj.utils.TweetNaclFast;

/**
 * SPL delegation charges on a real local Solana node: the payer's own {@code ApproveChecked} (built here with our
 * transaction encoder) delegates to the gateway's sponsor key; a charge moves exactly net and fee in one
 * transaction signed by the sponsor alone (recipient accounts created when missing, the fee and rent within the
 * sponsor's budget); a charge beyond the delegation or the balance is refused before anything is signed; a
 * delegation to anyone else reads as zero; {@code check} is exact.
 */
class SolanaAllowanceChargesTest {
    private static final BigInteger NET = BigInteger.valueOf(1_900_000);
    private static final BigInteger FEE = BigInteger.valueOf(100_000);
    private static final BigInteger TOTAL = NET.add(FEE);
    private static final BigInteger HELD = BigInteger.valueOf(10_000_000);
    private static final long SOL = 1_000_000_000L;

    private static SolanaNode node;
    private static ChainAsset usdc;
    private static NetworkId network;
    private static Account sponsorKey;
    private static InMemorySpendBudget budget;
    private static SolanaRail rail;
    private static AllowanceCharges charges;

    @BeforeAll
    static void start() {
        node = SolanaNode.start(SolanaNode.Options.fastForTests());
        usdc = SolanaNetworkConfig.usdcMint(node.createMint(6));
        network = NetworkId.of(node.caip2());
        sponsorKey = new Account();
        node.airdrop(sponsorKey.getPublicKeyBase58(), SOL);
        budget = new InMemorySpendBudget(BigInteger.valueOf(100_000_000), BigInteger.valueOf(1_000_000_000));
        rail = new SolanaRail(new SolanaNetworkConfig(network, node.rpcUrl(), usdc, Duration.ofSeconds(5)),
                RpcTransportPolicy.forTimeout(Duration.ofSeconds(5)), null, ComputeBudgetCaps.DEFAULT,
                new SolanaSponsor(new PayerSecret(sponsorKey.getSecretKey().clone()), budget));
        charges = rail.allowanceCharges().orElseThrow();
    }

    @AfterAll
    static void stop() {
        if (rail != null) {
            rail.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aRailWithoutASponsorChargesNoAllowances() {
        SolanaRail plain = new SolanaRail(new SolanaNetworkConfig(network, node.rpcUrl(), usdc, Duration.ofSeconds(5)));
        assertThat(plain.allowanceCharges()).isEmpty();
    }

    @Test
    void readShowsTheDelegationToTheSponsorAndTheBalance() {
        Account payer = payer();
        assertThat(charges.spender(usdc)).isEqualTo(sponsorKey.getPublicKeyBase58());
        assertThat(charges.read(payer.getPublicKeyBase58(), usdc))
                .isEqualTo(new AllowanceState(sponsorKey.getPublicKeyBase58(), BigInteger.ZERO, HELD));
        approve(payer, sponsorKey.getPublicKey(), TOTAL.multiply(BigInteger.TWO));
        assertThat(charges.read(payer.getPublicKeyBase58(), usdc).allowanceUnits()).isEqualTo(TOTAL.multiply(BigInteger.TWO));
        // an account that does not exist holds and grants nothing
        assertThat(charges.read(new Account().getPublicKeyBase58(), usdc).spendable()).isZero();
    }

    @Test
    void aDelegationToAnyoneElseReadsAsZeroAndIsNotCharged() {
        Account payer = payer();
        approve(payer, new Account().getPublicKey(), TOTAL.multiply(BigInteger.TEN));
        AllowanceState state = charges.read(payer.getPublicKeyBase58(), usdc);
        assertThat(state.allowanceUnits()).isZero();
        assertThat(state.balanceUnits()).isEqualTo(HELD);
        AllowanceRefusedException refused = catchThrowableOfType(AllowanceRefusedException.class,
                () -> charges.prepare(intent(payer, treasury(), treasury())));
        assertThat(refused.reason()).isEqualTo("not_delegated");
        assertThat(budget.reserved(network.value(), payer.getPublicKeyBase58())).isZero();
    }

    @Test
    void aChargePaysNetAndFeeExactlyInOneTransactionSignedByTheSponsor() throws Exception {
        Account payer = payer();
        approve(payer, sponsorKey.getPublicKey(), TOTAL.multiply(BigInteger.TWO));
        // recipients without token accounts: the charge creates them, the sponsor pays their rent within budget
        String payee = new Account().getPublicKeyBase58();
        String feeRecipient = new Account().getPublicKeyBase58();
        PaymentIntent intent = intent(payer, payee, feeRecipient);
        long sponsorLamports = lamports(sponsorKey.getPublicKeyBase58());

        SignedPayment charge = charges.prepare(intent);
        assertThat(charge.payer()).isEqualTo(sponsorKey.getPublicKeyBase58());
        long rent = node.rpc().call("getMinimumBalanceForRentExemption", 165).asLong();
        assertThat(budget.reserved(network.value(), payer.getPublicKeyBase58()))
                .isEqualTo(BigInteger.valueOf(5_000 + 2 * rent));
        assertThat(charges.submit(charge)).isEqualTo(Submission.ACCEPTED);
        PaymentCheck verdict = finalVerdict(intent, charge);

        assertThat(verdict.status()).isEqualTo(PaymentCheck.Status.VERIFIED);
        assertThat(verdict.observed().payer()).isEqualTo(payer.getPublicKeyBase58());
        assertThat(verdict.observed().toPayee()).isEqualTo(NET);
        assertThat(verdict.observed().toFeeRecipient()).isEqualTo(FEE);
        assertThat(rail.balanceOf(payee, usdc)).isEqualTo(NET);
        assertThat(rail.balanceOf(feeRecipient, usdc)).isEqualTo(FEE);
        assertThat(rail.balanceOf(payer.getPublicKeyBase58(), usdc)).isEqualTo(HELD.subtract(TOTAL));
        assertThat(charges.read(payer.getPublicKeyBase58(), usdc).allowanceUnits()).isEqualTo(TOTAL);
        assertThat(lamports(sponsorKey.getPublicKeyBase58())).isEqualTo(sponsorLamports - 5_000 - 2 * rent);
        // the same bytes again are the same transaction, never a second charge
        assertThat(charges.submit(charge)).isEqualTo(Submission.ALREADY_KNOWN);
        assertThat(rail.balanceOf(payee, usdc)).isEqualTo(NET);
        // the transaction has one signature (the sponsor's): the payer signed nothing
        byte[] wire = Base64.getDecoder().decode(node.rpc().call("getTransaction", charge.txId(),
                Map.of("encoding", "base64", "commitment", "confirmed")).path("transaction").path(0).asText());
        assertThat(wire[0]).isEqualTo((byte) 1);
    }

    @Test
    void checkIsExactAboutAmountsPayerAndJob() throws Exception {
        Account payer = payer();
        approve(payer, sponsorKey.getPublicKey(), TOTAL);
        PaymentIntent intent = intent(payer, treasury(), treasury());
        SignedPayment charge = charges.prepare(intent);
        charges.submit(charge);
        assertThat(finalVerdict(intent, charge).status()).isEqualTo(PaymentCheck.Status.VERIFIED);

        for (BigInteger net : List.of(NET.add(BigInteger.ONE), NET.subtract(BigInteger.ONE))) {
            PaymentIntent wrong = new PaymentIntent(intent.jobId(), network, usdc, intent.payer(), intent.payee(),
                    intent.feeRecipient(), net, FEE, intent.memo());
            PaymentCheck check = charges.check(wrong, charge.txId(), Commitment.CONFIRMED, charge.validUntil());
            assertThat(check.status()).isEqualTo(PaymentCheck.Status.REJECTED);
            assertThat(check.code()).isEqualTo(VerificationCode.AMOUNT_MISMATCH);
        }
        PaymentIntent otherPayer = new PaymentIntent(intent.jobId(), network, usdc, new Account().getPublicKeyBase58(),
                intent.payee(), intent.feeRecipient(), NET, FEE, intent.memo());
        assertThat(charges.check(otherPayer, charge.txId(), Commitment.CONFIRMED, charge.validUntil()).code())
                .isEqualTo(VerificationCode.WRONG_PAYER);
        PaymentIntent otherJob = new PaymentIntent("other", network, usdc, intent.payer(), intent.payee(),
                intent.feeRecipient(), NET, FEE, PaymentIntent.atpMemo("other"));
        assertThat(charges.check(otherJob, charge.txId(), Commitment.CONFIRMED, charge.validUntil()).code())
                .isEqualTo(VerificationCode.MEMO_MISSING);
        PaymentIntent otherPayee = new PaymentIntent(intent.jobId(), network, usdc, intent.payer(), treasury(),
                intent.feeRecipient(), NET, FEE, intent.memo());
        assertThat(charges.check(otherPayee, charge.txId(), Commitment.CONFIRMED, charge.validUntil()).code())
                .isEqualTo(VerificationCode.WRONG_RECIPIENT);
    }

    @Test
    void aChargeBeyondTheDelegationOrTheBalanceIsRefusedBeforeSigning() {
        Account payer = payer();
        approve(payer, sponsorKey.getPublicKey(), TOTAL.subtract(BigInteger.ONE));
        AllowanceRefusedException refused = catchThrowableOfType(AllowanceRefusedException.class,
                () -> charges.prepare(intent(payer, treasury(), treasury())));
        assertThat(refused.reason()).isEqualTo("allowance_insufficient");

        Account poor = payer();
        approve(poor, sponsorKey.getPublicKey(), HELD.multiply(BigInteger.TWO));
        PaymentIntent tooMuch = new PaymentIntent("big", network, usdc, poor.getPublicKeyBase58(), treasury(),
                treasury(), HELD, BigInteger.ONE, PaymentIntent.atpMemo("big"));
        assertThat(catchThrowableOfType(AllowanceRefusedException.class, () -> charges.prepare(tooMuch)).reason())
                .isEqualTo("balance_insufficient");
        assertThat(budget.reserved(network.value(), payer.getPublicKeyBase58())).isZero();
        assertThat(budget.reserved(network.value(), poor.getPublicKeyBase58())).isZero();
        assertThat(rail.balanceOf(payer.getPublicKeyBase58(), usdc)).isEqualTo(HELD);
    }

    @Test
    void aDiscardedChargeGivesItsFeeBack() throws Exception {
        Account payer = payer();
        approve(payer, sponsorKey.getPublicKey(), TOTAL);
        SignedPayment charge = charges.prepare(intent(payer, treasury(), treasury()));
        assertThat(budget.reserved(network.value(), payer.getPublicKeyBase58())).isEqualTo(BigInteger.valueOf(5_000));
        charges.discard(charge);
        assertThat(budget.reserved(network.value(), payer.getPublicKeyBase58())).isZero();
    }

    @Test
    void aToken2022DelegationIsChargedUnderItsOwnProgram() throws Exception {
        ChainAsset pyusd = new ChainAsset("PYUSD", 6, node.createMint(6, SolanaNode.TOKEN_2022_PROGRAM),
                SolanaNode.TOKEN_2022_PROGRAM);
        Account sponsor2 = new Account();
        node.airdrop(sponsor2.getPublicKeyBase58(), SOL);
        InMemorySpendBudget budget2 = new InMemorySpendBudget(BigInteger.valueOf(100_000_000),
                BigInteger.valueOf(1_000_000_000));
        try (SolanaRail rail2 = new SolanaRail(SolanaNetworkConfig.withTokens(network, node.rpcUrl(), List.of(),
                List.of(usdc, pyusd), Duration.ofSeconds(5)), RpcTransportPolicy.forTimeout(Duration.ofSeconds(5)),
                null, ComputeBudgetCaps.DEFAULT, new SolanaSponsor(new PayerSecret(sponsor2.getSecretKey().clone()),
                budget2))) {
            AllowanceCharges charges2 = rail2.allowanceCharges().orElseThrow();
            Account payer = new Account();
            node.airdrop(payer.getPublicKeyBase58(), SOL / 10);
            node.mintTo(pyusd.address(), payer.getPublicKeyBase58(), HELD);
            approve(payer, sponsor2.getPublicKey(), TOTAL, pyusd);
            assertThat(charges2.read(payer.getPublicKeyBase58(), pyusd).allowanceUnits()).isEqualTo(TOTAL);
            String payee = new Account().getPublicKeyBase58();
            String feeRecipient = new Account().getPublicKeyBase58();
            String job = UUID.randomUUID().toString();
            PaymentIntent intent = new PaymentIntent(job, network, pyusd, payer.getPublicKeyBase58(), payee,
                    feeRecipient, NET, FEE, PaymentIntent.atpMemo(job));

            SignedPayment charge = charges2.prepare(intent);
            long rent = node.rpc().call("getMinimumBalanceForRentExemption", 170).asLong();
            assertThat(budget2.reserved(network.value(), payer.getPublicKeyBase58()))
                    .isEqualTo(BigInteger.valueOf(5_000 + 2 * rent));
            long before = node.rpc().call("getBalance", sponsor2.getPublicKeyBase58(),
                    Map.of("commitment", "confirmed")).path("value").asLong();
            charges2.submit(charge);
            PaymentCheck[] last = new PaymentCheck[1];
            Poll.until(() -> {
                last[0] = charges2.check(intent, charge.txId(), Commitment.CONFIRMED, charge.validUntil());
                return last[0].isFinal() ? last[0] : null;
            }, Poll.LIMIT);
            assertThat(last[0].status()).isEqualTo(PaymentCheck.Status.VERIFIED);
            assertThat(rail2.balanceOf(payee, pyusd)).isEqualTo(NET);
            assertThat(rail2.balanceOf(feeRecipient, pyusd)).isEqualTo(FEE);
            assertThat(charges2.read(payer.getPublicKeyBase58(), pyusd).allowanceUnits()).isZero();
            // what the sponsor paid is what was reserved: one signature and two Token-2022 accounts' rent
            assertThat(node.rpc().call("getBalance", sponsor2.getPublicKeyBase58(), Map.of("commitment", "confirmed"))
                    .path("value").asLong()).isEqualTo(before - 5_000 - 2 * rent);
        }
    }

    @Test
    void nobodyCanBorrowTheSponsorsDelegateAuthorityThroughASponsoredPayment() throws Exception {
        Account victim = payer();
        approve(victim, sponsorKey.getPublicKey(), HELD);
        Account thief = payer();
        String job = UUID.randomUUID().toString();
        // a "payment" of the thief's job that pulls the victim's tokens under the sponsor's delegation, with the
        // sponsor as fee payer: the sponsor's co-signature would also sign as the transfer authority
        PaymentIntent intent = new PaymentIntent(job, network, usdc, thief.getPublicKeyBase58(),
                thief.getPublicKeyBase58(), thief.getPublicKeyBase58(), NET, BigInteger.ZERO, PaymentIntent.atpMemo(job));
        PublicKey mint = new PublicKey(usdc.address());
        TransactionInstruction pull = SolanaPaymentBuilder.transferChecked(SolanaPrograms.TOKEN,
                SolanaKeys.associatedTokenAccount(victim.getPublicKey(), mint, SolanaPrograms.TOKEN),
                SolanaKeys.associatedTokenAccount(thief.getPublicKey(), mint, SolanaPrograms.TOKEN),
                NET.longValueExact(), (byte) 6, sponsorKey.getPublicKey(), mint);
        String blockhash = node.rpc().call("getLatestBlockhash", Map.of("commitment", "confirmed"))
                .path("value").path("blockhash").asText();
        SolanaTransaction tx = SolanaMessageCompiler.compile(sponsorKey.getPublicKey(), List.of(pull,
                SolanaPaymentBuilder.memoV2(thief.getPublicKey(), intent.memo())), Base58.decode(blockhash), 0);
        List<byte[]> slots = new java.util.ArrayList<>(tx.signatures());
        for (int i = 0; i < tx.header().requiredSignatures(); i++) {
            if (Arrays.equals(tx.accountKeys().get(i), thief.getPublicKey().toByteArray())) {
                slots.set(i, new TweetNaclFast.Signature(new byte[0], thief.getSecretKey()).detached(tx.message()));
            }
        }
        byte[] wire = SolanaTransactionEncoder.transaction(slots, tx.message());

        ClientPaymentRefusedException refused = catchThrowableOfType(ClientPaymentRefusedException.class,
                () -> rail.clientPayments().orElseThrow().inspect(intent, new ClientPayment.SignedTransaction(wire)));
        assertThat(refused.reason()).isEqualTo(ClientPaymentRefusedException.Reason.FEE_PAYER_NOT_ALLOWED);
        assertThat(rail.balanceOf(victim.getPublicKeyBase58(), usdc)).isEqualTo(HELD);
        assertThat(charges.read(victim.getPublicKeyBase58(), usdc).allowanceUnits()).isEqualTo(HELD);
    }

    // ---- helpers ----

    private static PaymentCheck finalVerdict(PaymentIntent intent, SignedPayment charge) throws InterruptedException {
        PaymentCheck[] last = new PaymentCheck[1];
        try {
            return Poll.until(() -> {
                last[0] = charges.check(intent, charge.txId(), Commitment.CONFIRMED, charge.validUntil());
                return last[0].isFinal() ? last[0] : null;
            }, Poll.LIMIT);
        } catch (AssertionError stillPending) {
            return last[0];
        }
    }

    private static PaymentIntent intent(Account payer, String payee, String feeRecipient) {
        String job = UUID.randomUUID().toString();
        return new PaymentIntent(job, network, usdc, payer.getPublicKeyBase58(), payee, feeRecipient, NET, FEE,
                PaymentIntent.atpMemo(job));
    }

    /** A payer holding some SOL (for its own Approve) and {@link #HELD} USDC units. */
    private static Account payer() {
        Account payer = new Account();
        node.airdrop(payer.getPublicKeyBase58(), SOL / 10);
        node.mintTo(usdc.address(), payer.getPublicKeyBase58(), HELD);
        return payer;
    }

    private static String treasury() {
        String owner = new Account().getPublicKeyBase58();
        node.mintTo(usdc.address(), owner, BigInteger.ZERO);
        return owner;
    }

    private static long lamports(String address) {
        return node.rpc().call("getBalance", address, Map.of("commitment", "confirmed")).path("value").asLong();
    }

    /**
     * The payer's SPL Token {@code ApproveChecked} (instruction 13: amount u64 LE, decimals; accounts: its token
     * account, the mint, the delegate, the owner as signer), signed and sent by the payer, confirmed before return.
     */
    private static void approve(Account payer, PublicKey delegate, BigInteger amount) {
        approve(payer, delegate, amount, usdc);
    }

    private static void approve(Account payer, PublicKey delegate, BigInteger amount, ChainAsset asset) {
        PublicKey mint = new PublicKey(asset.address());
        PublicKey program = SolanaPrograms.tokenProgramOf(asset);
        PublicKey source = SolanaKeys.associatedTokenAccount(payer.getPublicKey(), mint, program);
        byte[] data = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).put((byte) 13)
                .putLong(amount.longValueExact()).put((byte) asset.decimals()).array();
        TransactionInstruction approve = new TransactionInstruction(program, List.of(
                new AccountMeta(source, false, true), new AccountMeta(mint, false, false),
                new AccountMeta(delegate, false, false), new AccountMeta(payer.getPublicKey(), true, false)), data);
        String blockhash = node.rpc().call("getLatestBlockhash", Map.of("commitment", "confirmed"))
                .path("value").path("blockhash").asText();
        SolanaTransaction tx = SolanaMessageCompiler.compile(payer.getPublicKey(), List.of(approve),
                Base58.decode(blockhash), -1);
        byte[] signature = new TweetNaclFast.Signature(new byte[0], payer.getSecretKey()).detached(tx.message());
        byte[] wire = SolanaTransactionEncoder.transaction(List.of(signature), tx.message());
        String txId = node.rpc().call("sendTransaction", Base64.getEncoder().encodeToString(wire),
                Map.of("encoding", "base64")).asText();
        try {
            Poll.until(() -> {
                var status = node.rpc().call("getSignatureStatuses", List.of(txId)).path("value").path(0);
                return status.isObject() && "confirmed finalized".contains(status.path("confirmationStatus").asText("x"))
                        ? status : null;
            }, Poll.LIMIT);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        if (!node.rpc().call("getSignatureStatuses", List.of(txId)).path("value").path(0).path("err").isNull()) {
            throw new IllegalStateException("the approve failed");
        }
    }
}
