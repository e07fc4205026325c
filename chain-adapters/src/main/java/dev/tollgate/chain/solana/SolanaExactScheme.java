package dev.tollgate.chain.solana;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.CustodialSigner;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.PayerSecret;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.SpendBudget;
import dev.tollgate.chain.VerificationCode;
import dev.tollgate.chain.solana.tx.SolanaTransaction;
import dev.tollgate.chain.x402.ExactPayment;
import dev.tollgate.chain.x402.ExactRefusedException;
import dev.tollgate.chain.x402.ExactRequirement;
import dev.tollgate.chain.x402.ExactScheme;
import dev.tollgate.chain.x402.SettlementSweeps;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.p2p.solanaj.core.Account;
import org.p2p.solanaj.core.PublicKey;
import org.p2p.solanaj.core.TransactionInstruction;
import org.p2p.solanaj.utils.Base58;
import org.p2p.solanaj.utils.TweetNaclFast;

/**
 * x402 {@code exact} on Solana. The stock client signs one TransferChecked with the gateway as fee payer; it can
 * make only one transfer, so a job without a fee is paid to the agent directly, and a job with a fee is paid in full
 * to the gateway's settlement wallet and swept on into net and fee afterwards ({@link SettlementSweeps}).
 */
public final class SolanaExactScheme implements ExactScheme, SettlementSweeps {
    /** The longest {@code extra.memo} @x402/svm 2.27 writes into its Memo instruction (it throws above). */
    static final int MAX_MEMO_BYTES = 256;
    private static final long LAMPORTS_PER_SIGNATURE = 5_000;

    private final SolanaRail rail;
    private final SolanaRpc rpc;
    private final SolanaExactConfig config;
    private final NetworkId advertised;
    /** Fees reserved from the sponsor's budget for facilitator settlements signed but not yet broadcast. */
    private final Map<String, ReservedFee> reservedFees = new java.util.concurrent.ConcurrentHashMap<>();

    private record ReservedFee(String payer, BigInteger lamports) {
    }

    SolanaExactScheme(SolanaRail rail, SolanaRpc rpc, SolanaExactConfig config) {
        this.rail = rail;
        this.rpc = rpc;
        this.config = config;
        this.advertised = config.advertisedNetwork() == null ? rail.network() : config.advertisedNetwork();
    }

    @Override
    public String caip2() {
        return advertised.value();
    }

    /** The gateway's fee payer, {@code extra.feePayer} of every requirement (and of {@code /supported}). */
    public String feePayer() {
        return config.feePayerAddress();
    }

    @Override
    public String settlementWallet() {
        return config.settlementAddress();
    }

    @Override
    public ExactRequirement requirement(PaymentIntent intent, int maxTimeoutSeconds) {
        requireThisRail(intent);
        if (intent.asset().isNative()) {
            throw new IllegalArgumentException("native SOL cannot be paid with x402 exact: only SPL tokens");
        }
        if (intent.memo().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_MEMO_BYTES) {
            throw new IllegalArgumentException("the memo is longer than stock clients write (" + MAX_MEMO_BYTES + " bytes)");
        }
        String payTo = intent.feeUnits().signum() == 0 ? intent.payee() : settlementWallet();
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("feePayer", feePayer());
        extra.put("memo", intent.memo());
        return new ExactRequirement(caip2(), intent.asset().address(), payTo, intent.totalUnits(), maxTimeoutSeconds, extra);
    }

    @Override
    public ExactPayment verify(ExactRequirement requirement, Map<String, Object> payload) throws ExactRefusedException {
        SolanaExactVerifier.Checked checked = checkOffline(requirement, payload);
        requireLiveBlockhash(checked);
        simulate(checked.wire());
        return new ExactPayment(requirement, checked.payer(), checked.paymentKey(), payload);
    }

