package dev.tollgate.chain.memory;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.ClientPayment;
import dev.tollgate.chain.ClientPaymentRefusedException;
import dev.tollgate.chain.ClientPayments;
import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.CustodialSigner;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.ObservedPayment;
import dev.tollgate.chain.PayerSecret;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.PaymentRail;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.RailUnavailableException;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.VerificationCode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.p2p.solanaj.core.Account;
import org.p2p.solanaj.utils.Base58;
import org.p2p.solanaj.utils.TweetNaclFast;

/**
 * A test rail over an in-memory ledger: balances per (address, asset) and a log of transactions by id; no I/O.
 * Keys, addresses, signatures and tx ids look like Solana's (Ed25519 keypairs as base58 of 64 bytes, addresses base58
 * of 32 bytes, tx ids base58 of 64 random bytes) so every front-end that handles Solana handles it too; its network
 * id is its own. It signs and submits atomically (net and fee move together, plus a network fee in the native coin,
 * or nothing moves and the submit is refused) and checks payments by the same rules as the real rails: exact or more,
 * to the intent's recipients, in its asset, naming its memo, from its payer; block times come from the given clock.
 *
 * <p>Misbehaviour is scripted: {@link #nodeDown}, and for the next transaction submitted or paid
 * {@link #scriptNext(Behaviour)}.
 *
 * <p>It also takes payments the payer signed itself ({@link ClientPayments}): {@link #signClientPayment} builds the
 * wire bytes a wallet would (its transfers, asset and memo, signed with the payer's Ed25519 key; the tx id is that
 * signature, so the same bytes are always the same tx id), inspection checks them like a real rail, and
 * {@link #refuseNextInspection} scripts a refusal of any reason. Bytes that someone already broadcast
 * ({@link #broadcastClientPayment}) are {@code ALREADY_KNOWN} to a later submit. Not production code: it lives in
 * chain-adapters' test-jar only.
 */
public final class InMemoryRail implements PaymentRail, CustodialSigner, ClientPayments {
    /** Lamport-like network fee the payer pays per landed transaction, in the native coin. */
    public static final BigInteger NETWORK_FEE = BigInteger.valueOf(5_000);
    /** Blocks a signed payment stays valid (like Solana's blockhash window). */
    public static final long VALIDITY_BLOCKS = 150;
    private static final Pattern BASE58 = Pattern.compile("[1-9A-HJ-NP-Za-km-z]+");
    private static final String NATIVE = "<native>";
    private static final int MAX_KEY_CHARS = 2_048;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What happens to the next transaction that is submitted or paid. */
    public sealed interface Behaviour {
        /** Lands at once (the default). */
        record Land() implements Behaviour { }

        /** Lands, but the first {@code looks} checks find it not yet final. */
        record PendingFor(int looks) implements Behaviour { }

        /**
         * Lands, but every check finds it not yet final until {@link #finishPending()}: a pending verdict that does not
         * depend on how many looks fit in a wait (which depends on the poll pauses and the machine's load).
         */
        record PendingUntilFinished() implements Behaviour { }

        /** The node takes it and it never lands: every check then says DROPPED. */
        record Dropped() implements Behaviour { }

        /** Lands and fails on chain: only the network fee is charged. */
        record FailsOnChain() implements Behaviour { }

        /** The submit is refused before anything lands (a preflight failure). */
        record Refused(PaymentRejectedException.Reason reason) implements Behaviour { }

        /** The node calls the id invalid when it is looked up. */
        record InvalidTxId() implements Behaviour { }
    }

    private record Tx(String id, String payer, String assetKey, Map<String, BigInteger> credits, Set<String> memos,
                      Instant blockTime, boolean failed) { }

    private record Signed(PaymentIntent intent, String payer) { }

