package dev.tollgate.chain.evm;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.CustodialSigner;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.RailUnavailableException;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.SpendBudget;
import dev.tollgate.chain.VerificationCode;
import dev.tollgate.chain.x402.ExactPayment;
import dev.tollgate.chain.x402.ExactRefusedException;
import dev.tollgate.chain.x402.ExactRequirement;
import dev.tollgate.chain.x402.ExactScheme;
import dev.tollgate.jsonrpc.JsonRpcReply;
import java.math.BigInteger;
import java.security.SignatureException;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.Sign;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.utils.Numeric;

/**
 * x402's {@code exact} scheme on an EVM rail, with the protocol fee kept atomic. A stock client signs an EIP-3009
 * {@code TransferWithAuthorization} to {@code payTo}, which binds nothing but that address; so {@code payTo} is a
 * <em>split vault</em> whose recipients are fixed by its code (a CREATE2 clone per payee, fee recipient and fee
 * rate, from {@code SplitVaultFactory}). The relayer settles with {@code factory.settle(...)}: the authorisation moves
 * the total into the vault and the vault pays {@code floor(total * feeBps / 10000)} to the fee recipient and the
 * rest to the payee in the same call, and the factory emits FeeSplitter's {@code Paid} event naming the job. Someone
 * who submits a copied authorisation to the token directly only moves the money into the vault, from where any
 * {@code sweep} pays the same fixed recipients.
 *
 * <p>Relayer transactions take their nonces from the rail's {@link NonceReservations}, so concurrent settles (from
 * every instance sharing the store) never collide; the tx id is known before broadcast.
 */
public final class EvmExactScheme implements ExactScheme {
    /** x402's reference facilitator wants an authorisation valid at least this much longer, to land in time. */
    static final int VALID_BEFORE_BUFFER_SECONDS = 6;
    /** A settle to fresh recipients with a vault deployment needs about 200k gas; more is refused. */
    private static final BigInteger GAS_CAP = BigInteger.valueOf(1_000_000);
    private static final BigInteger BPS = BigInteger.valueOf(10_000);
    /** Reservations tried before a relayer nonce is given up as contended (as {@link FreshNonces}). */
    private static final int NONCE_ATTEMPTS = 8;
    /** How long a signed vault sweep may wait for its nonce before it is given up. */
    private static final long SWEEP_VALID_SECONDS = 300;
    /** n / 2 of secp256k1: signatures with a larger s are the malleable twin of a low-s one. */
    private static final BigInteger HALF_CURVE_ORDER =
            new BigInteger("7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0", 16);

    private final EvmNetworkConfig config;
    private final EvmExactConfig exact;
    private final EvmRpc rpc;
    private final NonceReservations nonces;
    private final CustodialSigner sender;
    private final EvmPaymentVerifier verifier;
    private final SpendBudget budget;
    private final Clock clock;
    private final String relayer;
    private final Map<String, Domain> domains = new ConcurrentHashMap<>();
    private final Map<String, String> vaults = new ConcurrentHashMap<>();
    /** Gas reserved from the budget per signed, not yet broadcast settle: given back if it is never sent. */
    private final Map<String, Reserved> reservedGas = new ConcurrentHashMap<>();
    /** Transactions {@link #relay} signed after a passing gas estimate, not yet submitted or discarded. */
    private final Map<String, Simulated> simulatedUnsent = new ConcurrentHashMap<>();
    /**
     * Relayed transactions broadcast by this process, counted per stripe of payers (a fixed array: no per-payer
     * growth; payers sharing a stripe only cost an extra simulation). Counted before and after each broadcast.
     */
    private final AtomicLongArray sendsByPayer = new AtomicLongArray(64);

    /**
     * A signed relay not yet sent: its nonce's reservation (freed by id if it is never sent), the call it was
     * simulated with, and the payer's send count read before the estimate.
     */
    private record Simulated(NonceReservations.Reservation reservation, String target, String data,
                             BigInteger gasLimit, int stripe, long sendsBefore) {
    }

    private record Reserved(String payer, BigInteger units) {
    }

    /** The token's EIP-712 domain name and version, as the token itself reports them. */
    record Domain(String name, String version) {
    }

    /**
     * @param sender the rail, which broadcasts (preflight and nonce release included)
     * @param budget gas the relayer may spend per payer and in total; {@code null} for no limit
     */
    EvmExactScheme(EvmNetworkConfig config, EvmExactConfig exact, EvmRpc rpc, NonceReservations nonces,
                   CustodialSigner sender, SpendBudget budget, Clock clock) {
        this.config = config;
        this.exact = Objects.requireNonNull(exact, "exact");
        this.rpc = rpc;
        this.nonces = nonces;
        this.sender = sender;
        this.budget = budget;
        this.clock = clock;
        this.verifier = new EvmPaymentVerifier(config, rpc, exact.factoryAddress());
        this.relayer = exact.relayerAddress();
    }