    private SolanaExactVerifier.Checked checkOffline(ExactRequirement requirement, Map<String, Object> payload)
            throws ExactRefusedException {
        if (!caip2().equals(requirement.network())) {
            throw SolanaExactVerifier.refused("invalid_exact_svm_network_mismatch", "the requirement is for another network");
        }
        if (!feePayer().equals(requirement.extra().get("feePayer"))) {
            throw SolanaExactVerifier.refused("invalid_exact_svm_fee_payer_not_managed_by_facilitator",
                    "extra.feePayer is not the gateway's fee payer");
        }
        ChainAsset asset = rail.assets().values().stream()
                .filter(a -> !a.isNative() && a.address().equals(requirement.asset())).findFirst()
                .orElseThrow(() -> SolanaExactVerifier.refused("invalid_exact_svm_payload_mint_mismatch",
                        "the requirement's asset is not offered on this rail"));
        Object transaction = payload == null ? null : payload.get("transaction");
        return SolanaExactVerifier.check(requirement, transaction, feePayer(), asset);
    }

    private void requireLiveBlockhash(SolanaExactVerifier.Checked checked) throws ExactRefusedException {
        JsonNode valid = rpc.read("isBlockhashValid", Base58.encode(checked.tx().recentBlockhash()),
                Map.of("commitment", "confirmed")).path("value");
        if (!valid.asBoolean(false)) {
            throw SolanaExactVerifier.refused("invalid_exact_svm_transaction_simulation_failed",
                    "the transaction's blockhash has expired");
        }
    }

    /** x402's simulation: without signature checks (slot 0 is still empty), at the blockhash the client chose. */
    private void simulate(byte[] wire) throws ExactRefusedException {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("encoding", "base64");
        options.put("sigVerify", false);
        options.put("replaceRecentBlockhash", false);
        options.put("commitment", "confirmed");
        JsonNode result;
        try {
            result = rpc.call("simulateTransaction", Base64.getEncoder().encodeToString(wire), options);
        } catch (SolanaRpc.RpcError e) {
            throw SolanaExactVerifier.refused("invalid_exact_svm_transaction_simulation_failed",
                    "the Solana node refused to simulate the transaction (error " + e.code + ")");
        }
        JsonNode err = result.path("value").path("err");
        if (!err.isNull() && !err.isMissingNode()) {
            throw SolanaExactVerifier.refused("invalid_exact_svm_transaction_simulation_failed",
                    "the transaction fails in simulation: " + err);
        }
    }

    @Override
    public SignedPayment prepare(PaymentIntent intent, ExactPayment payment) throws ExactRefusedException {
        requireThisRail(intent);
        // the payment must have been verified against what this job asks, not another job's requirement
        ExactRequirement offered = requirement(intent, payment.requirement().maxTimeoutSeconds());
        ExactRequirement verified = payment.requirement();
        if (!offered.asset().equals(verified.asset())) {
            throw SolanaExactVerifier.refused("invalid_exact_svm_payload_mint_mismatch", "verified for another asset");
        }
        if (!offered.payTo().equals(verified.payTo())) {
            throw SolanaExactVerifier.refused("invalid_exact_svm_payload_recipient_mismatch", "verified for another recipient");
        }
        if (!offered.amount().equals(verified.amount())) {
            throw SolanaExactVerifier.refused("invalid_exact_svm_payload_amount_mismatch", "verified for another amount");
        }
        if (!offered.extra().get("memo").equals(verified.extra().get("memo"))) {
            throw SolanaExactVerifier.refused("invalid_exact_svm_payload_memo_mismatch", "verified for another job");
        }
        SolanaExactVerifier.Checked checked = checkOffline(payment.requirement(), payment.payload());
        requireLiveBlockhash(checked);
        return coSign(checked);
    }

    /** Signs slot 0 (the fee payer) of the client's checked transaction; the bytes are otherwise the client's. */
    private SignedPayment coSign(SolanaExactVerifier.Checked checked) {
        // the blockhash is at most as new as the latest one: its last valid height bounds this transaction's life
        long validUntil = rpc.read("getLatestBlockhash", Map.of("commitment", "confirmed"))
                .path("value").path("lastValidBlockHeight").asLong(-1);
        byte[] signature = signMessage(config.feePayer(), checked.tx().message());
        byte[] wire = checked.wire().clone();
        int slot0 = 1; // a one-byte count (at most 3 signers) precedes the signature slots
        System.arraycopy(signature, 0, wire, slot0, signature.length);
        return new SignedPayment(Base58.encode(signature), wire, checked.payer(), validUntil);
    }