    private final NetworkId network;
    private final Map<String, ChainAsset> assets;
    private final Clock clock;
    private final Map<String, Map<String, BigInteger>> balances = new HashMap<>();
    private final Map<String, Tx> log = new LinkedHashMap<>();
    private final Map<String, Signed> signed = new HashMap<>();
    private final Map<String, Integer> pendingLooks = new HashMap<>();
    private final Set<String> dropped = new java.util.HashSet<>();
    private final Set<String> invalid = new java.util.HashSet<>();
    private volatile boolean nodeDown;
    private volatile boolean custodial = true;
    private volatile boolean clientPaymentsOffered = true;
    private ClientPaymentRefusedException.Reason refuseNext;
    private final List<String> clientSubmissions = new ArrayList<>();
    private final List<String> discarded = new ArrayList<>();
    private Behaviour next = new Behaviour.Land();
    private long height = 1;
    private final InMemoryRailExactScheme exact = new InMemoryRailExactScheme(this);
    private volatile boolean offersExact = true;

    public InMemoryRail(NetworkId network, List<ChainAsset> assets, Clock clock) {
        this.network = network;
        Map<String, ChainAsset> bySymbol = new LinkedHashMap<>();
        assets.forEach(a -> bySymbol.put(a.symbol(), a));
        this.assets = java.util.Collections.unmodifiableMap(bySymbol);
        this.clock = clock;
    }

    // ---- scripting and the test's own wallet ----

    /** While down, every call that would need a node throws {@link RailUnavailableException}. */
    public void nodeDown(boolean down) {
        this.nodeDown = down;
    }

    /** Whether this rail offers key signing (ATP's key mode). */
    public void offerCustodialSigning(boolean offer) {
        this.custodial = offer;
    }

    /** Whether this rail takes payments the payer signed itself. */
    public void offerClientPayments(boolean offer) {
        this.clientPaymentsOffered = offer;
    }

    /** The next client payment inspected is refused with {@code reason} (null: inspect normally). */
    public synchronized void refuseNextInspection(ClientPaymentRefusedException.Reason reason) {
        this.refuseNext = reason;
    }

    /** Tx ids of client payments this rail was asked to broadcast, in order, one entry per submit call. */
    public synchronized List<String> clientSubmissions() {
        return List.copyOf(clientSubmissions);
    }

    /** Tx ids of inspected client payments the caller discarded (never to be broadcast). */
    public synchronized List<String> discardedClientPayments() {
        return List.copyOf(discarded);
    }

    /**
     * The wire bytes of a transaction a wallet signed: {@code credits} of {@code asset} from {@code payer}, with
     * {@code memo}. Layout: the 64-byte Ed25519 signature, then the UTF-8 message
     * {@code memrail-tx|payer|asset|to=units,...|memo|salt}.
     */
    public static byte[] signClientPayment(Account payer, ChainAsset asset, Map<String, BigInteger> credits, String memo) {
        StringBuilder to = new StringBuilder();
        credits.forEach((address, units) -> to.append(to.isEmpty() ? "" : ",").append(address).append('=').append(units));
        byte[] salt = new byte[8];
        RANDOM.nextBytes(salt);
        String message = String.join("|", "memrail-tx", payer.getPublicKeyBase58(), key(asset), to.toString(),
                memo == null ? "" : memo, Base58.encode(salt));
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        byte[] signature = new TweetNaclFast.Signature(new byte[0], payer.getSecretKey()).detached(body);
        byte[] wire = Arrays.copyOf(signature, 64 + body.length);
        System.arraycopy(body, 0, wire, 64, body.length);
        return wire;
    }

    /** The tx id of client-signed wire bytes (their signature), as {@link #signClientPayment} made them. */
    public static String txIdOf(byte[] wire) {
        return Base58.encode(Arrays.copyOf(wire, 64));
    }