    @Override
    public String caip2() {
        return config.network().value();
    }

    /** The relayer's address: it needs the native coin for gas. */
    public String relayerAddress() {
        return relayer;
    }

    /** The split vault (deployed or not) for these terms: a requirement's {@code payTo}. */
    public String vaultOf(String payee, String feeRecipient, int feeBps) {
        String key = (payee + ":" + feeRecipient + ":" + feeBps).toLowerCase(Locale.ROOT);
        return vaults.computeIfAbsent(key, k -> {
            EvmRpc.Outcome out = rpc.call(null, exact.factoryAddress(), null,
                    SplitVaultAbi.vaultOf(payee, feeRecipient, feeBps), null, DefaultBlockParameterName.LATEST);
            String vault = out.ok() ? SplitVaultAbi.decodeAddress(out.value()) : null;
            if (vault == null || new BigInteger(vault.substring(2), 16).signum() == 0) {
                throw new RailUnavailableException("SplitVaultFactory.vaultOf failed (is the factory deployed at "
                        + exact.factoryAddress() + "?)");
            }
            return EvmAddresses.checksummed(vault);
        });
    }

    /**
     * The whole total of an EIP-3009 token, to the vault of the intent's payee and fee recipient at the configured
     * rate; {@code extra} is the token's real EIP-712 domain ({@code name}, {@code version}), read from the token.
     *
     * @throws IllegalArgumentException the asset is not an EIP-3009 token of this rail (the native coin cannot be
     *                                  x402-exact), or the intent's fee is not what the vault computes for its total
     */
    @Override
    public java.util.List<String> signers() {
        return java.util.List.of(relayerAddress());
    }

    @Override
    public ExactRequirement requirement(PaymentIntent intent, int maxTimeoutSeconds) {
        ChainAsset token = tokenOf(intent);
        if (maxTimeoutSeconds < 1) {
            throw new IllegalArgumentException("maxTimeoutSeconds must be positive");
        }
        BigInteger total = intent.totalUnits();
        int bps = vaultBps(intent);
        if (bps < 0) {
            throw new IllegalArgumentException("no fee rate in basis points takes the job's fee " + intent.feeUnits()
                    + " out of " + total);
        }
        Domain domain = domain(token.address());
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("name", domain.name());
        extra.put("version", domain.version());
        return new ExactRequirement(caip2(), EvmAddresses.checksummed(token.address()),
                vaultOf(intent.payee(), intent.feeRecipient(), bps), total, maxTimeoutSeconds, extra);
    }

    /**
     * x402's EVM checks in the reference facilitator's order: EIP-712 domain present, signature recovers to
     * {@code from}, {@code to} is {@code payTo}, the window ({@code validBefore} at least 6 s ahead,
     * {@code validAfter} passed), the exact value; then on chain: nonce unused, balance, and a simulation of the
     * token's {@code transferWithAuthorization} from the relayer. Nothing is broadcast.
     */
    @Override
    public ExactPayment verify(ExactRequirement requirement, Map<String, Object> payload) throws ExactRefusedException {
        Offline v = verifyOffline(requirement, payload);
        checkOnChain(v.payload(), v.token(), requirement.payTo(), v.name(), v.version());
        return new ExactPayment(requirement, v.payload().from(), v.payload().paymentKey(v.token()), payload);
    }

    /**
     * {@link #verify} without its on-chain reads: {@link #prepare} and {@link #prepareTransfer} simulate the whole
     * settlement (the authorisation unused, the balance, the transfer) in their gas estimate, and name the reason
     * with verify's own checks when it fails. Nothing is signed or sent unless that simulation passes.
     */
    @Override
    public ExactPayment verifyForSettle(ExactRequirement requirement, Map<String, Object> payload)
            throws ExactRefusedException {
        Offline v = verifyOffline(requirement, payload);
        return new ExactPayment(requirement, v.payload().from(), v.payload().paymentKey(v.token()), payload);
    }

    /** What {@link #verify} checked without the node: the parsed payload, the token, the domain it was signed in. */
    private record Offline(ExactEvmPayload payload, String token, String name, String version) {
    }

