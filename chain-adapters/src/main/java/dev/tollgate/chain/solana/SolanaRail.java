package dev.tollgate.chain.solana;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.CustodialSigner;
import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.PayerSecret;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.PaymentRail;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.PaymentRejectedException.Reason;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.VerificationCode;
import dev.tollgate.chain.transport.RailTransport;
import dev.tollgate.chain.transport.RpcTransportPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.p2p.solanaj.core.Account;
import org.p2p.solanaj.core.PublicKey;
import org.p2p.solanaj.core.TransactionInstruction;

/**
 * The Solana payment rail: SOL and SPL tokens (USDC; classic SPL Token or Token-2022 mints, per asset), fee split
 * and memo in one transaction.
 */
public final class SolanaRail implements PaymentRail, CustodialSigner, AutoCloseable {
    /** What one signature costs; the payer must hold it on top of a SOL payment. */
    private static final long LAMPORTS_PER_SIGNATURE = 5_000;

    private final SolanaNetworkConfig config;
    private final SolanaRpc rpc;
    private final Map<String, ChainAsset> assets;
    private final SolanaClientPayments clientPayments;
    private final SolanaSponsor sponsor;
    /** x402 exact, when the rail has a fee payer for it; null otherwise. */
    private final SolanaExactScheme exact;
    private final SolanaExactConfig exactConfig;
    /** Charges of SPL delegations to the sponsor key; null without a sponsor. */
    private final SolanaAllowanceCharges allowanceCharges;

    /** With {@link RpcTransportPolicy#forTimeout the default transport policy} and no metrics. */
    public SolanaRail(SolanaNetworkConfig config) {
        this(config, RpcTransportPolicy.forTimeout(config.rpcTimeout()), null);
    }

    /**
     * @param policy  deadlines, read retries and breakers of the transport over {@link SolanaNetworkConfig#rpcUrls()}
     * @param metrics where the transport's meters go; {@code null} for none
     */
    public SolanaRail(SolanaNetworkConfig config, RpcTransportPolicy policy, MeterRegistry metrics) {
        this(config, policy, metrics, ComputeBudgetCaps.DEFAULT, null, null);
    }

    /** @param exactConfig the keys and advertised network for x402 {@code exact}; {@code null} offers none */
    public SolanaRail(SolanaNetworkConfig config, RpcTransportPolicy policy, MeterRegistry metrics,
                      SolanaExactConfig exactConfig) {
        this(config, policy, metrics, ComputeBudgetCaps.DEFAULT, null, exactConfig);
    }

    /**
     * @param computeBudgetCaps the most compute a client-signed payment may ask for (limit, priority price)
     * @param sponsor           the gateway's fee payer for client-signed payments, with its budget, or {@code null}
     *                          when payers pay their own fees; owned by the rail from now on ({@link #close}
     *                          zeroes its key)
     */
    public SolanaRail(SolanaNetworkConfig config, RpcTransportPolicy policy, MeterRegistry metrics,
                      ComputeBudgetCaps computeBudgetCaps, SolanaSponsor sponsor) {
        this(config, policy, metrics, computeBudgetCaps, sponsor, null);
    }

    /**
     * The full form: client-signed payments (compute caps, optional sponsor) and x402 {@code exact} (optional
     * {@code exactConfig}).
     */
    public SolanaRail(SolanaNetworkConfig config, RpcTransportPolicy policy, MeterRegistry metrics,
                      ComputeBudgetCaps computeBudgetCaps, SolanaSponsor sponsor, SolanaExactConfig exactConfig) {
        this.config = config;
        this.rpc = new SolanaRpc(new RailTransport(config.network().value(), "Solana RPC", config.rpcUrls(), policy, metrics));
        Map<String, ChainAsset> byCode = new LinkedHashMap<>();
        byCode.put("SOL", SolanaNetworkConfig.SOL);
        for (ChainAsset token : config.tokens()) {
            byCode.put(token.symbol(), token);
        }
        this.assets = java.util.Collections.unmodifiableMap(byCode); // ordered: SOL first, as ATP lists it
        this.sponsor = sponsor;
        this.clientPayments = new SolanaClientPayments(config.network(), rpc,
                java.util.Objects.requireNonNull(computeBudgetCaps, "computeBudgetCaps"), sponsor);
        this.exactConfig = exactConfig;
        this.exact = exactConfig == null ? null : new SolanaExactScheme(this, rpc, exactConfig);
        this.allowanceCharges = sponsor == null ? null : new SolanaAllowanceCharges(this, rpc, sponsor);
    }