    /** Someone (the payer, or whoever copied the bytes) broadcasts client-signed bytes directly; they land. */
    public synchronized void broadcastClientPayment(byte[] wire) throws PaymentRejectedException {
        ParsedTx tx = parse(wire);
        if (tx == null) {
            throw new PaymentRejectedException(PaymentRejectedException.Reason.INVALID_REQUEST, "malformed");
        }
        String txId = txIdOf(wire);
        if (!log.containsKey(txId)) {
            land(txId, tx.payer(), tx.asset(), tx.credits(), Set.of(tx.memo()));
        }
    }

    /** The next transaction submitted or paid behaves so; later ones land normally. */
    /** Every landed transaction still pending is final at its next look. */
    public synchronized void finishPending() {
        pendingLooks.replaceAll((tx, looks) -> 0);
    }

    public synchronized void scriptNext(Behaviour behaviour) {
        this.next = behaviour;
    }

    /** A new keypair, as base58 of its 64 bytes (the form {@link #parseSecret} reads). */
    public static Account newAccount() {
        return new Account();
    }

    public static String secretOf(Account account) {
        return Base58.encode(account.getSecretKey());
    }

    /** A fresh account holding 10 of the native coin (fees) and {@code tokenUnits} of {@code token}. */
    public Account newFundedAccount(ChainAsset token, BigInteger tokenUnits) {
        Account account = newAccount();
        fund(account.getPublicKeyBase58(), assets().values().stream().filter(ChainAsset::isNative).findFirst()
                .orElseThrow(), BigInteger.valueOf(10_000_000_000L));
        fund(account.getPublicKeyBase58(), token, tokenUnits);
        return account;
    }

    /** Mints {@code units} of {@code asset} to {@code owner}. */
    public synchronized void fund(String owner, ChainAsset asset, BigInteger units) {
        balances.computeIfAbsent(owner, o -> new HashMap<>()).merge(key(asset), units, BigInteger::add);
    }

    /** Moves the chain on {@code blocks} blocks (signed payments past their window can no longer land). */
    public synchronized void advance(long blocks) {
        height += blocks;
    }

    public synchronized long height() {
        return height;
    }

    /**
     * The payer's own wallet sends one transaction crediting {@code credits} of {@code asset} and carrying
     * {@code memos} (a wallet may pay several jobs in one transaction), under the scripted behaviour.
     *
     * @return its tx id (also for a refused or dropped one: it was signed)
     * @throws PaymentRejectedException when the balance does not cover it or the submit is scripted to be refused
     */
    public synchronized String pay(String payer, ChainAsset asset, Map<String, BigInteger> credits, List<String> memos)
            throws PaymentRejectedException {
        String txId = newTxId();
        land(txId, payer, asset, credits, Set.copyOf(memos));
        return txId;
    }

    /** A syntactically valid tx id that was never sent. */
    public static String newTxId() {
        byte[] id = new byte[64];
        RANDOM.nextBytes(id);
        return Base58.encode(id);
    }

    // ---- PaymentRail ----

    @Override
    public NetworkId network() {
        return network;
    }

    @Override
    public Map<String, ChainAsset> assets() {
        return assets;
    }

    @Override
    public boolean isValidAddress(String address) {
        return decodes(address, 32, 44);
    }

    @Override
    public boolean isValidTxId(String txId) {
        return decodes(txId, 64, 88);
    }

    @Override
    public boolean verifyWalletSignature(String address, String message, String signature) {
        if (!isValidAddress(address) || message == null || !decodes(signature, 64, 88)) {
            return false;
        }
        return new TweetNaclFast.Signature(Base58.decode(address), new byte[0])
                .detached_verify(message.getBytes(StandardCharsets.UTF_8), Base58.decode(signature));
    }

    @Override
    public Map<String, Object> paymentInstructions(PaymentIntent intent) {
        up();
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Object>> transfers = new ArrayList<>();
        transfers.add(Map.of("to", intent.payee(), "amount", intent.netUnits().toString()));
        if (intent.feeUnits().signum() > 0) {
            transfers.add(Map.of("to", intent.feeRecipient(), "amount", intent.feeUnits().toString()));
        }
        out.put("transfers", transfers);
        out.put("memo", intent.memo());
        return out;
    }