    /** {@link #verify}'s checks that need no node: network, token, domain, form, signature, recipient, window, value. */
    private Offline verifyOffline(ExactRequirement requirement, Map<String, Object> payload) throws ExactRefusedException {
        if (!caip2().equals(requirement.network())) {
            throw new ExactRefusedException("invalid_exact_evm_network_mismatch", "the requirement is for " + requirement.network());
        }
        ChainAsset token = tokenAt(requirement.asset());
        if (token == null) {
            throw new ExactRefusedException("invalid_payment_requirements", "asset " + requirement.asset()
                    + " is not an EIP-3009 token of " + caip2());
        }
        if (!(requirement.extra().get("name") instanceof String name) || !(requirement.extra().get("version") instanceof String version)) {
            throw new ExactRefusedException("invalid_exact_evm_missing_eip712_domain", "extra.name and extra.version are required");
        }
        ExactEvmPayload p = ExactEvmPayload.parse(payload);
        checkSignature(p, name, version, token.address());
        if (!EvmAddresses.same(p.to(), requirement.payTo())) {
            throw new ExactRefusedException("invalid_exact_evm_recipient_mismatch", "authorization.to is " + p.to()
                    + ", payTo is " + requirement.payTo());
        }
        long now = clock.instant().getEpochSecond();
        if (p.validBefore().compareTo(BigInteger.valueOf(now + VALID_BEFORE_BUFFER_SECONDS)) < 0) {
            throw new ExactRefusedException("invalid_exact_evm_payload_authorization_valid_before",
                    "the authorisation expires at " + p.validBefore() + ", too soon to land (now " + now + ")");
        }
        if (p.validAfter().compareTo(BigInteger.valueOf(now)) > 0) {
            throw new ExactRefusedException("invalid_exact_evm_payload_authorization_valid_after",
                    "the authorisation is valid only after " + p.validAfter() + " (now " + now + ")");
        }
        if (!p.value().equals(requirement.amount())) {
            throw new ExactRefusedException("invalid_exact_evm_payload_authorization_value_mismatch",
                    "authorization.value is " + p.value() + ", the amount is " + requirement.amount());
        }
        return new Offline(p, token.address(), name, version);
    }

    /**
     * Re-verifies, then signs the relayer's {@code factory.settle(...)} for {@code intent} (its job, payee, fee
     * recipient; the vault must be the requirement's {@code payTo}). Its nonce is reserved in the shared store
     * before signing; its {@code validUntil} is the authorisation's last valid second.
     */
    @Override
    public SignedPayment prepare(PaymentIntent intent, ExactPayment payment) throws ExactRefusedException {
        ExactRequirement requirement = payment.requirement();
        ChainAsset token = tokenOf(intent);
        int bps = vaultBps(intent);
        if (!EvmAddresses.same(token.address(), requirement.asset()) || !intent.totalUnits().equals(requirement.amount())
                || bps < 0
                || !EvmAddresses.same(vaultOf(intent.payee(), intent.feeRecipient(), bps), requirement.payTo())) {
            throw new ExactRefusedException("invalid_payment_requirements", "the requirement does not pay this job");
        }
        // The on-chain part of verify (nonce unused, balance, the transfer) is what the settle's own gas estimate
        // simulates, in the same batch as the relay's reads: run alone only to name why an estimate failed.
        Offline v = verifyOffline(requirement, payment.payload());
        ExactEvmPayload p = v.payload();
        String data = SplitVaultAbi.settle(intent.payee(), intent.feeRecipient(), bps,
                FeeSplitterAbi.jobRef(intent.memo()), token.address(), p);
        long validUntil = p.validBefore().subtract(BigInteger.ONE).min(BigInteger.valueOf(Long.MAX_VALUE)).longValueExact();
        return relay(exact.factoryAddress(), data, p.from(), validUntil,
                () -> checkOnChain(p, v.token(), requirement.payTo(), v.name(), v.version()));
    }

    /**
     * Broadcasts once through the rail (preflight simulation when the relayer's lower nonces are in the node's
     * pool; sending bytes the node has is {@code ALREADY_KNOWN}). A refused settle frees its nonce and its gas.
     */
    @Override
    public CustodialSigner.Submission submit(SignedPayment prepared) throws PaymentRejectedException {
        if (!EvmAddresses.same(prepared.payer(), relayer)) {
            throw new PaymentRejectedException(PaymentRejectedException.Reason.INVALID_REQUEST, "not a settle of this relayer");
        }
        Simulated simulated = simulatedUnsent.remove(prepared.txId());
        try {
            CustodialSigner.Submission submission = simulated == null ? sender.submit(prepared, false)
                    : sendSimulated(prepared, simulated);
            reservedGas.remove(prepared.txId());
            return submission;
        } catch (PaymentRejectedException refused) {
            releaseBudget(prepared);
            throw refused;
        }
    }