    /** SPL delegations to the sponsor key, charged by it, when the rail has a sponsor. */
    @Override
    public Optional<dev.tollgate.chain.allowance.AllowanceCharges> allowanceCharges() {
        return Optional.ofNullable(allowanceCharges);
    }

    /** Zeroes the keys the rail owns (the sponsor's, x402's fee payer and settlement wallet): it signs no more. */
    @Override
    public void close() {
        if (sponsor != null) {
            sponsor.close();
        }
        if (exactConfig != null) {
            exactConfig.feePayer().close();
            if (exactConfig.settlementWallet() != null) {
                exactConfig.settlementWallet().close();
            }
        }
    }

    @Override
    public NetworkId network() {
        return config.network();
    }

    /** The sponsor's budget for the fees the gateway pays as fee payer; {@code null} when there is no sponsor. */
    dev.tollgate.chain.SpendBudget sponsorBudget() {
        return sponsor == null ? null : sponsor.budget();
    }

    @Override
    public Map<String, ChainAsset> assets() {
        return assets;
    }

    @Override
    public boolean isValidAddress(String address) {
        return SolanaKeys.isValidAddress(address);
    }

    @Override
    public boolean isValidTxId(String txId) {
        return SolanaSignatures.isValid(txId);
    }

    @Override
    public boolean verifyWalletSignature(String address, String message, String signature) {
        return SolanaSignatures.verifyMessage(address, message, signature);
    }

    @Override
    public PayerSecret parseSecret(String text) throws PaymentRejectedException {
        return SolanaKeys.parse(text);
    }

    @Override
    public String addressOf(PayerSecret secret) {
        return SolanaKeys.addressOf(secret);
    }

