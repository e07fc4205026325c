package dev.tollgate.chain.solana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.ClientPayment;
import dev.tollgate.chain.ClientPaymentRefusedException;
import dev.tollgate.chain.ClientPaymentRefusedException.Reason;
import dev.tollgate.chain.ClientPayments;
import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.CustodialSigner.Submission;
import dev.tollgate.chain.InMemorySpendBudget;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.PayerSecret;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.solana.SolanaClientTransactions.Options;
import dev.tollgate.chain.solana.tx.SolanaMessageCompiler;
import dev.tollgate.chain.solana.tx.SolanaTransaction;
import dev.tollgate.chain.solana.tx.SolanaTransactionDecoder;
import dev.tollgate.chain.solana.tx.SolanaTransactionEncoder;
import dev.tollgate.chain.support.Poll;
import dev.tollgate.chain.support.ScriptedRpcNode;
import dev.tollgate.chain.transport.RpcTransportPolicy;
import dev.tollgate.localnet.solana.SolanaNode;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
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
import org.p2p.solanaj.programs.MemoProgram;
import org.p2p.solanaj.programs.SystemProgram;
import org.p2p.solanaj.utils.Base58;
import org.p2p.solanaj.utils.TweetNaclFast;

/**
 * Client-signed settlement on a real local Solana node: payer-signed transactions (legacy and v0, fee paid by the
 * payer or sponsored by the gateway) are accepted, sent once and verified; every tampered variant is refused with its
 * reason and never reaches the node's sendTransaction (every rail here talks through a counting relay).
 */
class SolanaClientPaymentsTest {
    /** Blockhashes live 80 slots of 100 ms: long enough for a busy machine, short enough to watch one expire. */
    private static final SolanaNode.Options CHAIN = new SolanaNode.Options(0, 100, 80, 8);
    private static final BigInteger NET = BigInteger.valueOf(2_000_000);
    private static final BigInteger FEE = BigInteger.valueOf(100_000);
    private static final long SOL = 1_000_000_000L;

    private static SolanaNode node;
    private static ScriptedRpcNode relay;
    private static ChainAsset usdc;
    private static NetworkId network;
    private static Account sponsorKey;
    private static SolanaSponsor sponsor;
    private static InMemorySpendBudget budget;
    private static SolanaRail rail;
    private static String payee;
    private static String feeRecipient;

    @BeforeAll
    static void start() {
        node = SolanaNode.start(CHAIN);
        relay = ScriptedRpcNode.forwarding("relay", node.rpcUrl());
        usdc = SolanaNetworkConfig.usdcMint(node.createMint(6));
        network = NetworkId.of(node.caip2());
        sponsorKey = new Account();
        node.airdrop(sponsorKey.getPublicKeyBase58(), SOL);
        budget = new InMemorySpendBudget(BigInteger.valueOf(100_000), BigInteger.valueOf(10_000_000));
        sponsor = new SolanaSponsor(new PayerSecret(sponsorKey.getSecretKey().clone()), budget);
        rail = rail(sponsor);
        payee = treasury();
        feeRecipient = treasury();
    }