    /**
     * Sends a transaction {@link #relay} signed a moment ago after its gas estimate passed on the pending state,
     * with a nonce checked against the pending count: the node cannot know these bytes yet, and the rail's
     * preflight (lookup, nonce, coin, simulation) would repeat what relay did. Only when another relayed
     * transaction of the same payer was broadcast since that estimate (the same authorisation, the payer's
     * balance) is it simulated again first; a refused one is never broadcast and frees its nonce.
     */
    private CustodialSigner.Submission sendSimulated(SignedPayment prepared, Simulated simulated)
            throws PaymentRejectedException {
        try {
            if (sendsByPayer.get(simulated.stripe()) != simulated.sendsBefore()) {
                EvmRpc.Outcome again = rpc.call(relayer, simulated.target(), BigInteger.ZERO, simulated.data(),
                        simulated.gasLimit(), DefaultBlockParameterName.PENDING);
                if (!again.ok()) {
                    throw RevertReasons.rejection("the settlement", again);
                }
            }
            sendsByPayer.incrementAndGet(simulated.stripe()); // before and after: an estimate in between re-simulates
            try {
                return EvmBroadcast.send(rpc, prepared.rawTx(), prepared.txId());
            } finally {
                sendsByPayer.incrementAndGet(simulated.stripe());
            }
        } catch (PaymentRejectedException refused) {
            cancelQuietly(simulated.reservation()); // never broadcast: its nonce is free again at once
            throw refused;
        }
    }

    private int stripe(String payer) {
        return payer.toLowerCase(Locale.ROOT).hashCode() & (sendsByPayer.length() - 1);
    }

    /** A prepared settle that will never be broadcast: frees its nonce and gives back its gas reservation. */
    public void discard(SignedPayment prepared) {
        Simulated unsent = simulatedUnsent.remove(prepared.txId());
        if (unsent != null) {
            cancelQuietly(unsent.reservation());
        } else {
            sender.discard(prepared);
        }
        releaseBudget(prepared);
    }

    /**
     * The settle's receipt at {@code commitment}: VERIFIED when the factory's {@code Paid} names the job with its
     * exact net to the payee and fee to the fee recipient in the token (and the payer, if the intent fixes one).
     */
    @Override
    public PaymentCheck check(PaymentIntent intent, ExactPayment payment, String txId, Commitment commitment, long validUntil) {
        if (!intent.network().equals(config.network())) {
            return PaymentCheck.rejected(VerificationCode.WRONG_NETWORK, "intent is for " + intent.network());
        }
        return verifier.check(intent, txId, commitment, validUntil);
    }

    // ---- the facilitator: requirements made by another resource server ----

    /**
     * Settles only what a client of ours can have signed correctly and the relayer can land: our network, one of our
     * EIP-3009 tokens (by EIP-3009 {@code transferWithAuthorization}, not Permit2), a valid non-zero {@code payTo},
     * a positive amount, and {@code extra.name}/{@code extra.version} equal to the token's own EIP-712 domain (any
     * other domain makes every client signature fail at the token).
     */
    @Override
    public Optional<String> refuseForeign(ExactRequirement requirement) {
        if (!caip2().equals(requirement.network())) {
            return Optional.of("invalid_network");
        }
        ChainAsset token = tokenAt(requirement.asset());
        if (token == null || !EvmAddresses.isValid(requirement.asset())) {
            return Optional.of("invalid_payment_requirements");
        }
        if (!EvmAddresses.isValid(requirement.payTo()) || new BigInteger(requirement.payTo().substring(2), 16).signum() == 0
                || requirement.amount().signum() <= 0) {
            return Optional.of("invalid_payment_requirements");
        }
        Object method = requirement.extra().get("assetTransferMethod");
        if (method != null && !"eip3009".equals(method)) {
            return Optional.of("unsupported_scheme");
        }
        if (!(requirement.extra().get("name") instanceof String name)
                || !(requirement.extra().get("version") instanceof String version)) {
            return Optional.of("invalid_exact_evm_missing_eip712_domain");
        }
        Domain real = domain(token.address());
        if (!real.name().equals(name)) {
            return Optional.of("invalid_exact_evm_token_name_mismatch");
        }
        if (!real.version().equals(version)) {
            return Optional.of("invalid_exact_evm_token_version_mismatch");
        }
        return Optional.empty();
    }

    /**
     * Re-verifies against the foreign requirement (signature, window, exact value, nonce unused, balance, simulation),
     * then signs the relayer's call of the token's own {@code transferWithAuthorization(from, payTo, value, ...)}:
     * the whole amount to {@code payTo}, no split (the price is not ours). Nonce and gas are reserved as in
     * {@link #prepare}; {@code validUntil} is the authorisation's last valid second.
     */
    @Override
    public SignedPayment prepareTransfer(ExactPayment payment) throws ExactRefusedException {
        ExactRequirement requirement = payment.requirement();
        Optional<String> refused = refuseForeign(requirement);
        if (refused.isPresent()) {
            throw new ExactRefusedException(refused.get(), "this rail does not settle the requirement");
        }
        Offline v = verifyOffline(requirement, payment.payload()); // the estimate simulates the rest, as in prepare
        ExactEvmPayload p = v.payload();
        String data = SplitVaultAbi.transferWithAuthorization(p, requirement.payTo());
        long validUntil = p.validBefore().subtract(BigInteger.ONE).min(BigInteger.valueOf(Long.MAX_VALUE)).longValueExact();
        return relay(EvmAddresses.checksummed(requirement.asset()), data, p.from(), validUntil,
                () -> checkOnChain(p, v.token(), requirement.payTo(), v.name(), v.version()));
    }