    // ---- the facilitator: requirements made by another resource server ----

    /**
     * Settles only what the gateway can co-sign safely: our advertised network, one of our SPL mints, a positive
     * u64 amount, a valid {@code payTo} that is none of the gateway's own wallets, our fee payer as
     * {@code extra.feePayer}, and an {@code extra.memo} (if any) the stock client can write.
     */
    @Override
    public Optional<String> refuseForeign(ExactRequirement requirement) {
        if (!caip2().equals(requirement.network())) {
            return Optional.of("invalid_network");
        }
        if (assetOf(requirement) == null) {
            return Optional.of("invalid_payment_requirements");
        }
        if (!SolanaKeys.isValidAddress(requirement.payTo()) || requirement.payTo().equals(feePayer())
                || requirement.payTo().equals(settlementWallet())) {
            return Optional.of("invalid_payment_requirements"); // the gateway's wallets take only job payments
        }
        if (requirement.amount().signum() <= 0 || requirement.amount().bitLength() > 64) {
            return Optional.of("invalid_payment_requirements");
        }
        if (!feePayer().equals(requirement.extra().get("feePayer"))) {
            return Optional.of("invalid_exact_svm_fee_payer_not_managed_by_facilitator");
        }
        Object memo = requirement.extra().get("memo");
        if (memo != null && (!(memo instanceof String text)
                || text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_MEMO_BYTES)) {
            return Optional.of("invalid_payment_requirements");
        }
        return Optional.empty();
    }

    /**
     * x402's SVM rules against the foreign requirement (its memo if it sets one, else any memos the reference
     * allows), a live blockhash, a simulation, then the fee payer's signature in slot 0: the client's transfer of
     * exactly the amount to ATA(payTo), nothing else moved.
     */
    @Override
    public SignedPayment prepareTransfer(ExactPayment payment) throws ExactRefusedException {
        ExactRequirement requirement = payment.requirement();
        Optional<String> refused = refuseForeign(requirement);
        if (refused.isPresent()) {
            throw SolanaExactVerifier.refused(refused.get(), "this rail does not settle the requirement");
        }
        SolanaExactVerifier.Checked checked = checkOffline(requirement, payment.payload());
        requireLiveBlockhash(checked);
        simulate(checked.wire());
        // anyone may ask a facilitator to settle: the fees it pays for them come out of the sponsor's budget
        SpendBudget budget = rail.sponsorBudget();
        BigInteger fee = maxFeeLamports(checked.tx());
        if (budget != null && !budget.tryReserve(rail.network().value(), checked.payer(), fee)) {
            throw SolanaExactVerifier.refused("sponsor_budget_exceeded",
                    "paying this transaction's fee would pass the gateway's budget for " + checked.payer());
        }
        boolean signed = false;
        try {
            SignedPayment coSigned = coSign(checked);
            if (budget != null) {
                reservedFees.put(coSigned.txId(), new ReservedFee(checked.payer(), fee));
            }
            signed = true;
            return coSigned;
        } finally {
            if (!signed && budget != null) {
                budget.release(rail.network().value(), checked.payer(), fee);
            }
        }
    }