    @Override
    public Map<String, Object> paymentInstructions(PaymentIntent intent) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("network", config.network().value());
        out.put("asset", intent.asset().isNative() ? "SOL" : intent.asset().address());
        out.put("transfers", List.of(
                transfer(intent.payee(), intent.netUnits()), transfer(intent.feeRecipient(), intent.feeUnits())));
        if (!intent.asset().isNative()) {
            out.put("token_program", SolanaPrograms.tokenProgramOf(intent.asset()).toBase58());
            out.put("instruction", "TransferChecked to each recipient's associated token account");
        }
        out.put("memo", intent.memo());
        out.put("memo_programs", SolanaPrograms.MEMO); // v2 first: what wallets and explorers read
        out.put("single_transaction", true);
        if (sponsor != null) {
            out.put("fee_payer", sponsor.address()); // a client-signed transaction may name the gateway as fee payer
        }
        return out;
    }

    /** One transfer of the instructions, keys in a fixed order (a wire body must not change between runs). */
    private static Map<String, Object> transfer(String to, java.math.BigInteger amount) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("to", to);
        t.put("amount", amount.toString());
        return t;
    }

    @Override
    public SignedPayment signPayment(PaymentIntent intent, PayerSecret secret) throws PaymentRejectedException {
        requireThisNetwork(intent);
        String payerAddress = addressOf(secret);
        if (intent.payer() != null && !intent.payer().equals(payerAddress)) {
            throw new PaymentRejectedException(Reason.INVALID_KEY,
                    "the key does not belong to the job's payer " + intent.payer());
        }
        PublicKey payer = new PublicKey(payerAddress);
        requireFunds(intent, payer);
        List<TransactionInstruction> ixs = SolanaPaymentBuilder.instructions(intent, payer);
        JsonNode latest = rpc.read("getLatestBlockhash", Map.of("commitment", "confirmed")).path("value");
        Account signer = new Account(secret.bytes());
        try {
            byte[] wire = SolanaPaymentBuilder.sign(ixs, latest.path("blockhash").asText(), signer);
            return new SignedPayment(SolanaPaymentBuilder.signatureOf(wire), wire, payerAddress,
                    latest.path("lastValidBlockHeight").asLong());
        } finally {
            Arrays.fill(signer.getSecretKey(), (byte) 0);
        }
    }

    /** Refuse early, with a message a person understands, rather than let a doomed transaction burn fees. */
    private void requireFunds(PaymentIntent intent, PublicKey payer) throws PaymentRejectedException {
        long lamports = rpc.read("getBalance", payer.toBase58(), Map.of("commitment", "confirmed")).path("value").asLong();
        BigInteger neededLamports = BigInteger.valueOf(LAMPORTS_PER_SIGNATURE);
        if (intent.asset().isNative()) {
            neededLamports = neededLamports.add(intent.totalUnits());
        } else {
            BigInteger tokens = balanceOf(payer.toBase58(), intent.asset());
            if (tokens.compareTo(intent.totalUnits()) < 0) {
                throw new PaymentRejectedException(Reason.INSUFFICIENT_FUNDS, "payer " + payer.toBase58() + " holds "
                        + tokens + " " + intent.asset().symbol() + " units but the job costs " + intent.totalUnits());
            }
        }
        if (BigInteger.valueOf(lamports).compareTo(neededLamports) < 0) {
            throw new PaymentRejectedException(Reason.INSUFFICIENT_FUNDS, "payer " + payer.toBase58() + " holds "
                    + lamports + " lamports but needs at least " + neededLamports + " (payment plus network fee)");
        }
    }

    @Override
    public Optional<dev.tollgate.chain.x402.ExactScheme> exactScheme() {
        return Optional.ofNullable(exact);
    }

    @Override
    public Optional<CustodialSigner> custodialSigner() {
        return Optional.of(this);
    }

    /** Client-signed transactions (legacy or v0), fee paid by the payer or, when configured, sponsored. */
    @Override
    public Optional<dev.tollgate.chain.ClientPayments> clientPayments() {
        return Optional.of(clientPayments);
    }

    @Override
    public Submission submit(SignedPayment payment, boolean skipPreflight) throws PaymentRejectedException {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("encoding", "base64");
        options.put("skipPreflight", skipPreflight);
        options.put("preflightCommitment", "confirmed");
        try {
            rpc.send("sendTransaction", Base64.getEncoder().encodeToString(payment.rawTx()), options);
            return Submission.ACCEPTED;
        } catch (SolanaRpc.RpcError e) {
            if (errorText(e).contains("AlreadyProcessed")) {
                return Submission.ALREADY_KNOWN; // these exact bytes landed already: a normal outcome
            }
            throw rejection(e);
        }
    }

    private static String errorText(SolanaRpc.RpcError e) {
        return e.getMessage() + " " + (e.data == null ? "" : e.data.path("err").toString());
    }

    private static PaymentRejectedException rejection(SolanaRpc.RpcError e) {
        String err = e.data == null ? "" : e.data.path("err").toString();
        String all = errorText(e);
        Reason reason;
        if (all.contains("InsufficientFunds") || all.contains("{\"Custom\":1}")) {
            // Custom 1 is "insufficient funds" for both the System and the SPL Token program
            reason = Reason.INSUFFICIENT_FUNDS;
        } else if (e.code == -32002 || all.contains("BlockhashNotFound")) {
            reason = Reason.SIMULATION_FAILED;
        } else {
            reason = Reason.INVALID_REQUEST;
        }
        // The chain's error value is a fact the payer can act on; the node's own text stays out.
        return new PaymentRejectedException(reason, "the Solana node refused the payment (error " + e.code + ")"
                + (err.isEmpty() || "\"\"".equals(err) ? "" : ": " + err));
    }

    @Override
    public PaymentCheck checkPayment(PaymentIntent intent, String txId, Commitment commitment, long validUntil) {
        requireThisNetwork(intent);
        if (!isValidTxId(txId)) {
            return invalidTxId();
        }
        return lookUp(intent, txId, commitment, validUntil);
    }

    private static PaymentCheck invalidTxId() {
        return PaymentCheck.rejected(VerificationCode.INVALID_TX_ID, "not a Solana transaction signature (base58 of 64 bytes)");
    }

    /**
     * {@link #checkPayment} after the form check; package-private so tests can show that what the node itself refuses
     * as invalid params (JSON-RPC -32602) is a definitive verdict, never an outage that strands a job.
     *
     * <p>Verdicts are taken only at the required commitment (at least {@code confirmed}, where contents are read):
     * a transaction that failed or pays wrongly on a fork the cluster may abandon can still land differently.
     */
    PaymentCheck lookUp(PaymentIntent intent, String txId, Commitment commitment, long validUntil) {
        return lookUp(txId, commitment, validUntil, (tx, time) -> SolanaPaymentVerifier.verify(intent, tx, time));
    }

    /**
     * The x402 facilitator's look at a plain transfer it co-signed: landed at {@code commitment} and moving exactly
     * {@code amount} of {@code asset} from {@code payer} to {@code ATA(payTo)}; no memo is required.
     */
    PaymentCheck checkTransfer(ChainAsset asset, String payer, String payTo, BigInteger amount, String txId,
                               Commitment commitment, long validUntil) {
        if (!isValidTxId(txId)) {
            return invalidTxId();
        }
        return lookUp(txId, commitment, validUntil,
                (tx, time) -> SolanaPaymentVerifier.verifyTransfer(asset, payer, payTo, amount, tx, time));
    }

    /** An allowance charge of {@code intent}: debited from the payer's account by {@code delegate} exactly. */
    PaymentCheck checkAllowanceCharge(PaymentIntent intent, String delegate, String txId, Commitment commitment,
                                      long validUntil) {
        requireThisNetwork(intent);
        if (!isValidTxId(txId)) {
            return invalidTxId();
        }
        return lookUp(txId, commitment, validUntil,
                (tx, time) -> SolanaPaymentVerifier.verifyDelegated(intent, delegate, tx, time));
    }

    private PaymentCheck lookUp(String txId, Commitment commitment, long validUntil,
                                java.util.function.BiFunction<JsonNode, Instant, PaymentCheck> verdict) {
        Commitment required = commitment.atLeast(Commitment.CONFIRMED) ? commitment : Commitment.CONFIRMED;
        try {
            JsonNode status = signatureStatus(txId);
            if (status == null) {
                return unseen(txId, validUntil);
            }
            Commitment reached = reached(status);
            if (!reached.atLeast(required)) {
                return PaymentCheck.pending(VerificationCode.NOT_FINAL,
                        "transaction is " + reached.wireName() + ", waiting for " + required.wireName());
            }
            if (!status.path("err").isNull() && !status.path("err").isMissingNode()) {
                return PaymentCheck.rejected(VerificationCode.TX_FAILED, "transaction failed on chain");
            }
            JsonNode tx = lookup("getTransaction", txId,
                    Map.of("encoding", "json", "commitment", "confirmed", "maxSupportedTransactionVersion", 0));
            if (tx == null || tx.isNull()) {
                return PaymentCheck.pending(VerificationCode.NOT_FINAL, "transaction not yet readable at confirmed");
            }
            return verdict.apply(tx, blockTime(tx));
        } catch (RefusedAsInvalid refused) {
            return invalidTxId();
        }
    }

    /**
     * Not seen. Dropped only once the <em>finalized</em> block height is past the blockhash's last valid block height
     * by the configured margin, and a second look (after that height was read) still does not find it: by then any
     * block that could hold it is final, so a late answer from a lagging node cannot turn into a landed payment.
     */
    private PaymentCheck unseen(String txId, long validUntil) throws RefusedAsInvalid {
        if (validUntil >= 0) {
            long finalizedHeight = rpc.read("getBlockHeight", Map.of("commitment", "finalized")).asLong();
            if (finalizedHeight - validUntil > config.dropMarginBlocks() && signatureStatus(txId) == null) {
                return PaymentCheck.dropped("transaction " + txId + " was not seen and its blockhash expired "
                        + (finalizedHeight - validUntil) + " finalized blocks ago");
            }
        }
        return PaymentCheck.pending(VerificationCode.TX_NOT_FOUND, "transaction " + txId + " not seen yet");
    }

    private JsonNode signatureStatus(String txId) throws RefusedAsInvalid {
        JsonNode status = lookup("getSignatureStatuses", List.of(txId), Map.of("searchTransactionHistory", true))
                .path("value").path(0);
        return status.isMissingNode() || status.isNull() ? null : status;
    }

    /** The commitment a status has reached; old Agave versions leave confirmationStatus out for rooted slots. */
    private static Commitment reached(JsonNode status) {
        JsonNode level = status.path("confirmationStatus");
        if (level.isTextual()) {
            return Commitment.parse(level.asText());
        }
        return status.path("confirmations").isNull() ? Commitment.FINALIZED : Commitment.PROCESSED;
    }

    /** The node refused the lookup's parameters (-32602): asking again cannot help. */
    private static final class RefusedAsInvalid extends Exception {
        RefusedAsInvalid() {
            super(null, null, false, false);
        }
    }

    private JsonNode lookup(String method, Object... params) throws RefusedAsInvalid {
        try {
            return rpc.call(method, params);
        } catch (SolanaRpc.RpcError e) {
            if (e.code == SolanaRpc.INVALID_PARAMS) {
                throw new RefusedAsInvalid();
            }
            throw SolanaRpc.unavailable(method, e);
        }
    }

    /** When the transaction's block was produced: getTransaction's {@code blockTime}, else getBlockTime of its slot. */
    private Instant blockTime(JsonNode tx) {
        JsonNode seconds = tx.path("blockTime");
        if (!seconds.canConvertToLong() && tx.path("slot").canConvertToLong()) {
            try {
                seconds = rpc.call("getBlockTime", tx.path("slot").asLong());
            } catch (SolanaRpc.RpcError noTimeKept) {
                return null; // Agave answers an error for slots whose time it no longer keeps
            }
        }
        return seconds != null && seconds.canConvertToLong() ? Instant.ofEpochSecond(seconds.asLong()) : null;
    }

    @Override
    public BigInteger balanceOf(String owner, ChainAsset asset) {
        if (asset.isNative()) {
            return BigInteger.valueOf(rpc.read("getBalance", owner, Map.of("commitment", "confirmed")).path("value").asLong());
        }
        String ata = SolanaKeys.associatedTokenAccount(new PublicKey(owner), new PublicKey(asset.address()),
                SolanaPrograms.tokenProgramOf(asset)).toBase58();
        JsonNode account = rpc.read("getAccountInfo", ata, Map.of("encoding", "base64", "commitment", "confirmed"))
                .path("value");
        if (account.isNull() || account.isMissingNode()) {
            return BigInteger.ZERO;
        }
        byte[] data = Base64.getDecoder().decode(account.path("data").path(0).asText());
        // SPL token account layout (Token-2022's base layout too): mint(32) owner(32) amount(u64 LE) ...
        if (data.length < 72) {
            return BigInteger.ZERO;
        }
        return SolanaPaymentVerifier.u64(data, 64);
    }

    private void requireThisNetwork(PaymentIntent intent) {
        if (!intent.network().equals(config.network())) {
            throw new IllegalArgumentException("intent for " + intent.network() + " sent to the " + config.network() + " rail");
        }
    }
}