    /**
     * The relayed transfer's receipt at {@code commitment}: VERIFIED when it succeeded and the token itself logged
     * {@code Transfer(payer, payTo, amount)}; a receipt without that log is REJECTED (it moved nothing we promised).
     */
    @Override
    public PaymentCheck checkTransfer(ExactPayment payment, String txId, Commitment commitment, long validUntil) {
        ExactRequirement requirement = payment.requirement();
        if (!caip2().equals(requirement.network()) || tokenAt(requirement.asset()) == null) {
            return PaymentCheck.rejected(VerificationCode.WRONG_NETWORK, "the requirement is not for this rail");
        }
        return verifier.checkTransfer(txId, commitment, validUntil, requirement.asset(), payment.payer(),
                requirement.payTo(), requirement.amount());
    }

    // ---- an authorisation someone else submitted first ----

    /**
     * A stranger who copies a client's authorisation from the mempool can submit it first, to the token (the money
     * lands in the vault) or through {@code factory.settle} with another job reference (split at once); either way
     * our settle then fails with the authorisation used. This finds that transaction: the payload must be signed by
     * {@code authorization.from} for exactly {@code requirement} (to {@code payTo}, the amount) and its nonce used;
     * then the token's {@code AuthorizationUsed(from, nonce)} log names the transaction. What it moved is checked by
     * {@link #checkTransfer} (a {@code Transfer(from, payTo, amount)} from the token). The window is not checked:
     * an authorisation used in time stays used.
     */
    @Override
    public Optional<dev.tollgate.chain.x402.SettledElsewhere> findSettlementElsewhere(ExactRequirement requirement,
                                                                                     Map<String, Object> payload) {
        ChainAsset token = tokenAt(requirement.asset());
        if (!caip2().equals(requirement.network()) || token == null
                || !(requirement.extra().get("name") instanceof String name)
                || !(requirement.extra().get("version") instanceof String version)) {
            return Optional.empty();
        }
        ExactEvmPayload p;
        try {
            p = ExactEvmPayload.parse(payload);
            checkSignature(p, name, version, token.address());
        } catch (ExactRefusedException notOurs) {
            return Optional.empty();
        }
        if (!EvmAddresses.same(p.to(), requirement.payTo()) || !p.value().equals(requirement.amount())) {
            return Optional.empty();
        }
        EvmRpc.Outcome state = rpc.call(null, token.address(), null, SplitVaultAbi.authorizationState(p.from(), p.nonce()),
                null, DefaultBlockParameterName.LATEST);
        if (!state.ok() || !Boolean.TRUE.equals(SplitVaultAbi.decodeBool(state.value()))) {
            return Optional.empty();
        }
        long validUntil = p.validBefore().subtract(BigInteger.ONE).min(BigInteger.valueOf(Long.MAX_VALUE)).longValueExact();
        ExactPayment payment = new ExactPayment(requirement, p.from(),
                p.paymentKey(token.address()), payload);
        return new AuthorizationUses(rpc, exact.authorizationLookbackBlocks()).usedIn(token.address(), p.from(), p.nonce())
                .map(tx -> new dev.tollgate.chain.x402.SettledElsewhere(tx, payment, validUntil));
    }

    /**
     * Signs the relayer's {@code factory.sweep(payee, feeRecipient, feeBps, token)} when {@code intent}'s vault holds
     * any of the token (money an authorisation submitted to the token directly left there); anyone may call it and
     * it pays only the vault's fixed recipients. Its gas is reserved from the relayer's own budget line.
     */
    @Override
    public Optional<SignedPayment> prepareSweep(PaymentIntent intent, ExactRequirement requirement)
            throws ExactRefusedException {
        ChainAsset token = tokenOf(intent);
        int bps = vaultBps(intent);
        if (bps < 0) {
            throw new IllegalArgumentException("no vault takes the intent's fee");
        }
        String vault = vaultOf(intent.payee(), intent.feeRecipient(), bps);
        if (!EvmAddresses.same(vault, requirement.payTo())) {
            throw new IllegalArgumentException("the requirement's payTo is not the vault of the intent");
        }
        EvmRpc.Outcome balance = rpc.call(null, token.address(), null, FeeSplitterAbi.balanceOf(vault), null,
                DefaultBlockParameterName.LATEST);
        if (!balance.ok() || balance.value() == null || balance.value().length() < 3) {
            throw new RailUnavailableException("balanceOf failed on token " + token.address());
        }
        if (Numeric.toBigInt(balance.value()).signum() == 0) {
            return Optional.empty();
        }
        long validUntil = rpc.latest().timestamp() + SWEEP_VALID_SECONDS;
        return Optional.of(relay(exact.factoryAddress(), SplitVaultAbi.sweep(intent.payee(), intent.feeRecipient(),
                bps, token.address()), relayer, validUntil, null));
    }