    @Override
    public synchronized PaymentCheck checkPayment(PaymentIntent intent, String txId, Commitment commitment,
                                                  long validUntil) {
        up();
        if (!isValidTxId(txId) || invalid.contains(txId)) {
            return PaymentCheck.rejected(VerificationCode.INVALID_TX_ID, "not a transaction id of " + network);
        }
        Tx tx = log.get(txId);
        if (tx == null) {
            if (dropped.contains(txId) || (validUntil >= 0 && height > validUntil)) {
                return PaymentCheck.dropped("the transaction was not seen and its validity window is over");
            }
            return PaymentCheck.pending(VerificationCode.TX_NOT_FOUND, "transaction not found");
        }
        Integer looks = pendingLooks.get(txId);
        if (looks != null && looks > 0) {
            pendingLooks.put(txId, looks - 1);
            return PaymentCheck.pending(VerificationCode.NOT_FINAL, "landed, not yet " + commitment.wireName());
        }
        if (tx.failed()) {
            return PaymentCheck.rejected(VerificationCode.TX_FAILED, "the transaction failed on chain");
        }
        ObservedPayment seen = observe(tx, intent);
        if (!tx.memos().contains(intent.memo())) {
            return PaymentCheck.rejected(VerificationCode.MEMO_MISSING, "the transaction does not name this job", seen);
        }
        if (!tx.assetKey().equals(key(intent.asset()))) {
            return PaymentCheck.rejected(VerificationCode.WRONG_ASSET, "the transaction moved another asset", seen);
        }
        if (intent.payer() != null && !intent.payer().equals(tx.payer())) {
            return PaymentCheck.rejected(VerificationCode.WRONG_PAYER, "the transaction came from another wallet", seen);
        }
        boolean feeSeparate = !intent.payee().equals(intent.feeRecipient());
        if (seen.toPayee().signum() == 0 || (feeSeparate && intent.feeUnits().signum() > 0
                && seen.toFeeRecipient().signum() == 0)) {
            return PaymentCheck.rejected(VerificationCode.WRONG_RECIPIENT, "the transaction paid other accounts", seen);
        }
        boolean enough = feeSeparate
                ? seen.toPayee().compareTo(intent.netUnits()) >= 0 && seen.toFeeRecipient().compareTo(intent.feeUnits()) >= 0
                : seen.toPayee().compareTo(intent.totalUnits()) >= 0;
        if (!enough) {
            return PaymentCheck.rejected(VerificationCode.AMOUNT_MISMATCH, "the transaction paid less than the job", seen);
        }
        return PaymentCheck.verified(seen);
    }

    @Override
    public synchronized BigInteger balanceOf(String owner, ChainAsset asset) {
        up();
        return balances.getOrDefault(owner, Map.of()).getOrDefault(key(asset), BigInteger.ZERO);
    }

    @Override
    public Optional<CustodialSigner> custodialSigner() {
        return custodial ? Optional.of(this) : Optional.empty();
    }

    @Override
    public Optional<ClientPayments> clientPayments() {
        return clientPaymentsOffered ? Optional.of(this) : Optional.empty();
    }

    // ---- ClientPayments ----

    private static final int MAX_WIRE_BYTES = 1_232; // Solana's packet limit, to behave like one

    private record ParsedTx(String payer, ChainAsset asset, Map<String, BigInteger> credits, String memo,
                            boolean signatureValid) { }

