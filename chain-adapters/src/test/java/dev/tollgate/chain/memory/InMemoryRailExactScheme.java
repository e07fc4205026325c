package dev.tollgate.chain.memory;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.CustodialSigner;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.x402.ExactPayment;
import dev.tollgate.chain.x402.ExactRefusedException;
import dev.tollgate.chain.x402.ExactRequirement;
import dev.tollgate.chain.x402.ExactScheme;
import dev.tollgate.chain.x402.SettledElsewhere;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
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
 * x402's {@code exact} scheme on the {@link InMemoryRail}, shaped like EIP-3009: the payload is
 * {@code {authorization:{from, to, value, validBefore, nonce}, signature}}, the signature Ed25519 (base58) by
 * {@code from} over {@link #message}. Two ways a job's fee is honoured, as the real rails do:
 * <ul>
 *   <li>split in the settlement (default, like the EVM vault): {@code payTo} is this scheme's vault, and settling
 *       credits the job's net and fee at once, naming its memo;</li>
 *   <li>{@link #settlementWallet settlement wallet} (like Solana with a fee): {@code payTo} is the wallet, the total
 *       lands there, and the gateway must sweep it after release.</li>
 * </ul>
 * Scripting: {@link #refuseNextVerify} (an x402 reason), plus the rail's own {@code scriptNext} and {@code nodeDown}
 * for the broadcast. Counts every broadcast ({@link #settlements}). Test-jar only.
 */
public final class InMemoryRailExactScheme implements ExactScheme {
    public static final String DOMAIN_NAME = "Memory USD";
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9]{8,64}");
    private static final int MAX_FIELD = 128;

    private record Pending(String payer, ChainAsset asset, Map<String, BigInteger> credits, Set<String> memos,
                           String nonceKey) { }

    private final InMemoryRail rail;
    private final String vault = InMemoryRail.newAccount().getPublicKeyBase58();
    private final String relayer = InMemoryRail.newAccount().getPublicKeyBase58();
    private final Map<String, Pending> prepared = new HashMap<>();
    private final Set<String> usedNonces = new HashSet<>();
    private final Deque<String> refusals = new ArrayDeque<>();
    /** What each prepared settle pays (for a scripted stranger who submits the same authorisation first). */
    private final Map<String, ExactPayment> preparedPayments = new HashMap<>();
    /** Payment key -> the stranger's transaction that used the authorisation. */
    private final Map<String, String> usedBy = new HashMap<>();
    /** null: no stranger; false: the stranger's lands before ours reaches the node; true: after ours failed on chain. */
    private Boolean strangerNext;
    /** The scripted stranger's transfer goes to another account than payTo (impossible on a real chain). */
    private boolean strangerElsewhere;
    private volatile String settlementWallet;
    private int settlements;

    InMemoryRailExactScheme(InMemoryRail rail) {
        this.rail = rail;
    }

    // ---- scripting and the test's wallet ----

    /** Jobs with a fee are paid whole to {@code wallet} (then swept); null: split in the settlement (default). */
    public void settlementWallet(String wallet) {
        this.settlementWallet = wallet;
    }

    /** The next verification is refused with x402's {@code reason}. */
    public synchronized void refuseNextVerify(String reason) {
        refusals.add(reason);
    }

    /** How many settlements this scheme has broadcast and the ledger took (landed, pending or dropped). */
    /**
     * The next settle submitted meets a stranger who copied its authorisation and sent it to {@code payTo} directly:
     * landed before ours reaches the node (ours is refused), or with {@code afterOursFailed} just after ours landed
     * and failed on chain.
     */
    public synchronized void strangerSubmitsNextFirst(boolean afterOursFailed) {
        strangerNext = afterOursFailed;
        strangerElsewhere = false;
    }

    /** As {@link #strangerSubmitsNextFirst} (before ours), but the stranger's transaction pays another account. */
    public synchronized void strangerMovesNextElsewhere() {
        strangerNext = false;
        strangerElsewhere = true;
    }

    /** The stranger's transaction that used {@code paymentKey}'s authorisation, if a stranger did. */
    public synchronized Optional<String> strangerTx(String paymentKey) {
        return Optional.ofNullable(usedBy.get(paymentKey));
    }

    public synchronized int settlements() {
        return settlements;
    }

    public String vault() {
        return vault;
    }

    /** The text {@code from} signs. */
    public static String message(String network, String asset, String to, String value, long validBefore, String nonce) {
        return "x402-memrail|" + network + "|" + asset + "|" + to + "|" + value + "|" + validBefore + "|" + nonce;
    }

    /** What a stock client would put in {@code PaymentPayload.payload} for {@code requirement}. */
    public static Map<String, Object> sign(Account payer, ExactRequirement requirement, String nonce, long validBefore) {
        return sign(payer, requirement.network(), requirement.asset(), requirement.payTo(),
                requirement.amount().toString(), nonce, validBefore);
    }

    public static Map<String, Object> sign(Account payer, String network, String asset, String to, String value,
                                           String nonce, long validBefore) {
        byte[] sig = new TweetNaclFast.Signature(new byte[0], payer.getSecretKey()).detached(
                message(network, asset, to, value, validBefore, nonce).getBytes(StandardCharsets.UTF_8));
        Map<String, Object> authorization = new LinkedHashMap<>();
        authorization.put("from", payer.getPublicKeyBase58());
        authorization.put("to", to);
        authorization.put("value", value);
        authorization.put("validBefore", Long.toString(validBefore));
        authorization.put("nonce", nonce);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("authorization", authorization);
        payload.put("signature", Base58.encode(sig));
        return payload;
    }

    // ---- ExactScheme ----

    @Override
    public String caip2() {
        return rail.network().value();
    }

    @Override
    public ExactRequirement requirement(PaymentIntent intent, int maxTimeoutSeconds) {
        if (intent.asset().isNative()) {
            throw new IllegalArgumentException("exact pays tokens only");
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("name", DOMAIN_NAME);
        extra.put("version", "1");
        return new ExactRequirement(caip2(), intent.asset().address(), payTo(intent), intent.totalUnits(),
                maxTimeoutSeconds, extra);
    }

    private String payTo(PaymentIntent intent) {
        String wallet = settlementWallet;
        return wallet != null && intent.feeUnits().signum() > 0 ? wallet : vault;
    }

    @Override
    public boolean sweptAfterRelease(ExactRequirement requirement) {
        return requirement.payTo().equals(settlementWallet);
    }

    @Override
    public synchronized ExactPayment verify(ExactRequirement requirement, Map<String, Object> payload)
            throws ExactRefusedException {
        String scripted = refusals.poll();
        if (scripted != null) {
            throw new ExactRefusedException(scripted, "scripted refusal");
        }
        if (payload == null || !(payload.get("authorization") instanceof Map<?, ?> auth)) {
            throw new ExactRefusedException("invalid_payload", "no authorization");
        }
        String from = text(auth, "from");
        String to = text(auth, "to");
        String value = text(auth, "value");
        String validBefore = text(auth, "validBefore");
        String nonce = text(auth, "nonce");
        String signature = payload.get("signature") instanceof String s && s.length() <= MAX_FIELD ? s : null;
        if (from == null || to == null || value == null || validBefore == null || nonce == null || signature == null
                || !NONCE.matcher(nonce).matches() || !validBefore.matches("\\d{1,18}")) {
            throw new ExactRefusedException("invalid_payload", "malformed authorization");
        }
        if (!rail.isValidAddress(from)) {
            throw new ExactRefusedException("invalid_exact_evm_payload_signature", "from is not an address");
        }
        if (!to.equals(requirement.payTo())) {
            throw new ExactRefusedException("invalid_exact_evm_payload_recipient_mismatch", "wrong recipient");
        }
        if (!value.equals(requirement.amount().toString())) {
            throw new ExactRefusedException("invalid_exact_evm_payload_authorization_value_mismatch", "wrong amount");
        }
        long before = Long.parseLong(validBefore);
        if (before <= rail.clock().instant().getEpochSecond()) {
            throw new ExactRefusedException("invalid_exact_evm_payload_authorization_valid_before", "expired");
        }
        String message = message(requirement.network(), requirement.asset(), to, value, before, nonce);
        if (!rail.verifyWalletSignature(from, message, signature)) {
            throw new ExactRefusedException("invalid_exact_evm_payload_signature", "bad signature");
        }
        String key = requirement.asset() + ":" + from + ":" + nonce;
        if (usedNonces.contains(key)) {
            throw new ExactRefusedException("invalid_exact_evm_payload_authorization_nonce_used", "nonce used");
        }
        ChainAsset asset = asset(requirement.asset());
        if (rail.balanceOf(from, asset).compareTo(requirement.amount()) < 0) {
            throw new ExactRefusedException("insufficient_funds", "balance below the amount");
        }
        return new ExactPayment(requirement, from, key, payload);
    }

    @Override
    public synchronized SignedPayment prepare(PaymentIntent intent, ExactPayment payment) throws ExactRefusedException {
        ExactPayment again = verify(payment.requirement(), payment.payload());
        Map<String, BigInteger> credits = new LinkedHashMap<>();
        if (sweptAfterRelease(again.requirement())) {
            credits.put(again.requirement().payTo(), again.requirement().amount());
        } else {
            credits.merge(intent.payee(), intent.netUnits(), BigInteger::add);
            if (intent.feeUnits().signum() > 0) {
                credits.merge(intent.feeRecipient(), intent.feeUnits(), BigInteger::add);
            }
        }
        return sign(again, intent.asset(), credits, Set.of(intent.memo()));
    }

    private SignedPayment sign(ExactPayment payment, ChainAsset asset, Map<String, BigInteger> credits,
                               Set<String> memos) {
        String txId = InMemoryRail.newTxId();
        prepared.put(txId, new Pending(payment.payer(), asset, credits, memos, payment.paymentKey()));
        preparedPayments.put(txId, payment);
        return new SignedPayment(txId, txId.getBytes(StandardCharsets.US_ASCII), relayer,
                rail.height() + InMemoryRail.VALIDITY_BLOCKS);
    }

    @Override
    public CustodialSigner.Submission submit(SignedPayment signed) throws PaymentRejectedException {
        Pending p;
        synchronized (this) {
            rail.requireUp();
            if (rail.knows(signed.txId())) {
                return CustodialSigner.Submission.ALREADY_KNOWN;
            }
            p = prepared.get(signed.txId());
            if (p == null) {
                throw new PaymentRejectedException(PaymentRejectedException.Reason.INVALID_REQUEST, "unknown settlement");
            }
            Boolean stranger = strangerNext;
            strangerNext = null;
            if (stranger != null) {
                if (stranger) { // ours lands first and fails on chain: nothing moves
                    settlements++;
                    rail.scriptNext(new InMemoryRail.Behaviour.FailsOnChain());
                    rail.landSettlement(signed.txId(), p.payer(), p.asset(), p.credits(), p.memos());
                }
                ExactPayment payment = preparedPayments.get(signed.txId());
                String strangerTx = InMemoryRail.newTxId();
                String to = strangerElsewhere ? InMemoryRail.newAccount().getPublicKeyBase58()
                        : payment.requirement().payTo();
                rail.landSettlement(strangerTx, payment.payer(), p.asset(), Map.of(to, payment.requirement().amount()),
                        Set.of(memo(payment)));
                usedNonces.add(p.nonceKey());
                usedBy.put(p.nonceKey(), strangerTx);
                if (stranger) {
                    return CustodialSigner.Submission.ACCEPTED;
                }
            }
            if (usedNonces.contains(p.nonceKey())) {
                // the authorization already moved money: the contract would revert, nothing moves
                throw new PaymentRejectedException(PaymentRejectedException.Reason.SIMULATION_FAILED, "nonce used");
            }
            settlements++;
        }
        rail.landSettlement(signed.txId(), p.payer(), p.asset(), p.credits(), p.memos());
        synchronized (this) {
            if (rail.knows(signed.txId())) {
                usedNonces.add(p.nonceKey());
            }
        }
        return CustodialSigner.Submission.ACCEPTED;
    }

    @Override
    public PaymentCheck check(PaymentIntent intent, ExactPayment payment, String txId, Commitment commitment,
                              long validUntil) {
        PaymentIntent paid = sweptAfterRelease(payment.requirement())
                ? new PaymentIntent(intent.jobId(), intent.network(), intent.asset(), payment.payer(),
                        payment.requirement().payTo(), payment.requirement().payTo(), intent.totalUnits(),
                        BigInteger.ZERO, intent.memo(), intent.payBy())
                : new PaymentIntent(intent.jobId(), intent.network(), intent.asset(), payment.payer(), intent.payee(),
                        intent.feeRecipient(), intent.netUnits(), intent.feeUnits(), intent.memo(), intent.payBy());
        return rail.checkPayment(paid, txId, commitment, validUntil);
    }

    /** The stranger's transaction for a payload signed for {@code requirement} whose authorisation it used. */
    @Override
    public synchronized Optional<SettledElsewhere> findSettlementElsewhere(ExactRequirement requirement,
                                                                       Map<String, Object> payload) {
        if (payload == null || !(payload.get("authorization") instanceof Map<?, ?> auth)
                || !(payload.get("signature") instanceof String signature)) {
            return Optional.empty();
        }
        String from = text(auth, "from");
        String to = text(auth, "to");
        String value = text(auth, "value");
        String validBefore = text(auth, "validBefore");
        String nonce = text(auth, "nonce");
        if (from == null || nonce == null || validBefore == null || !validBefore.matches("\\d{1,18}")
                || !requirement.payTo().equals(to) || !requirement.amount().toString().equals(value)
                || !rail.verifyWalletSignature(from, message(requirement.network(), requirement.asset(), to, value,
                        Long.parseLong(validBefore), nonce), signature)) {
            return Optional.empty();
        }
        String key = requirement.asset() + ":" + from + ":" + nonce;
        String tx = usedBy.get(key);
        return tx == null ? Optional.empty() : Optional.of(new SettledElsewhere(tx,
                new ExactPayment(requirement, from, key, payload), Long.parseLong(validBefore) - 1));
    }

    // ---- facilitator ----

    @Override
    public Optional<String> refuseForeign(ExactRequirement requirement) {
        if (rail.assets().values().stream().noneMatch(a -> !a.isNative() && a.address().equals(requirement.asset()))) {
            return Optional.of("invalid_exact_evm_payload_asset");
        }
        if (!rail.isValidAddress(requirement.payTo())) {
            return Optional.of("invalid_exact_evm_payload_recipient_mismatch");
        }
        return Optional.empty();
    }

    @Override
    public synchronized SignedPayment prepareTransfer(ExactPayment payment) throws ExactRefusedException {
        ExactPayment again = verify(payment.requirement(), payment.payload());
        ExactRequirement r = again.requirement();
        return sign(again, asset(r.asset()), Map.of(r.payTo(), r.amount()), Set.of(memo(again)));
    }

    @Override
    public PaymentCheck checkTransfer(ExactPayment payment, String txId, Commitment commitment, long validUntil) {
        ExactRequirement r = payment.requirement();
        PaymentIntent paid = new PaymentIntent("x402", rail.network(), asset(r.asset()), payment.payer(), r.payTo(),
                r.payTo(), r.amount(), BigInteger.ZERO, memo(payment));
        return rail.checkPayment(paid, txId, commitment, validUntil);
    }

    @Override
    public List<String> signers() {
        return List.of(relayer);
    }

    private static String memo(ExactPayment payment) {
        return "x402:" + payment.paymentKey();
    }

    private ChainAsset asset(String address) {
        return rail.assets().values().stream().filter(a -> !a.isNative() && a.address().equals(address)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no asset " + address));
    }

    private static String text(Map<?, ?> map, String key) {
        return map.get(key) instanceof String s && !s.isEmpty() && s.length() <= MAX_FIELD ? s : null;
    }
}