    // ---- helpers ----

    /** The on-chain checks that name why a settle's gas estimate failed (they throw the refusal). */
    @FunctionalInterface
    private interface Diagnosis {
        void run() throws ExactRefusedException;
    }

    /**
     * Signs the relayer's transaction calling {@code target} with {@code data}, valid until {@code validUntil}: one
     * batch reads the gas estimate (a simulation on the pending state: a settle that cannot succeed is refused here,
     * unsigned, with no nonce taken; {@code diagnose} names why), the latest block, the tip, the relayer's coin and
     * pending count; then its nonce is reserved from that count in the shared store ({@link FreshNonces}' check)
     * and its gas from {@code payer}'s budget (both given back if nothing is signed).
     */
    private SignedPayment relay(String target, String data, String payer, long validUntil, Diagnosis diagnose)
            throws ExactRefusedException {
        int stripe = stripe(payer);
        long sendsBefore = sendsByPayer.get(stripe);
        NonceReservations.Reservation reservation = null;
        boolean kept = false;
        BigInteger reservedUnits = null;
        try {
            List<JsonRpcReply> reads = rpc.readAll(List.of(
                    EvmRpc.Call.estimate(relayer, target, BigInteger.ZERO, data),
                    EvmRpc.Call.of("eth_getBlockByNumber", DefaultBlockParameterName.LATEST.getValue(), false),
                    EvmRpc.Call.of("eth_maxPriorityFeePerGas"),
                    EvmRpc.Call.of("eth_getBalance", relayer, DefaultBlockParameterName.PENDING.getValue()),
                    EvmRpc.Call.of("eth_getTransactionCount", relayer, DefaultBlockParameterName.PENDING.getValue())));
            BigInteger gasLimit = gasLimit(EvmRpc.outcomeOf(reads.get(0)), diagnose);
            EvmRpc.Head head = EvmRpc.headOf(reads.get(1), "latest");
            BigInteger baseFee = head.baseFeePerGas() == null ? BigInteger.ZERO : head.baseFeePerGas();
            JsonRpcReply suggested = reads.get(2);
            BigInteger tip = !suggested.isError() && suggested.result().isTextual()
                    ? EvmRpc.quantityOf("eth_maxPriorityFeePerGas", suggested)
                    : rpc.maxPriorityFeePerGas(baseFee); // a node without it: gasPrice minus base fee
            BigInteger maxFee = baseFee.shiftLeft(1).add(tip);
            BigInteger gasCost = gasLimit.multiply(maxFee);
            BigInteger coin = EvmRpc.quantityOf("eth_getBalance", reads.get(3));
            long pending = EvmRpc.quantityOf("eth_getTransactionCount", reads.get(4)).longValueExact();
            // Reserved from the count just read, never from an earlier one: a reservation from a count above the
            // node's, once cancelled, would leave a hole the relayer's later transactions queue behind, unminable.
            reservation = reserveRelayerNonce(pending, head.timestamp(), validUntil);
            if (budget != null) {
                if (!budget.tryReserve(caip2(), payer, gasCost)) {
                    throw new ExactRefusedException("gas_budget_exhausted", "the relayer's gas budget for this payer is spent");
                }
                reservedUnits = gasCost;
            }
            if (coin.compareTo(gasCost) < 0) {
                throw new RailUnavailableException("the relayer holds too little " + config.nativeAsset().symbol()
                        + " for gas");
            }
            RawTransaction tx = RawTransaction.createTransaction(config.chainId(), BigInteger.valueOf(reservation.nonce()),
                    gasLimit, target, BigInteger.ZERO, data, tip, maxFee);
            Credentials credentials = EvmKeys.credentials(exact.relayerKey());
            byte[] signed = TransactionEncoder.signMessage(tx, credentials);
            String txHash = Numeric.toHexString(Hash.sha3(signed));
            // No NonceReservations.signed (a database write): it names the tx only so that a refusal can find the
            // reservation by hash, and this process frees an unsent relay by the reservation itself (Simulated).
            if (reservedUnits != null) {
                reservedGas.put(txHash, new Reserved(payer, reservedUnits));
            }
            simulatedUnsent.put(txHash, new Simulated(reservation, target, data, gasLimit, stripe, sendsBefore));
            kept = true;
            return new SignedPayment(txHash, signed, relayer, validUntil);
        } finally {
            if (!kept) {
                if (reservation != null) {
                    cancelQuietly(reservation);
                }
                if (reservedUnits != null) {
                    budget.release(caip2(), payer, reservedUnits);
                }
            }
        }
    }