    @AfterAll
    static void stop() {
        if (sponsor != null) {
            sponsor.close();
        }
        if (relay != null) {
            relay.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private static SolanaRail rail(SolanaSponsor withSponsor) {
        return new SolanaRail(new SolanaNetworkConfig(network, relay.url(), usdc, Duration.ofSeconds(5)),
                RpcTransportPolicy.forTimeout(Duration.ofSeconds(5)), null, ComputeBudgetCaps.DEFAULT, withSponsor);
    }

    /** A treasury that can receive small SOL amounts (rent-exempt) and holds a USDC account. */
    private static String treasury() {
        String owner = new Account().getPublicKeyBase58();
        node.airdrop(owner, SOL);
        node.mintTo(usdc.address(), owner, BigInteger.ZERO);
        return owner;
    }

    private static ClientPayments payments(SolanaRail r) {
        return r.clientPayments().orElseThrow();
    }

    // ---------------------------------------------------------------- happy paths

    @Test
    void aSolPaymentSignedAndPaidForByThePayerIsSentOnceAndVerified() throws Exception {
        Account payer = payerWithSol(SOL / 10);
        PaymentIntent intent = intent(SolanaNetworkConfig.SOL, payer);
        JsonNode latest = latestBlockhash();
        byte[] wire = signedBy(payer, intent, latest.path("blockhash").asText(), Options.SELF_PAID);
        BigInteger payeeBefore = rail.balanceOf(payee, SolanaNetworkConfig.SOL);
        BigInteger feeBefore = rail.balanceOf(feeRecipient, SolanaNetworkConfig.SOL);

        SignedPayment payment = payments(rail).inspect(intent, new ClientPayment.SignedTransaction(wire));
        assertThat(payment.txId()).isEqualTo(SolanaClientTransactions.txIdOf(wire));
        assertThat(payment.rawTx()).isEqualTo(wire); // not sponsored: sent exactly as the payer signed it
        assertThat(payment.payer()).isEqualTo(payer.getPublicKeyBase58());
        assertThat(payment.validUntil()).isGreaterThanOrEqualTo(latest.path("lastValidBlockHeight").asLong());
        assertThat(budget.reserved(network.value(), payer.getPublicKeyBase58())).isZero();

        assertThat(payments(rail).submit(payment)).isEqualTo(Submission.ACCEPTED);
        PaymentCheck verdict = Poll.finalVerdict(rail, intent, payment.txId(), Commitment.CONFIRMED, payment.validUntil());
        assertThat(verdict.status()).as(verdict.detail()).isEqualTo(PaymentCheck.Status.VERIFIED);
        assertThat(rail.balanceOf(payee, SolanaNetworkConfig.SOL)).isEqualTo(payeeBefore.add(NET));
        assertThat(rail.balanceOf(feeRecipient, SolanaNetworkConfig.SOL)).isEqualTo(feeBefore.add(FEE));
        int sends = relay.hits("sendTransaction");
        assertThat(payments(rail).submit(payment)).isEqualTo(Submission.ALREADY_KNOWN); // never executes twice
        assertThat(rail.balanceOf(payee, SolanaNetworkConfig.SOL)).isEqualTo(payeeBefore.add(NET));
        assertThat(relay.hits("sendTransaction")).isEqualTo(sends + 1);
    }

    @Test
    void aUsdcPaymentInAV0MessageWithComputeBudgetWithinTheCapsIsVerified() throws Exception {
        Account payer = payerWithUsdc(SOL / 10);
        PaymentIntent intent = intent(usdc, payer);
        byte[] wire = signedBy(payer, intent, blockhash(), new Options(null, 100_000, 5_000_000, true));
        assertThat(SolanaTransactionDecoder.decode(wire).version()).isZero();
        BigInteger payeeBefore = rail.balanceOf(payee, usdc);

        SignedPayment payment = payments(rail).inspect(intent, new ClientPayment.SignedTransaction(wire));
        assertThat(payments(rail).submit(payment)).isEqualTo(Submission.ACCEPTED);
        PaymentCheck verdict = Poll.finalVerdict(rail, intent, payment.txId(), Commitment.CONFIRMED, payment.validUntil());
        assertThat(verdict.status()).as(verdict.detail()).isEqualTo(PaymentCheck.Status.VERIFIED);
        assertThat(rail.balanceOf(payee, usdc)).isEqualTo(payeeBefore.add(NET));
        assertThat(rail.balanceOf(payer.getPublicKeyBase58(), usdc)).isEqualTo(BigInteger.valueOf(10_000_000).subtract(NET).subtract(FEE));
    }

    @Test
    void aSponsoredUsdcPaymentFromAPayerWithNoSolIsCoSignedPaidForByTheGatewayAndVerified() throws Exception {
        Account payer = payerWithUsdc(0);
        assertThat(rail.balanceOf(payer.getPublicKeyBase58(), SolanaNetworkConfig.SOL)).isZero();
        PaymentIntent intent = intent(usdc, payer);
        assertThat(rail.paymentInstructions(intent)).containsEntry("fee_payer", sponsor.address());
        assertThat(rail(null).paymentInstructions(intent)).doesNotContainKey("fee_payer");
        byte[] wire = signedBy(payer, intent, blockhash(), Options.sponsoredBy(sponsor.address()));
        SolanaTransaction unsigned = SolanaTransactionDecoder.decode(wire);
        assertThat(unsigned.signatures().get(0)).isEqualTo(new byte[64]); // the payer cannot fill the sponsor's slot
        BigInteger sponsorBefore = rail.balanceOf(sponsor.address(), SolanaNetworkConfig.SOL);
        BigInteger payeeBefore = rail.balanceOf(payee, usdc);
        BigInteger feeBefore = rail.balanceOf(feeRecipient, usdc);

        SignedPayment payment = payments(rail).inspect(intent, new ClientPayment.SignedTransaction(wire));
        SolanaTransaction cosigned = SolanaTransactionDecoder.decode(payment.rawTx());
        assertThat(new TweetNaclFast.Signature(sponsorKey.getPublicKey().toByteArray(), new byte[0])
                .detached_verify(cosigned.message(), cosigned.signatures().get(0))).isTrue();
        assertThat(cosigned.message()).isEqualTo(unsigned.message());
        assertThat(payment.txId()).isEqualTo(Base58.encode(cosigned.signatures().get(0)));
        assertThat(payment.payer()).isEqualTo(payer.getPublicKeyBase58());
        assertThat(budget.reserved(network.value(), payer.getPublicKeyBase58())).isEqualTo(BigInteger.valueOf(10_000));

        assertThat(payments(rail).submit(payment)).isEqualTo(Submission.ACCEPTED);
        PaymentCheck verdict = Poll.finalVerdict(rail, intent, payment.txId(), Commitment.CONFIRMED, payment.validUntil());
        assertThat(verdict.status()).as(verdict.detail()).isEqualTo(PaymentCheck.Status.VERIFIED);
        assertThat(rail.balanceOf(payee, usdc)).isEqualTo(payeeBefore.add(NET));
        assertThat(rail.balanceOf(feeRecipient, usdc)).isEqualTo(feeBefore.add(FEE));
        assertThat(rail.balanceOf(payer.getPublicKeyBase58(), SolanaNetworkConfig.SOL)).isZero();
        assertThat(rail.balanceOf(sponsor.address(), SolanaNetworkConfig.SOL))
                .isEqualTo(sponsorBefore.subtract(BigInteger.valueOf(10_000))); // two signatures, exactly as reserved
        payments(rail).discard(payment); // sent: nothing to give back
        assertThat(budget.reserved(network.value(), payer.getPublicKeyBase58())).isEqualTo(BigInteger.valueOf(10_000));
    }

    @Test
    void whatTheRailSignsInKeyModeAndAMemoV1PaymentAreAcceptedAsClientSigned() throws Exception {
        Account payer = payerWithUsdc(SOL / 10);
        PaymentIntent intent = intent(usdc, payer);
        try (PayerSecret secret = new PayerSecret(payer.getSecretKey().clone())) {
            SignedPayment solanaj = rail.signPayment(intent, secret); // Solanaj legacy, idempotent account creation
            SignedPayment inspected = payments(rail).inspect(intent, new ClientPayment.SignedTransaction(solanaj.rawTx()));
            assertThat(inspected.txId()).isEqualTo(solanaj.txId());
        }
        PaymentIntent sol = intent(SolanaNetworkConfig.SOL, payer);
        byte[] memoV1 = signed(payer.getPublicKey(), List.of(
                SystemProgram.transfer(payer.getPublicKey(), new PublicKey(payee), NET.longValueExact()),
                SystemProgram.transfer(payer.getPublicKey(), new PublicKey(feeRecipient), FEE.longValueExact()),
                MemoProgram.writeUtf8(payer.getPublicKey(), sol.memo())), -1, payer);
        assertThat(payments(rail).inspect(sol, new ClientPayment.SignedTransaction(memoV1)).payer())
                .isEqualTo(payer.getPublicKeyBase58());
    }

    /**
     * Interoperability: the stock x402 SVM client ({@code @x402/svm} 2.27.0, run by node from {@code interop/}) builds
     * its v0 transaction (compute budget, one TransferChecked, Memo v2 without accounts) with the gateway as fee
     * payer; for an intent without a fee part that is exactly a Tollgate payment, so it is co-signed, sent and verified.
     */
    @Test
    void aSponsoredPaymentBuiltByTheStockX402SvmClientIsCoSignedSentAndVerified() throws Exception {
        Account payer = payerWithUsdc(0);
        String jobId = UUID.randomUUID().toString();
        PaymentIntent intent = new PaymentIntent(jobId, network, usdc, payer.getPublicKeyBase58(), payee, feeRecipient,
                NET, BigInteger.ZERO, PaymentIntent.atpMemo(jobId));
        Map<String, Object> requirements = Map.of("scheme", "exact", "network", "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1",
                "asset", usdc.address(), "amount", NET.toString(), "payTo", payee, "maxTimeoutSeconds", 60,
                "extra", Map.of("feePayer", sponsor.address(), "memo", intent.memo()));
        byte[] wire = Base64.getDecoder().decode(x402SvmClient(payer, requirements).path("transaction").asText());
        SolanaTransaction built = SolanaTransactionDecoder.decode(wire);
        assertThat(built.version()).isZero();
        assertThat(Base58.encode(built.accountKeys().get(0))).isEqualTo(sponsor.address());
        BigInteger payeeBefore = rail.balanceOf(payee, usdc);

        SignedPayment payment = payments(rail).inspect(intent, new ClientPayment.SignedTransaction(wire));
        // two signatures, and x402's default priority: ceil(20,000 units × 1 micro-lamport / 10^6) = 1 lamport
        assertThat(budget.reserved(network.value(), payer.getPublicKeyBase58())).isEqualTo(BigInteger.valueOf(10_001));
        assertThat(payments(rail).submit(payment)).isEqualTo(Submission.ACCEPTED);
        PaymentCheck verdict = Poll.finalVerdict(rail, intent, payment.txId(), Commitment.CONFIRMED, payment.validUntil());
        assertThat(verdict.status()).as(verdict.detail()).isEqualTo(PaymentCheck.Status.VERIFIED);
        assertThat(rail.balanceOf(payee, usdc)).isEqualTo(payeeBefore.add(NET));
        assertThat(rail.balanceOf(payer.getPublicKeyBase58(), SolanaNetworkConfig.SOL)).isZero();
    }

    private static JsonNode x402SvmClient(Account payer, Map<String, Object> requirements) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        ProcessBuilder builder = new ProcessBuilder("node", "sol-client/x402-svm-exact-payload.mjs")
                .directory(dev.tollgate.localnet.RepoPaths.root().resolve("interop").toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        int[] secret = new int[64];
        for (int i = 0; i < 64; i++) {
            secret[i] = payer.getSecretKey()[i] & 0xff;
        }
        builder.environment().put("RPC_URL", node.rpcUrl().toString());
        builder.environment().put("PAYER_SECRET", json.writeValueAsString(secret));
        builder.environment().put("REQUIREMENTS", json.writeValueAsString(requirements));
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("node exit status").isZero();
        return json.readTree(out);
    }

    // ---------------------------------------------------------------- tampered: the payment itself

    @Test
    void anotherAmountIsRefused() throws Exception {
        Account payer = payerWithSol(SOL / 10);
        PaymentIntent intent = intent(SolanaNetworkConfig.SOL, payer);
        assertRefused(rail, intent, signed(payer, solTransfers(payer, intent, NET.add(BigInteger.ONE), FEE, payee)),
                Reason.AMOUNT_MISMATCH);
        assertRefused(rail, intent, signed(payer, solTransfers(payer, intent, NET, FEE.subtract(BigInteger.ONE), payee)),
                Reason.AMOUNT_MISMATCH);
    }

    @Test
    void anotherRecipientIsRefused() throws Exception {
        Account payer = payerWithSol(SOL / 10);
        PaymentIntent intent = intent(SolanaNetworkConfig.SOL, payer);
        String stranger = new Account().getPublicKeyBase58();
        assertRefused(rail, intent, signed(payer, solTransfers(payer, intent, NET, FEE, stranger)), Reason.WRONG_RECIPIENT);
    }

    @Test
    void anotherMintOrTokenProgramIsRefused() throws Exception {
        Account payer = payerWithUsdc(SOL / 10);
        PaymentIntent intent = intent(usdc, payer);
        ChainAsset other = SolanaNetworkConfig.usdcMint(node.createMint(6));
        node.mintTo(other.address(), payer.getPublicKeyBase58(), BigInteger.valueOf(10_000_000));
        node.mintTo(other.address(), payee, BigInteger.ZERO);
        node.mintTo(other.address(), feeRecipient, BigInteger.ZERO);
        PaymentIntent inOther = new PaymentIntent(intent.jobId(), network, other, intent.payer(), payee, feeRecipient,
                NET, FEE, intent.memo());
        assertRefused(rail, intent, signedBy(payer, inOther, blockhash(), Options.SELF_PAID), Reason.WRONG_ASSET);

        PublicKey mint = new PublicKey(usdc.address());
        PublicKey token2022 = SolanaPrograms.TOKEN_2022;
        List<TransactionInstruction> under2022 = List.of(
                SolanaPaymentBuilder.transferChecked(token2022, ata(payer.getPublicKeyBase58(), SolanaPrograms.TOKEN),
                        ata(payee, SolanaPrograms.TOKEN), NET.longValueExact(), (byte) 6, payer.getPublicKey(), mint),
                SolanaPaymentBuilder.transferChecked(token2022, ata(payer.getPublicKeyBase58(), SolanaPrograms.TOKEN),
                        ata(feeRecipient, SolanaPrograms.TOKEN), FEE.longValueExact(), (byte) 6, payer.getPublicKey(), mint),
                SolanaPaymentBuilder.memoV2(payer.getPublicKey(), intent.memo()));
        assertRefused(rail, intent, signed(payer, under2022), Reason.WRONG_ASSET);
        assertRefused(rail, intent, signedBy(payer, intent(SolanaNetworkConfig.SOL, payer), blockhash(), Options.SELF_PAID),
                Reason.WRONG_ASSET);
    }

    @Test
    void aMissingOrWrongMemoIsRefused() throws Exception {
        Account payer = payerWithSol(SOL / 10);
        PaymentIntent intent = intent(SolanaNetworkConfig.SOL, payer);
        List<TransactionInstruction> ixs = solTransfers(payer, intent, NET, FEE, payee);
        assertRefused(rail, intent, signed(payer, ixs.subList(0, 2)), Reason.MEMO_MISSING);
        List<TransactionInstruction> otherMemo = new ArrayList<>(ixs.subList(0, 2));
        otherMemo.add(SolanaPaymentBuilder.memoV2(payer.getPublicKey(), "ATP:" + UUID.randomUUID()));
        assertRefused(rail, intent, signed(payer, otherMemo), Reason.MEMO_MISSING);
    }

    @Test
    void anExtraTransferIsRefused() throws Exception {
        Account payer = payerWithSol(SOL / 10);
        PaymentIntent intent = intent(SolanaNetworkConfig.SOL, payer);
        List<TransactionInstruction> toStranger = new ArrayList<>(solTransfers(payer, intent, NET, FEE, payee));
        toStranger.add(SystemProgram.transfer(payer.getPublicKey(), new Account().getPublicKey(), 1_000_000));
        assertRefused(rail, intent, signed(payer, toStranger), Reason.WRONG_RECIPIENT);
        List<TransactionInstruction> twiceToPayee = new ArrayList<>(solTransfers(payer, intent, NET, FEE, payee));
        twiceToPayee.add(0, SystemProgram.transfer(payer.getPublicKey(), new PublicKey(payee), NET.longValueExact()));
        assertRefused(rail, intent, signed(payer, twiceToPayee), Reason.AMOUNT_MISMATCH);
    }

    @Test
    void anExtraInstructionIsRefused() throws Exception {
        Account payer = payerWithUsdc(SOL / 10);
        PaymentIntent intent = intent(usdc, payer);
        PublicKey source = ata(payer.getPublicKeyBase58(), SolanaPrograms.TOKEN);
        // Approve (4): moves nothing now, hands a stranger the payer's tokens for later
        TransactionInstruction approve = new TransactionInstruction(SolanaPrograms.TOKEN, List.of(
                new AccountMeta(source, false, true), new AccountMeta(new Account().getPublicKey(), false, false),
                new AccountMeta(payer.getPublicKey(), true, false)),
                ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN).put((byte) 4).putLong(5_000_000).array());
        TransactionInstruction unknownProgram = new TransactionInstruction(new Account().getPublicKey(),
                List.of(new AccountMeta(payer.getPublicKey(), true, true)), new byte[] {1});
        for (TransactionInstruction extra : List.of(approve, unknownProgram)) {
            List<TransactionInstruction> ixs = new ArrayList<>(usdcTransfers(payer, intent));
            ixs.add(extra);
            assertRefused(rail, intent, signed(payer, ixs), Reason.UNEXPECTED_INSTRUCTION);
        }
        List<TransactionInstruction> twoMemos = new ArrayList<>(usdcTransfers(payer, intent));
        twoMemos.add(SolanaPaymentBuilder.memoV2(payer.getPublicKey(), "invoice 7"));
        assertRefused(rail, intent, signed(payer, twoMemos), Reason.UNEXPECTED_INSTRUCTION);
    }

    @Test
    void computeBudgetOverTheCapsIsRefused() throws Exception {
        Account payer = payerWithSol(SOL / 10);
        PaymentIntent intent = intent(SolanaNetworkConfig.SOL, payer);
        assertRefused(rail, intent, signedBy(payer, intent, blockhash(), new Options(null, 100_000, 5_000_001, false)),
                Reason.UNEXPECTED_INSTRUCTION);
        assertRefused(rail, intent, signedBy(payer, intent, blockhash(), new Options(null, 200_001, 1, false)),
                Reason.UNEXPECTED_INSTRUCTION);
    }

    @Test
    void anAddressLookupTableIsRefused() throws Exception {
        Account payer = payerWithSol(SOL / 10);
        PaymentIntent intent = intent(SolanaNetworkConfig.SOL, payer);
        JsonNode created = node.rpc().call("localnet_createLookupTable", Map.of("addresses", List.of(payee, feeRecipient)));
        byte[] table = Base58.decode(created.path("lookupTable").asText());
        // static: payer, System, Memo v2; loaded (writable): payee = 3, fee recipient = 4
        List<byte[]> keys = List.of(payer.getPublicKey().toByteArray(), SolanaPrograms.SYSTEM.toByteArray(),
                SolanaPrograms.MEMO_V2.toByteArray());
        List<SolanaTransaction.Instruction> ixs = List.of(
                new SolanaTransaction.Instruction(1, new int[] {0, 3}, systemTransfer(NET)),
                new SolanaTransaction.Instruction(1, new int[] {0, 4}, systemTransfer(FEE)),
                new SolanaTransaction.Instruction(2, new int[] {0}, intent.memo().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        byte[] message = SolanaTransactionEncoder.message(0, new SolanaTransaction.Header(1, 0, 2), keys,
                Base58.decode(blockhash()), ixs, List.of(new SolanaTransaction.Lookup(table, new int[] {0, 1}, new int[0])));
        byte[] wire = SolanaTransactionEncoder.transaction(List.of(sign(payer, message)), message);
        assertRefused(rail, intent, wire, Reason.UNEXPECTED_INSTRUCTION);
    }

    // ---------------------------------------------------------------- tampered: who signs, who pays, when

    @Test
    void anExpiredOrUnknownBlockhashIsRefused() throws Exception {
        Account payer = payerWithSol(SOL / 10);
        PaymentIntent intent = intent(SolanaNetworkConfig.SOL, payer);
        assertRefused(rail, intent, signedBy(payer, intent, Base58.encode(new byte[32]), Options.SELF_PAID),
                Reason.BLOCKHASH_EXPIRED);
        String old = blockhash();
        Poll.until(() -> node.rpc().call("isBlockhashValid", old, Map.of("commitment", "confirmed"))
                .path("value").asBoolean(true) ? null : Boolean.TRUE, Duration.ofSeconds(60));
        assertRefused(rail, intent, signedBy(payer, intent, old, Options.SELF_PAID), Reason.BLOCKHASH_EXPIRED);
    }

    @Test
    void aFeePayerOtherThanThePayerOrTheSponsorIsRefused() throws Exception {
        Account payer = payerWithSol(SOL / 10);
        Account stranger = payerWithSol(SOL / 10);
        PaymentIntent intent = intent(SolanaNetworkConfig.SOL, payer);
        byte[] wire = signed(stranger.getPublicKey(), solTransfers(payer, intent, NET, FEE, payee), -1, stranger, payer);
        assertRefused(rail, intent, wire, Reason.FEE_PAYER_NOT_ALLOWED);
    }

    @Test
    void theSponsorAsFeePayerIsRefusedWhenSponsorshipIsOff() throws Exception {
        Account payer = payerWithUsdc(0);
        PaymentIntent intent = intent(usdc, payer);
        byte[] wire = signedBy(payer, intent, blockhash(), Options.sponsoredBy(sponsor.address()));
        assertRefused(rail(null), intent, wire, Reason.FEE_PAYER_NOT_ALLOWED);
        assertThat(budget.reserved(network.value(), payer.getPublicKeyBase58())).isZero();
    }

    @Test
    void aSponsoredTransactionNamingTheSponsorInAnInstructionIsRefused() throws Exception {
        Account payer = payerWithSol(SOL / 10);
        PaymentIntent intent = intent(SolanaNetworkConfig.SOL, payer);
        PublicKey gateway = sponsorKey.getPublicKey();
        List<TransactionInstruction> sponsorPays = List.of( // the gateway's key as the source of the net transfer
                SystemProgram.transfer(gateway, new PublicKey(payee), NET.longValueExact()),
                SystemProgram.transfer(payer.getPublicKey(), new PublicKey(feeRecipient), FEE.longValueExact()),
                SolanaPaymentBuilder.memoV2(payer.getPublicKey(), intent.memo()));
        assertRefused(rail, intent, signed(gateway, sponsorPays, 0, payer), Reason.FEE_PAYER_NOT_ALLOWED);
        List<TransactionInstruction> sponsorReceives = new ArrayList<>(solTransfers(payer, intent, NET, FEE, payee));
        sponsorReceives.add(SystemProgram.transfer(payer.getPublicKey(), gateway, 1));
        assertRefused(rail, intent, signed(gateway, sponsorReceives, 0, payer), Reason.FEE_PAYER_NOT_ALLOWED);
        assertThat(budget.reserved(network.value(), payer.getPublicKeyBase58())).isZero();
    }

    @Test
    void aBadOrMissingSignatureIsRefused() throws Exception {
        Account payer = payerWithSol(SOL / 10);
        PaymentIntent intent = intent(SolanaNetworkConfig.SOL, payer);
        byte[] wire = signedBy(payer, intent, blockhash(), Options.SELF_PAID);
        byte[] flipped = wire.clone();
        flipped[10] ^= 1;
        assertRefused(rail, intent, flipped, Reason.SIGNATURE_INVALID);

        Account holder = payerWithUsdc(0);
        PaymentIntent usdcIntent = intent(usdc, holder);
        byte[] sponsored = signedBy(holder, usdcIntent, blockhash(), Options.sponsoredBy(sponsor.address()));
        Arrays.fill(sponsored, 1 + 64, 1 + 128, (byte) 0); // the payer's slot emptied
        assertRefused(rail, usdcIntent, sponsored, Reason.SIGNATURE_INVALID);
    }

    @Test
    void aPaymentFromAnotherWalletIsRefused() throws Exception {
        Account payer = payerWithSol(SOL / 10);
        Account other = payerWithSol(SOL / 10);
        PaymentIntent intent = intent(SolanaNetworkConfig.SOL, payer);
        PaymentIntent asOther = new PaymentIntent(intent.jobId(), network, SolanaNetworkConfig.SOL,
                other.getPublicKeyBase58(), payee, feeRecipient, NET, FEE, intent.memo());
        assertRefused(rail, intent, signedBy(other, asOther, blockhash(), Options.SELF_PAID), Reason.WRONG_PAYER);

        Account holder = payerWithUsdc(0);
        Account otherHolder = payerWithUsdc(0);
        PaymentIntent usdcIntent = intent(usdc, holder);
        PaymentIntent usdcAsOther = new PaymentIntent(usdcIntent.jobId(), network, usdc,
                otherHolder.getPublicKeyBase58(), payee, feeRecipient, NET, FEE, usdcIntent.memo());
        assertRefused(rail, usdcIntent, signedBy(otherHolder, usdcAsOther, blockhash(),
                Options.sponsoredBy(sponsor.address())), Reason.WRONG_PAYER);
    }

    @Test
    void sponsoringPastThePerPayerOrTheTotalBudgetIsRefusedAndDiscardGivesTheReservationBack() throws Exception {
        InMemorySpendBudget small = new InMemorySpendBudget(BigInteger.valueOf(15_000), BigInteger.valueOf(25_000));
        try (SolanaSponsor tight = new SolanaSponsor(new PayerSecret(sponsorKey.getSecretKey().clone()), small)) {
            SolanaRail tightRail = rail(tight);
            Account payer = payerWithUsdc(0);
            PaymentIntent firstIntent = intent(usdc, payer);
            SignedPayment first = payments(tightRail).inspect(firstIntent, new ClientPayment.SignedTransaction(
                    signedBy(payer, firstIntent, blockhash(), Options.sponsoredBy(tight.address()))));
            assertThat(small.reserved(network.value(), payer.getPublicKeyBase58())).isEqualTo(BigInteger.valueOf(10_000));
            PaymentIntent second = intent(usdc, payer);
            byte[] secondWire = signedBy(payer, second, blockhash(), Options.sponsoredBy(tight.address()));
            assertRefused(tightRail, second, secondWire, Reason.SPONSOR_BUDGET_EXCEEDED); // 20,000 > 15,000 per payer

            payments(tightRail).discard(first);
            assertThat(small.reserved(network.value(), payer.getPublicKeyBase58())).isZero();
            payments(tightRail).inspect(second, new ClientPayment.SignedTransaction(secondWire));

            Account another = payerWithUsdc(0);
            PaymentIntent anotherIntent = intent(usdc, another);
            payments(tightRail).inspect(anotherIntent, new ClientPayment.SignedTransaction(
                    signedBy(another, anotherIntent, blockhash(), Options.sponsoredBy(tight.address()))));
            Account third = payerWithUsdc(0);
            PaymentIntent overTotal = intent(usdc, third);
            assertRefused(tightRail, overTotal, signedBy(third, overTotal, blockhash(),
                    Options.sponsoredBy(tight.address())), Reason.SPONSOR_BUDGET_EXCEEDED); // 30,000 > 25,000 in total
            assertThat(small.reservedTotal(network.value())).isEqualTo(BigInteger.valueOf(20_000));
        }
    }

    @Test
    void aSponsoredPaymentTheNodeRefusesInPreflightIsRejectedAndItsReservationGivenBack() throws Exception {
        Account payer = payerWithUsdc(0);
        String noTokenAccount = new Account().getPublicKeyBase58();
        PaymentIntent intent = new PaymentIntent(UUID.randomUUID().toString(), network, usdc,
                payer.getPublicKeyBase58(), noTokenAccount, feeRecipient, NET, FEE,
                PaymentIntent.atpMemo(UUID.randomUUID().toString()));
        SignedPayment payment = payments(rail).inspect(intent, new ClientPayment.SignedTransaction(
                signedBy(payer, intent, blockhash(), Options.sponsoredBy(sponsor.address()))));
        assertThat(budget.reserved(network.value(), payer.getPublicKeyBase58())).isEqualTo(BigInteger.valueOf(10_000));
        BigInteger sponsorBefore = rail.balanceOf(sponsor.address(), SolanaNetworkConfig.SOL);

        assertThatThrownBy(() -> payments(rail).submit(payment))
                .isInstanceOfSatisfying(PaymentRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(PaymentRejectedException.Reason.SIMULATION_FAILED));
        assertThat(budget.reserved(network.value(), payer.getPublicKeyBase58())).isZero();
        assertThat(rail.balanceOf(sponsor.address(), SolanaNetworkConfig.SOL)).isEqualTo(sponsorBefore);
        assertThat(signatureStatus(payment.txId()).isNull()).isTrue();
    }

    @Test
    void gaslessAuthorisationsAndGarbageAreRefused() throws Exception {
        Account payer = payerWithSol(SOL / 10);
        PaymentIntent intent = intent(SolanaNetworkConfig.SOL, payer);
        assertThatThrownBy(() -> payments(rail).inspect(intent,
                new ClientPayment.GaslessAuthorization(payer.getPublicKeyBase58(), 1L, "0x00")))
                .isInstanceOfSatisfying(ClientPaymentRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED));
        assertRefused(rail, intent, new byte[] {1, 2, 3}, Reason.MALFORMED);
        assertRefused(rail, intent, new byte[2_000], Reason.MALFORMED);
    }

    // ---------------------------------------------------------------- helpers

    /** Refused with {@code reason}, and nothing reached the node's sendTransaction nor the chain. */
    private static void assertRefused(SolanaRail r, PaymentIntent intent, byte[] wire, Reason reason) {
        int sends = relay.hits("sendTransaction");
        BigInteger payerBalance = r.balanceOf(intent.payer(), intent.asset());
        BigInteger payeeBalance = r.balanceOf(intent.payee(), intent.asset());
        assertThatThrownBy(() -> payments(r).inspect(intent, new ClientPayment.SignedTransaction(wire)))
                .isInstanceOfSatisfying(ClientPaymentRefusedException.class,
                        e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
        assertThat(relay.hits("sendTransaction")).as("sendTransaction calls").isEqualTo(sends);
        try {
            for (byte[] signature : SolanaTransactionDecoder.decode(wire).signatures()) {
                if (!Arrays.equals(signature, new byte[64])) {
                    assertThat(signatureStatus(Base58.encode(signature)).isNull()).as("never landed").isTrue();
                }
            }
        } catch (dev.tollgate.chain.solana.tx.MalformedTransactionException notATransaction) {
            // nothing to look up
        }
        assertThat(r.balanceOf(intent.payer(), intent.asset())).isEqualTo(payerBalance);
        assertThat(r.balanceOf(intent.payee(), intent.asset())).isEqualTo(payeeBalance);
    }

    private static JsonNode signatureStatus(String txId) {
        return node.rpc().call("getSignatureStatuses", List.of(txId), Map.of("searchTransactionHistory", true))
                .path("value").path(0);
    }

    private static PaymentIntent intent(ChainAsset asset, Account payer) {
        String jobId = UUID.randomUUID().toString();
        return new PaymentIntent(jobId, network, asset, payer.getPublicKeyBase58(), payee, feeRecipient, NET, FEE,
                PaymentIntent.atpMemo(jobId));
    }

    private static Account payerWithSol(long lamports) {
        Account payer = new Account();
        node.airdrop(payer.getPublicKeyBase58(), lamports);
        return payer;
    }

    /** 10 USDC (6 decimals) and {@code lamports} SOL (0: the payer's system account does not even exist). */
    private static Account payerWithUsdc(long lamports) {
        Account payer = lamports > 0 ? payerWithSol(lamports) : new Account();
        node.mintTo(usdc.address(), payer.getPublicKeyBase58(), BigInteger.valueOf(10_000_000));
        return payer;
    }

    private static JsonNode latestBlockhash() {
        return node.rpc().call("getLatestBlockhash", Map.of("commitment", "confirmed")).path("value");
    }

    private static String blockhash() {
        return latestBlockhash().path("blockhash").asText();
    }

    private static byte[] signedBy(Account payer, PaymentIntent intent, String blockhash, Options options) {
        try (PayerSecret secret = new PayerSecret(payer.getSecretKey().clone())) {
            return SolanaClientTransactions.sign(intent, secret, blockhash, options);
        }
    }

    private static List<TransactionInstruction> solTransfers(Account payer, PaymentIntent intent, BigInteger net,
                                                             BigInteger fee, String netTo) {
        return List.of(
                SystemProgram.transfer(payer.getPublicKey(), new PublicKey(netTo), net.longValueExact()),
                SystemProgram.transfer(payer.getPublicKey(), new PublicKey(intent.feeRecipient()), fee.longValueExact()),
                SolanaPaymentBuilder.memoV2(payer.getPublicKey(), intent.memo()));
    }

    private static List<TransactionInstruction> usdcTransfers(Account payer, PaymentIntent intent) {
        return SolanaPaymentBuilder.instructions(intent, payer.getPublicKey(), false);
    }

    private static PublicKey ata(String owner, PublicKey program) {
        return SolanaKeys.associatedTokenAccount(new PublicKey(owner), new PublicKey(usdc.address()), program);
    }

    private static byte[] systemTransfer(BigInteger lamports) {
        return ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(2).putLong(lamports.longValueExact()).array();
    }

    /** A legacy transaction with {@code payer} as fee payer and only signer. */
    private static byte[] signed(Account payer, List<TransactionInstruction> ixs) {
        return signed(payer.getPublicKey(), ixs, -1, payer);
    }

    /** Compiled with {@code feePayer}; each of {@code signers} fills its own slot, any other slot stays empty. */
    private static byte[] signed(PublicKey feePayer, List<TransactionInstruction> ixs, int version, Account... signers) {
        SolanaTransaction tx = SolanaMessageCompiler.compile(feePayer, ixs, Base58.decode(blockhash()), version);
        List<byte[]> slots = new ArrayList<>(tx.signatures());
        for (Account signer : signers) {
            for (int i = 0; i < tx.header().requiredSignatures(); i++) {
                if (Arrays.equals(tx.accountKeys().get(i), signer.getPublicKey().toByteArray())) {
                    slots.set(i, sign(signer, tx.message()));
                }
            }
        }
        return SolanaTransactionEncoder.transaction(slots, tx.message());
    }

    private static byte[] sign(Account signer, byte[] message) {
        return new TweetNaclFast.Signature(new byte[0], signer.getSecretKey()).detached(message);
    }
}