    @Override
    public synchronized SignedPayment inspect(PaymentIntent intent, ClientPayment payment)
            throws ClientPaymentRefusedException {
        up();
        ClientPaymentRefusedException.Reason scripted = refuseNext;
        refuseNext = null;
        if (scripted != null) {
            throw new ClientPaymentRefusedException(scripted, "refused as scripted");
        }
        if (!(payment instanceof ClientPayment.SignedTransaction signedTx)) {
            throw new ClientPaymentRefusedException(ClientPaymentRefusedException.Reason.UNSUPPORTED,
                    "this rail takes signed transactions only");
        }
        ParsedTx tx = parse(signedTx.wire());
        if (tx == null) {
            throw new ClientPaymentRefusedException(ClientPaymentRefusedException.Reason.MALFORMED, "not a transaction");
        }
        if (!tx.signatureValid()) {
            throw new ClientPaymentRefusedException(ClientPaymentRefusedException.Reason.SIGNATURE_INVALID,
                    "the signature does not verify");
        }
        if (intent.payer() != null && !intent.payer().equals(tx.payer())) {
            throw new ClientPaymentRefusedException(ClientPaymentRefusedException.Reason.WRONG_PAYER,
                    "signed by another wallet");
        }
        if (!tx.asset().equals(intent.asset())) {
            throw new ClientPaymentRefusedException(ClientPaymentRefusedException.Reason.WRONG_ASSET, "another asset");
        }
        if (!intent.memo().equals(tx.memo())) {
            throw new ClientPaymentRefusedException(ClientPaymentRefusedException.Reason.MEMO_MISSING,
                    "the memo does not name this job");
        }
        Map<String, BigInteger> expected = new LinkedHashMap<>();
        expected.merge(intent.payee(), intent.netUnits(), BigInteger::add);
        if (intent.feeUnits().signum() > 0) {
            expected.merge(intent.feeRecipient(), intent.feeUnits(), BigInteger::add);
        }
        if (!tx.credits().keySet().equals(expected.keySet())) {
            throw new ClientPaymentRefusedException(ClientPaymentRefusedException.Reason.WRONG_RECIPIENT,
                    "pays other accounts");
        }
        if (!tx.credits().equals(expected)) {
            throw new ClientPaymentRefusedException(ClientPaymentRefusedException.Reason.AMOUNT_MISMATCH,
                    "pays other amounts");
        }
        String txId = txIdOf(signedTx.wire());
        signed.put(txId, new Signed(intent, tx.payer()));
        return new SignedPayment(txId, signedTx.wire().clone(), tx.payer(), height + VALIDITY_BLOCKS);
    }

    @Override
    public synchronized Submission submit(SignedPayment payment) throws PaymentRejectedException {
        up();
        clientSubmissions.add(payment.txId());
        return submit(payment, false);
    }

    @Override
    public synchronized void discard(SignedPayment payment) {
        discarded.add(payment.txId());
    }

    /** Null when the bytes are not a client transaction of this rail (size checked first). */
    private ParsedTx parse(byte[] wire) {
        if (wire == null || wire.length <= 64 || wire.length > MAX_WIRE_BYTES) {
            return null;
        }
        byte[] body = Arrays.copyOfRange(wire, 64, wire.length);
        String[] parts = new String(body, StandardCharsets.UTF_8).split("\\|", -1);
        if (parts.length != 6 || !"memrail-tx".equals(parts[0]) || !isValidAddress(parts[1])) {
            return null;
        }
        ChainAsset asset = assets.values().stream().filter(a -> key(a).equals(parts[2])).findFirst().orElse(null);
        if (asset == null) {
            asset = new ChainAsset("OTHER", 0, parts[2]);
        }
        Map<String, BigInteger> credits = new LinkedHashMap<>();
        try {
            for (String credit : parts[3].split(",")) {
                int eq = credit.indexOf('=');
                credits.merge(credit.substring(0, eq), new BigInteger(credit.substring(eq + 1)), BigInteger::add);
            }
        } catch (RuntimeException e) {
            return null;
        }
        boolean valid = new TweetNaclFast.Signature(Base58.decode(parts[1]), new byte[0])
                .detached_verify(body, Arrays.copyOf(wire, 64));
        return new ParsedTx(parts[1], asset, credits, parts[4], valid);
    }