    /**
     * The rate of the vault that pays {@code intent}: the configured rate when it takes exactly the intent's fee (every
     * trade), else the smallest rate that does (a billed request priced at its host's own fee rate), or -1 when no
     * rate does. A vault's rate is fixed by its code, so any rate giving the same fee on this total splits it alike.
     */
    static int vaultBps(PaymentIntent intent, int configuredBps) {
        BigInteger total = intent.totalUnits();
        if (feeAt(total, configuredBps).equals(intent.feeUnits())) {
            return configuredBps;
        }
        BigInteger smallest = intent.feeUnits().multiply(BPS).add(total).subtract(BigInteger.ONE).divide(total);
        if (smallest.compareTo(BPS) > 0) {
            return -1;
        }
        return feeAt(total, smallest.intValueExact()).equals(intent.feeUnits()) ? smallest.intValueExact() : -1;
    }

    private int vaultBps(PaymentIntent intent) {
        return vaultBps(intent, exact.feeBps());
    }

    /** {@code floor(total * feeBps / 10000)}: what a vault of that rate pays the fee recipient. */
    private static BigInteger feeAt(BigInteger total, int feeBps) {
        return total.multiply(BigInteger.valueOf(feeBps)).divide(BPS);
    }

    private ChainAsset tokenOf(PaymentIntent intent) {
        if (!intent.network().equals(config.network())) {
            throw new IllegalArgumentException("intent is for " + intent.network() + ", not " + config.network());
        }
        ChainAsset token = intent.asset().isNative() ? null : tokenAt(intent.asset().address());
        if (token == null) {
            throw new IllegalArgumentException(intent.asset().symbol() + " cannot be paid with x402 exact on "
                    + config.network() + " (only EIP-3009 tokens can)");
        }
        return token;
    }

    private ChainAsset tokenAt(String address) {
        return config.tokenAt(address);
    }

    /** The token's own name() and version(), read once (x402 issue #3102: a hard-coded name breaks every signature). */
    Domain domain(String token) {
        return domains.computeIfAbsent(token.toLowerCase(Locale.ROOT), k -> {
            String name = readString(token, SplitVaultAbi.name());
            String version = readString(token, SplitVaultAbi.version());
            if (name == null || version == null) {
                throw new IllegalArgumentException("token " + token + " reports no EIP-712 name()/version()");
            }
            return new Domain(name, version);
        });
    }

    private String readString(String token, String data) {
        EvmRpc.Outcome out = rpc.call(null, token, null, data, null, DefaultBlockParameterName.LATEST);
        return out.ok() && out.value() != null ? SplitVaultAbi.decodeString(out.value()) : null;
    }

    private void checkSignature(ExactEvmPayload p, String name, String version, String token) throws ExactRefusedException {
        byte[] digest = Eip3009.digest(Eip3009.domainSeparator(name, version, config.chainId(), token), Eip3009.TRANSFER,
                new Eip3009.Authorization(p.from(), p.to(), p.value(), p.validAfter(), p.validBefore(), p.nonce()));
        byte[] sig = p.signature();
        byte v = sig[64];
        if (v < 27) {
            v += 27;
        }
        byte[] r = Arrays.copyOfRange(sig, 0, 32);
        byte[] s = Arrays.copyOfRange(sig, 32, 64);
        // High-s signatures are malleable copies; tokens (OpenZeppelin's ECDSA, FiatToken) refuse them.
        boolean lowS = new BigInteger(1, s).compareTo(HALF_CURVE_ORDER) <= 0;
        String signer = null;
        if ((v == 27 || v == 28) && lowS) {
            try {
                signer = "0x" + Keys.getAddress(Sign.signedMessageHashToKey(digest, new Sign.SignatureData(v, r, s)));
            } catch (SignatureException | RuntimeException e) {
                signer = null;
            }
        }
        if (!EvmAddresses.same(signer, p.from())) {
            throw new ExactRefusedException(ExactEvmPayload.INVALID_SIGNATURE,
                    "the signature does not recover to authorization.from");
        }
    }