    /** The most the fee payer can be charged: 5,000 lamports a signature plus limit × price, rounded up. */
    static BigInteger maxFeeLamports(SolanaTransaction tx) {
        byte[] limit = tx.instructions().get(0).data();
        byte[] price = tx.instructions().get(1).data();
        BigInteger units = BigInteger.valueOf(Integer.toUnsignedLong(
                java.nio.ByteBuffer.wrap(limit, 1, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt()));
        BigInteger priority = units.multiply(SolanaPaymentVerifier.u64(price, 1)).add(BigInteger.valueOf(999_999))
                .divide(BigInteger.valueOf(1_000_000));
        return BigInteger.valueOf(LAMPORTS_PER_SIGNATURE * tx.header().requiredSignatures()).add(priority);
    }

    private void releaseFee(String txId) {
        ReservedFee reserved = reservedFees.remove(txId);
        SpendBudget budget = rail.sponsorBudget();
        if (reserved != null && budget != null) {
            budget.release(rail.network().value(), reserved.payer(), reserved.lamports());
        }
    }

    /** Landed at {@code commitment}, moving exactly the amount of the mint from the payer to ATA(payTo). */
    @Override
    public PaymentCheck checkTransfer(ExactPayment payment, String txId, Commitment commitment, long validUntil) {
        ExactRequirement requirement = payment.requirement();
        ChainAsset asset = assetOf(requirement);
        if (!caip2().equals(requirement.network()) || asset == null) {
            return PaymentCheck.rejected(VerificationCode.WRONG_NETWORK, "the requirement is not for this rail");
        }
        return rail.checkTransfer(asset, payment.payer(), requirement.payTo(), requirement.amount(), txId, commitment,
                validUntil);
    }

    private ChainAsset assetOf(ExactRequirement requirement) {
        return rail.assets().values().stream().filter(a -> !a.isNative() && a.address().equals(requirement.asset()))
                .findFirst().orElse(null);
    }

    @Override
    public CustodialSigner.Submission submit(SignedPayment prepared) throws PaymentRejectedException {
        try {
            CustodialSigner.Submission submission = rail.submit(prepared, false); // preflight: never lands a failure
            reservedFees.remove(prepared.txId());
            return submission;
        } catch (PaymentRejectedException refused) {
            releaseFee(prepared.txId()); // never landed: the fee it reserved was not spent
            throw refused;
        }
    }

    @Override
    public PaymentCheck check(PaymentIntent intent, ExactPayment payment, String txId, Commitment commitment,
                              long validUntil) {
        requireThisRail(intent);
        ExactRequirement paid = payment.requirement();
        // the single transfer: the total to ATA(payTo) from the payer, with the job's memo
        PaymentIntent single = new PaymentIntent(intent.jobId(), intent.network(), intent.asset(), payment.payer(),
                paid.payTo(), paid.payTo(), intent.totalUnits(), BigInteger.ZERO, intent.memo(), intent.payBy());
        return rail.checkPayment(single, txId, commitment, validUntil);
    }

    // ---- the sweep: settlement wallet -> net and fee ----

    /** A job's payment to the settlement wallet (it has a fee) is swept on into net and fee once released. */
    @Override
    public boolean sweptAfterRelease(ExactRequirement requirement) {
        return requirement.payTo().equals(settlementWallet());
    }

    @Override
    public Map<String, Object> supportedExtra() {
        return Map.of("feePayer", feePayer());
    }

    @Override
    public List<String> signers() {
        return List.of(feePayer());
    }

    @Override
    public SignedPayment signSweep(PaymentIntent sweep) throws PaymentRejectedException {
        requireThisRail(sweep);
        if (sweep.asset().isNative() || !settlementWallet().equals(sweep.payer())
                || !SettlementSweeps.sweepMemo(sweep.jobId()).equals(sweep.memo())) {
            throw new IllegalArgumentException("a sweep moves a token from the settlement wallet with the sweep memo");
        }
        PublicKey feePayer = new PublicKey(feePayer());
        PublicKey wallet = new PublicKey(settlementWallet());
        PublicKey mint = new PublicKey(sweep.asset().address());
        PublicKey program = SolanaPrograms.tokenProgramOf(sweep.asset());
        PublicKey source = SolanaKeys.associatedTokenAccount(wallet, mint, program);
        byte decimals = (byte) sweep.asset().decimals();
        List<TransactionInstruction> ixs = new ArrayList<>();
        for (Map.Entry<String, BigInteger> leg : legs(sweep).entrySet()) {
            PublicKey owner = new PublicKey(leg.getKey());
            ixs.add(SolanaPaymentBuilder.createAtaIdempotent(feePayer, owner, mint, program));
            ixs.add(SolanaPaymentBuilder.transferChecked(program, source,
                    SolanaKeys.associatedTokenAccount(owner, mint, program), leg.getValue().longValueExact(),
                    decimals, wallet, mint));
        }
        ixs.add(SolanaPaymentBuilder.memoV2(wallet, sweep.memo()));
        return signByGateway(ixs, settlementWallet(), true);
    }

    /** Net to the payee, fee to the fee recipient; one leg when they are the same account or the fee is zero. */
    private static Map<String, BigInteger> legs(PaymentIntent sweep) {
        Map<String, BigInteger> legs = new LinkedHashMap<>();
        legs.merge(sweep.payee(), sweep.netUnits(), BigInteger::add);
        legs.merge(sweep.feeRecipient(), sweep.feeUnits(), BigInteger::add);
        legs.values().removeIf(v -> v.signum() == 0);
        return legs;
    }

    @Override
    public CustodialSigner.Submission submitSweep(SignedPayment sweep) throws PaymentRejectedException {
        return rail.submit(sweep, false);
    }

    @Override
    public PaymentCheck checkSweep(PaymentIntent sweep, String txId, Commitment commitment, long validUntil) {
        return rail.checkPayment(sweep, txId, commitment, validUntil);
    }

    @Override
    public void openSettlementAccount(ChainAsset asset) throws PaymentRejectedException {
        if (asset.isNative()) {
            return;
        }
        PublicKey feePayer = new PublicKey(feePayer());
        SignedPayment open = signByGateway(List.of(SolanaPaymentBuilder.createAtaIdempotent(feePayer,
                new PublicKey(settlementWallet()), new PublicKey(asset.address()), SolanaPrograms.tokenProgramOf(asset))),
                feePayer(), false);
        rail.submit(open, false);
    }

    /**
     * Signs with the fee payer (first, so it pays) and, when {@code bySettlementWallet}, with the settlement wallet
     * if that is another key (a transaction carries exactly the signatures its message requires).
     */
    private SignedPayment signByGateway(List<TransactionInstruction> ixs, String payer, boolean bySettlementWallet) {
        JsonNode latest = rpc.read("getLatestBlockhash", Map.of("commitment", "confirmed")).path("value");
        List<Account> signers = new ArrayList<>();
        try {
            signers.add(account(config.feePayer()));
            if (bySettlementWallet && !settlementWallet().equals(feePayer())) {
                signers.add(account(config.settlementWallet()));
            }
            org.p2p.solanaj.core.Transaction tx = new org.p2p.solanaj.core.Transaction();
            ixs.forEach(tx::addInstruction);
            tx.setRecentBlockHash(latest.path("blockhash").asText());
            tx.sign(signers);
            byte[] wire = tx.serialize();
            return new SignedPayment(SolanaPaymentBuilder.signatureOf(wire), wire, payer,
                    latest.path("lastValidBlockHeight").asLong());
        } finally {
            signers.forEach(a -> Arrays.fill(a.getSecretKey(), (byte) 0));
        }
    }

    /** A Solanaj account over a copy of the key; the caller zeroes it. */
    private static Account account(PayerSecret secret) {
        byte[] copy = secret.bytes().clone();
        try {
            return new Account(copy);
        } finally {
            Arrays.fill(copy, (byte) 0);
        }
    }

    private static byte[] signMessage(PayerSecret secret, byte[] message) {
        byte[] copy = secret.bytes().clone();
        try {
            return new TweetNaclFast.Signature(Base58.decode(SolanaKeys.addressOf(secret)), copy).detached(message);
        } finally {
            Arrays.fill(copy, (byte) 0);
        }
    }

    private void requireThisRail(PaymentIntent intent) {
        if (!intent.network().equals(rail.network())) {
            throw new IllegalArgumentException("intent for " + intent.network() + " sent to the " + rail.network() + " rail");
        }
    }
}