    // ---- CustodialSigner ----

    @Override
    public PayerSecret parseSecret(String text) throws PaymentRejectedException {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.length() > MAX_KEY_CHARS || !decodes(trimmed, 64, 88)) {
            throw new PaymentRejectedException(PaymentRejectedException.Reason.INVALID_KEY,
                    "private_key is not a base58 64-byte keypair");
        }
        byte[] bytes = Base58.decode(trimmed);
        byte[] seed = Arrays.copyOf(bytes, 32);
        TweetNaclFast.Signature.KeyPair derived = TweetNaclFast.Signature.keyPair_fromSeed(seed);
        boolean matches = java.security.MessageDigest.isEqual(derived.getPublicKey(), Arrays.copyOfRange(bytes, 32, 64));
        Arrays.fill(seed, (byte) 0);
        Arrays.fill(derived.getSecretKey(), (byte) 0);
        if (!matches) {
            Arrays.fill(bytes, (byte) 0);
            throw new PaymentRejectedException(PaymentRejectedException.Reason.INVALID_KEY,
                    "private_key is not a valid keypair");
        }
        return new PayerSecret(bytes);
    }

    @Override
    public String addressOf(PayerSecret secret) {
        return Base58.encode(Arrays.copyOfRange(secret.bytes(), 32, 64));
    }

    @Override
    public synchronized SignedPayment signPayment(PaymentIntent intent, PayerSecret secret) {
        up();
        String payer = addressOf(secret);
        String txId = newTxId();
        signed.put(txId, new Signed(intent, payer));
        return new SignedPayment(txId, txId.getBytes(StandardCharsets.US_ASCII), payer, height + VALIDITY_BLOCKS);
    }

    @Override
    public synchronized Submission submit(SignedPayment payment, boolean skipPreflight)
            throws PaymentRejectedException {
        up();
        if (log.containsKey(payment.txId()) || dropped.contains(payment.txId())) {
            return Submission.ALREADY_KNOWN;
        }
        Signed s = signed.get(payment.txId());
        if (s == null) {
            throw new PaymentRejectedException(PaymentRejectedException.Reason.INVALID_REQUEST, "unknown transaction");
        }
        if (payment.validUntil() >= 0 && height > payment.validUntil()) {
            throw new PaymentRejectedException(PaymentRejectedException.Reason.SIMULATION_FAILED,
                    "the transaction's validity window is over");
        }
        PaymentIntent intent = s.intent();
        Map<String, BigInteger> credits = new LinkedHashMap<>();
        credits.merge(intent.payee(), intent.netUnits(), BigInteger::add);
        if (intent.feeUnits().signum() > 0) {
            credits.merge(intent.feeRecipient(), intent.feeUnits(), BigInteger::add);
        }
        land(payment.txId(), s.payer(), intent.asset(), credits, Set.of(intent.memo()));
        return Submission.ACCEPTED;
    }

    // ---- the ledger ----

    /** Applies the scripted behaviour and, when it lands, moves everything or nothing. */
    private void land(String txId, String payer, ChainAsset asset, Map<String, BigInteger> credits, Set<String> memos)
            throws PaymentRejectedException {
        Behaviour behaviour = next;
        next = new Behaviour.Land();
        switch (behaviour) {
            case Behaviour.Refused r -> throw new PaymentRejectedException(r.reason(), "refused in preflight");
            case Behaviour.Dropped d -> {
                dropped.add(txId);
                return;
            }
            case Behaviour.InvalidTxId i -> {
                invalid.add(txId);
                return;
            }
            default -> { }
        }
        boolean failed = behaviour instanceof Behaviour.FailsOnChain;
        BigInteger total = failed ? BigInteger.ZERO : credits.values().stream().reduce(BigInteger.ZERO, BigInteger::add);
        String assetKey = key(asset);
        BigInteger nativeNeeded = NETWORK_FEE.add(asset.isNative() ? total : BigInteger.ZERO);
        if (held(payer, NATIVE).compareTo(nativeNeeded) < 0
                || (!asset.isNative() && held(payer, assetKey).compareTo(total) < 0)) {
            throw new PaymentRejectedException(PaymentRejectedException.Reason.INSUFFICIENT_FUNDS,
                    "the payer's balance does not cover the payment and the network fee");
        }
        move(payer, NATIVE, NETWORK_FEE.negate());
        if (!failed) {
            move(payer, assetKey, total.negate());
            credits.forEach((to, units) -> move(to, assetKey, units));
        }
        log.put(txId, new Tx(txId, payer, assetKey, Map.copyOf(credits), memos, clock.instant(), failed));
        if (behaviour instanceof Behaviour.PendingFor p) {
            pendingLooks.put(txId, p.looks());
        }
        if (behaviour instanceof Behaviour.PendingUntilFinished) {
            pendingLooks.put(txId, Integer.MAX_VALUE);
        }
        height++;
    }

    private ObservedPayment observe(Tx tx, PaymentIntent intent) {
        boolean sameAsset = tx.assetKey().equals(key(intent.asset()));
        BigInteger toPayee = sameAsset ? tx.credits().getOrDefault(intent.payee(), BigInteger.ZERO) : BigInteger.ZERO;
        BigInteger toFee = sameAsset && !intent.feeRecipient().equals(intent.payee())
                ? tx.credits().getOrDefault(intent.feeRecipient(), BigInteger.ZERO) : BigInteger.ZERO;
        return new ObservedPayment(tx.blockTime(), tx.payer(), intent.asset().address(), toPayee, toFee);
    }

    private BigInteger held(String owner, String assetKey) {
        return balances.getOrDefault(owner, Map.of()).getOrDefault(assetKey, BigInteger.ZERO);
    }

    private void move(String owner, String assetKey, BigInteger delta) {
        balances.computeIfAbsent(owner, o -> new HashMap<>()).merge(assetKey, delta, BigInteger::add);
    }

    private static String key(ChainAsset asset) {
        return asset.isNative() ? NATIVE : asset.address();
    }

    private void up() {
        if (nodeDown) {
            throw new RailUnavailableException("the " + network + " node is down");
        }
    }

    /** Base58 of exactly {@code bytes} bytes; the length is checked before anything is decoded. */
    private static boolean decodes(String text, int bytes, int maxChars) {
        if (text == null || text.isEmpty() || text.length() > maxChars || !BASE58.matcher(text).matches()) {
            return false;
        }
        try {
            return Base58.decode(text).length == bytes;
        } catch (RuntimeException e) {
            return false;
        }
    }

    // ---- x402 exact (see InMemoryRailExactScheme) ----

    @Override
    public Optional<dev.tollgate.chain.x402.ExactScheme> exactScheme() {
        return offersExact ? Optional.of(exact) : Optional.empty();
    }

    /** The scriptable x402 {@code exact} scheme of this rail (offered unless turned off). */
    public InMemoryRailExactScheme exact() {
        return exact;
    }

    /** Whether this rail offers x402's {@code exact} scheme. */
    public void offerExactScheme(boolean offer) {
        this.offersExact = offer;
    }

    /** A settlement the exact scheme broadcasts: lands under the scripted behaviour, like any other. */
    synchronized void landSettlement(String txId, String payer, ChainAsset asset, Map<String, BigInteger> credits,
                                     Set<String> memos) throws PaymentRejectedException {
        up();
        land(txId, payer, asset, credits, memos);
    }

    synchronized boolean knows(String txId) {
        return log.containsKey(txId) || dropped.contains(txId) || invalid.contains(txId);
    }

    void requireUp() {
        up();
    }

    Clock clock() {
        return clock;
    }
}