    /**
     * The on-chain checks in x402's order (nonce unused, balance, a simulation of the token's transfer from the
     * relayer), read in one batch at the latest block.
     */
    private void checkOnChain(ExactEvmPayload p, String token, String payTo, String name, String version)
            throws ExactRefusedException {
        List<JsonRpcReply> reads = rpc.readAll(List.of(
                EvmRpc.Call.call(null, token, SplitVaultAbi.authorizationState(p.from(), p.nonce()),
                        DefaultBlockParameterName.LATEST),
                EvmRpc.Call.call(null, token, FeeSplitterAbi.balanceOf(p.from()), DefaultBlockParameterName.LATEST),
                EvmRpc.Call.call(relayer, token, SplitVaultAbi.transferWithAuthorization(p, payTo),
                        DefaultBlockParameterName.LATEST)));
        EvmRpc.Outcome state = EvmRpc.outcomeOf(reads.get(0));
        Boolean used = state.ok() ? SplitVaultAbi.decodeBool(state.value()) : null;
        if (used == null) {
            throw new ExactRefusedException("invalid_exact_evm_eip3009_not_supported", "the token has no authorizationState");
        }
        if (used) {
            throw new ExactRefusedException("invalid_exact_evm_nonce_already_used", "this authorisation was already used or canceled");
        }
        EvmRpc.Outcome balance = EvmRpc.outcomeOf(reads.get(1));
        if (!balance.ok() || balance.value() == null || balance.value().length() < 3) {
            throw new RailUnavailableException("balanceOf failed on token " + token);
        }
        if (Numeric.toBigInt(balance.value()).compareTo(p.value()) < 0) {
            throw new ExactRefusedException("invalid_exact_evm_insufficient_balance", "the payer holds less than " + p.value());
        }
        EvmRpc.Outcome simulated = EvmRpc.outcomeOf(reads.get(2));
        if (!simulated.ok()) {
            Domain real = domain(token);
            if (!real.name().equals(name)) {
                throw new ExactRefusedException("invalid_exact_evm_token_name_mismatch", "the token's EIP-712 name differs");
            }
            if (!real.version().equals(version)) {
                throw new ExactRefusedException("invalid_exact_evm_token_version_mismatch", "the token's EIP-712 version differs");
            }
            throw new ExactRefusedException("invalid_exact_evm_transaction_simulation_failed",
                    "the transfer would fail: " + RevertReasons.describe(simulated));
        }
    }

    /**
     * The settle's gas estimate plus a quarter; a settle that cannot succeed is refused here, unsent: with the
     * reason {@code diagnose} finds when it finds one (the authorisation used, the payer's balance, the domain).
     */
    private static BigInteger gasLimit(EvmRpc.Outcome estimate, Diagnosis diagnose) throws ExactRefusedException {
        if (!estimate.ok()) {
            if (diagnose != null) {
                diagnose.run();
            }
            throw new ExactRefusedException("invalid_exact_evm_transaction_simulation_failed",
                    "the settlement would fail: " + RevertReasons.describe(estimate));
        }
        BigInteger gas = EvmRpc.decode(estimate.value());
        BigInteger limit = gas.add(gas.shiftRight(2));
        if (limit.compareTo(GAS_CAP) > 0) {
            throw new ExactRefusedException("invalid_exact_evm_transaction_simulation_failed",
                    "the settlement would need " + gas + " gas, more than " + GAS_CAP);
        }
        return limit;
    }

    /**
     * {@link FreshNonces}' check for the relayer, with the first pending count taken from the relay's batch: the
     * store gives the lowest free nonce at or above the count; a pending count read after reserving that is above
     * the nonce proves the count was stale (another instance's transaction reached the node): reserve again from it.
     */
    private NonceReservations.Reservation reserveRelayerNonce(long pendingCount, long chainTime, long deadline) {
        long pending = pendingCount;
        for (int attempt = 1; attempt <= NONCE_ATTEMPTS; attempt++) {
            NonceReservations.Reservation reservation = nonces.reserve(config.network(), relayer, pending, chainTime,
                    null, deadline);
            long after;
            try {
                after = rpc.transactionCount(relayer, DefaultBlockParameterName.PENDING).longValueExact();
            } catch (RuntimeException e) {
                cancelQuietly(reservation);
                throw e;
            }
            if (reservation.nonce() >= after) {
                return reservation;
            }
            cancelQuietly(reservation);
            pending = after;
        }
        throw new RailUnavailableException("nonces of the relayer stayed contended for " + NONCE_ATTEMPTS + " attempts");
    }

    private void cancelQuietly(NonceReservations.Reservation reservation) {
        try {
            nonces.cancel(reservation);
        } catch (RuntimeException storeDown) {
            // it frees itself at its deadline; the caller sees why preparing failed
        }
    }

    /** Gives back the gas reserved for a settle that was never broadcast (kept in this process only). */
    private void releaseBudget(SignedPayment prepared) {
        Reserved reserved = reservedGas.remove(prepared.txId());
        if (reserved != null && budget != null) {
            budget.release(caip2(), reserved.payer(), reserved.units());
        }
    }
}
