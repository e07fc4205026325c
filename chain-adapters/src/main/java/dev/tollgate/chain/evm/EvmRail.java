package dev.tollgate.chain.evm;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.ClientPayment;
import dev.tollgate.chain.ClientPayments;
import dev.tollgate.chain.CustodialSigner;
import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.PayerSecret;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.PaymentRail;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.PaymentRejectedException.Reason;
import dev.tollgate.chain.RailUnavailableException;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.SpendBudget;
import dev.tollgate.chain.VerificationCode;
import dev.tollgate.chain.transport.RailTransport;
import dev.tollgate.chain.transport.RpcTransportPolicy;
import dev.tollgate.jsonrpc.JsonRpcReply;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigInteger;
import java.security.SignatureException;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.Sign;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.crypto.transaction.type.Transaction1559;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.utils.Numeric;

/**
 * The EVM payment rail (Polygon PoS and any EVM chain with FeeSplitter deployed): the native coin and EIP-2612
 * tokens (USDC), split between payee and fee recipient and tagged with the job in one transaction through the
 * FeeSplitter contract.
 *
 * <p>A signed payment's {@code validUntil} is its on-chain deadline in unix seconds (the chain's latest block time
 * at signing plus {@link EvmNetworkConfig#paymentValidity()}): the splitter reverts it in any later block.
 */
public final class EvmRail implements PaymentRail, CustodialSigner, AutoCloseable {
    /** Far more than a FeeSplitter payment needs (98k native, 144k permit, to fresh accounts); more is refused. */
    private static final BigInteger GAS_CAP = BigInteger.valueOf(1_000_000);
    /** Gas for a payment that cannot be estimated yet (see {@link #gasLimit}): twice a permit payment's need. */
    private static final BigInteger GAS_AFTER_UNSENT = BigInteger.valueOf(300_000);

    private final EvmNetworkConfig config;
    private final EvmRpc rpc;
    private final EvmPaymentVerifier verifier;
    private final NonceReservations nonces;
    private final Map<String, byte[]> domainSeparators = new ConcurrentHashMap<>();
    private final Map<String, ChainAsset> assets;
    private final EvmClientPayments clientPayments;
    private final EvmExactScheme exactScheme;
    /** Set by the allowance constructor only; null when this rail charges no allowances. */
    private EvmAllowanceCharges allowanceCharges;
    private final EvmUptoScheme uptoScheme;
    private final SelfSimulated selfSimulated = new SelfSimulated();

    /**
     * A rail whose nonce reservations live in this process only ({@link InMemoryNonceReservations}): for tools,
     * tests and a single instance. Instances that may sign for the same payer key must share
     * {@link #EvmRail(EvmNetworkConfig, NonceReservations) one reservation store}.
     */
    public EvmRail(EvmNetworkConfig config) {
        this(config, new InMemoryNonceReservations());
    }

    /** @param nonces where nonces are reserved: shared by every signer that may sign for the same payer key */
    public EvmRail(EvmNetworkConfig config, NonceReservations nonces) {
        this(config, nonces, RpcTransportPolicy.forTimeout(config.rpcTimeout()), null);
    }

    /**
     * @param policy  deadlines, read retries and breakers of the transport over {@link EvmNetworkConfig#rpcUrls()}
     * @param metrics where the transport's meters go; {@code null} for none
     */
    public EvmRail(EvmNetworkConfig config, NonceReservations nonces, RpcTransportPolicy policy, MeterRegistry metrics) {
        this(config, nonces, policy, metrics, null);
    }

    /**
     * @param relayBudget the gas the relayer may spend per payer (its EIP-55 address) and in total, in wei under the
     *                    network's CAIP-2 id, shared by every instance in production: for gasless payments
     *                    ({@link EvmNetworkConfig#relayerKey()}; {@code null} means none are relayed) and for x402
     *                    settlements ({@link EvmNetworkConfig#exact()}; {@code null} means no limit)
     */
    public EvmRail(EvmNetworkConfig config, NonceReservations nonces, RpcTransportPolicy policy, MeterRegistry metrics,
                   SpendBudget relayBudget) {
        this.config = config;
        this.nonces = Objects.requireNonNull(nonces, "nonces");
        this.rpc = new EvmRpc(new RailTransport(config.network().value(), "EVM RPC", config.rpcUrls(), policy, metrics),
                config.chainId());
        this.verifier = new EvmPaymentVerifier(config, rpc);
        this.clientPayments = new EvmClientPayments(config, rpc, this.nonces,
                relayBudget == null ? SpendBudget.NONE : relayBudget);
        Map<String, ChainAsset> bySymbol = new LinkedHashMap<>();
        bySymbol.put(config.nativeAsset().symbol(), config.nativeAsset());
        bySymbol.putAll(config.tokens());
        this.assets = Collections.unmodifiableMap(bySymbol);
        this.exactScheme = config.exact() == null ? null
                : new EvmExactScheme(config, config.exact(), rpc, this.nonces, this, relayBudget, Clock.systemUTC());
        this.uptoScheme = config.exact() == null || config.exact().uptoSplitterAddress() == null ? null
                : new EvmUptoScheme(config, config.exact(), rpc, this.nonces, this, relayBudget, Clock.systemUTC());
    }

    /**
     * A rail that also charges ERC-20 allowances granted to {@code allowanceContract} (an AllowanceSplitter whose
     * billers include {@link EvmNetworkConfig#relayerKey()}, which is required), its gas within {@code relayBudget}.
     */
    public EvmRail(EvmNetworkConfig config, NonceReservations nonces, RpcTransportPolicy policy, MeterRegistry metrics,
                   SpendBudget relayBudget, String allowanceContract) {
        this(config, nonces, policy, metrics, relayBudget);
        this.allowanceCharges = allowanceContract == null ? null
                : new EvmAllowanceCharges(config, allowanceContract, rpc, this.nonces, this, relayBudget);
    }

    public EvmNetworkConfig config() {
        return config;
    }

    @Override
    public NetworkId network() {
        return config.network();
    }

    @Override
    public Map<String, ChainAsset> assets() {
        return assets;
    }

    @Override
    public boolean isValidAddress(String address) {
        return EvmAddresses.isValid(address);
    }

    @Override
    public String canonicalAddress(String address) {
        return EvmAddresses.checksummed(address);
    }

    @Override
    public boolean isValidTxId(String txId) {
        return EvmSignatures.isTxHash(txId);
    }

    /** Hashes are hex and compare case-insensitively: lower case is their one spelling. */
    @Override
    public String canonicalTxId(String txId) {
        return txId.toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean verifyWalletSignature(String address, String message, String signature) {
        return EvmSignatures.verifyPersonalSign(address, message, signature);
    }

    @Override
    public PayerSecret parseSecret(String text) throws PaymentRejectedException {
        return EvmKeys.parse(text);
    }

    @Override
    public String addressOf(PayerSecret secret) {
        return EvmKeys.addressOf(secret);
    }

    /**
     * What a wallet sends to pay {@code intent} without our code. Native: {@code calldata} with {@code value} wei
     * to {@code splitter}. Token: {@code approve_calldata} to {@code token}, then {@code calldata} to
     * {@code splitter}; or in one transaction {@code permit_function} with an EIP-2612 permit (spender = splitter,
     * value = net + fee, deadline = {@code deadline}). Amounts are decimal strings (JSON numbers lose precision).
     */
    @Override
    public Map<String, Object> paymentInstructions(PaymentIntent intent) {
        ChainAsset asset = settleable(intent.asset());
        if (asset == null || !intent.network().equals(config.network())) {
            throw new IllegalArgumentException("this rail does not settle " + intent.asset().symbol() + " on " + intent.network());
        }
        byte[] jobRef = FeeSplitterAbi.jobRef(intent.memo());
        long deadline = deadlineFor(intent, rpc.latest().timestamp());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("chain_id", config.chainId());
        out.put("splitter", EvmAddresses.checksummed(config.splitterAddress()));
        if (asset.isNative()) {
            out.put("token", null);
            out.put("function", FeeSplitterAbi.PAY_NATIVE);
            out.put("calldata", FeeSplitterAbi.payNative(jobRef, intent.payee(), intent.netUnits(),
                    intent.feeRecipient(), intent.feeUnits(), deadline));
            out.put("value", intent.totalUnits().toString());
        } else {
            out.put("token", EvmAddresses.checksummed(asset.address()));
            out.put("function", FeeSplitterAbi.PAY_TOKEN);
            out.put("calldata", FeeSplitterAbi.payToken(jobRef, asset.address(), intent.payee(), intent.netUnits(),
                    intent.feeRecipient(), intent.feeUnits(), deadline));
            out.put("value", "0");
            out.put("approve_calldata", FeeSplitterAbi.approve(config.splitterAddress(), intent.totalUnits()));
            out.put("permit_function", FeeSplitterAbi.PAY_TOKEN_WITH_PERMIT);
        }
        out.put("deadline", deadline);
        out.put("job_ref", Numeric.toHexString(jobRef));
        return Collections.unmodifiableMap(out);
    }

    /**
     * Signs one EIP-1559 transaction to the splitter: {@code payNative} with the total as value, or
     * {@code payTokenWithPermit} with an offline-signed permit for exactly the total. Simulates it (gas estimate)
     * on the way, so a payment that cannot succeed is refused here.
     */
    @Override
    public SignedPayment signPayment(PaymentIntent intent, PayerSecret secret) throws PaymentRejectedException {
        ChainAsset asset = requireSettleable(intent);
        Credentials credentials = EvmKeys.credentials(secret);
        String from = EvmAddresses.checksummed(credentials.getAddress());
        if (intent.payer() != null && !EvmAddresses.same(intent.payer(), from)) {
            throw new PaymentRejectedException(Reason.INVALID_REQUEST, "the key does not belong to the payer " + intent.payer());
        }
        byte[] jobRef = FeeSplitterAbi.jobRef(intent.memo());
        BigInteger total = intent.totalUnits();
        EvmRpc.SigningState state = rpc.signingState(from); // head, pending count, tip, balance: one exchange
        EvmRpc.Head head = state.head();
        long deadline = deadlineFor(intent, head.timestamp());
        if (deadline < head.timestamp()) {
            throw new PaymentRejectedException(Reason.INVALID_REQUEST, "the job expires before a payment could land");
        }
        String permitToken = asset.isNative() ? null : asset.address();
        // A native payment's calldata does not depend on the nonce: its estimate rides with the reservation's check.
        String nativeData = asset.isNative() ? FeeSplitterAbi.payNative(jobRef, intent.payee(), intent.netUnits(),
                intent.feeRecipient(), intent.feeUnits(), deadline) : null;
        // Reserved before signing, atomically in the shared store: no other signer of this key gets this nonce.
        FreshNonces.Fresh fresh = FreshNonces.reserve(rpc, nonces, config.network(), from, state.pendingCount(),
                head.timestamp(), permitToken, deadline,
                nativeData == null ? null : EvmRpc.estimateGasCall(from, config.splitterAddress(), total, nativeData));
        NonceReservations.Reservation reservation = fresh.reservation();
        BigInteger pendingCount = BigInteger.valueOf(fresh.pendingCount());
        boolean kept = false;
        try {
            BigInteger nonce = BigInteger.valueOf(reservation.nonce());
            // Payments signed before this one but not broadcast yet change state the node cannot simulate.
            boolean afterUnsent = nonce.compareTo(pendingCount) > 0;
            String data;
            BigInteger value;
            EvmRpc.Outcome estimate;
            if (asset.isNative()) {
                data = nativeData;
                value = total;
                estimate = EvmRpc.outcomeOf(fresh.alongside());
            } else {
                BigInteger permitNonce = permitNonce(reservation, asset.address(), from, pendingCount, head.timestamp());
                Sign.SignatureData permit = PermitSigner.sign(domainSeparator(asset.address()), credentials,
                        config.splitterAddress(), total, permitNonce, deadline);
                data = FeeSplitterAbi.payTokenWithPermit(jobRef, asset.address(), intent.payee(), intent.netUnits(),
                        intent.feeRecipient(), intent.feeUnits(), deadline, permit);
                value = BigInteger.ZERO;
                estimate = rpc.estimateGas(from, config.splitterAddress(), value, data);
            }
            BigInteger baseFee = head.baseFeePerGas() == null ? BigInteger.ZERO : head.baseFeePerGas();
            BigInteger tip = state.tip();
            // Twice the base fee rides out six full blocks of base-fee growth (12.5% each) before it is too low.
            BigInteger maxFee = baseFee.shiftLeft(1).add(tip);
            BigInteger gasLimit = gasLimit(estimate, afterUnsent);
            requireCoinFor(from, state.pendingBalance(), value, gasLimit, maxFee);

            RawTransaction tx = RawTransaction.createTransaction(config.chainId(), nonce, gasLimit,
                    config.splitterAddress(), value, data, tip, maxFee);
            byte[] signed = TransactionEncoder.signMessage(tx, credentials);
            String txHash = Numeric.toHexString(Hash.sha3(signed));
            nonces.signed(reservation, txHash);
            kept = true;
            if (estimate.ok() && !afterUnsent) {
                selfSimulated.remember(txHash, head.number(), deadline);
            }
            return new SignedPayment(txHash, signed, from, deadline);
        } finally {
            if (!kept) {
                cancelQuietly(reservation); // nothing signed: the nonce is free again
            }
        }
    }

    /**
     * Broadcasts; unless {@code skipPreflight}, first checks the nonce, the payer's coin and simulates the call
     * ({@code eth_call} on the pending state, once the payer's lower nonces are in the node's pool). Sending bytes
     * the node already has (pool or chain) is a no-op, so a retry after a timeout can never pay twice. A payment
     * this rail signed after its own estimate passed with no unsent lower nonce is sent after one head read, while
     * its head is still the latest block. Never sent, with
     * or without {@code skipPreflight}: a nonce above the node's pending count unless every nonce in between is held
     * by a live signed reservation (else it would wait behind the gap, unminable, until something fills it).
     */
    @Override
    public Submission submit(SignedPayment payment, boolean skipPreflight) throws PaymentRejectedException {
        SignedRawTransaction tx = decode(payment);
        String txId = Numeric.toHexString(Hash.sha3(payment.rawTx()));
        if (!txId.equalsIgnoreCase(payment.txId())) {
            throw new PaymentRejectedException(Reason.INVALID_REQUEST, "txId is not the hash of rawTx");
        }
        String from = payment.payer();
        // Signed here a moment ago, its own estimate passed on the pending state it will meet: nobody else has these
        // bytes (no lookup) and, while no block was mined since, a preflight would repeat that estimate on the same
        // state. One head read tells (a later block may have moved the chain's time past the deadline, say).
        SelfSimulated.Simulated simulation = selfSimulated.take(txId);
        boolean simulatedHere = simulation != null && rpc.latest().number() == simulation.headNumber();
        if (!simulatedHere && rpc.isKnown(txId)) {
            return Submission.ALREADY_KNOWN;
        }
        try {
            if (!simulatedHere) {
                preflight(tx, from, !skipPreflight);
            }
            return EvmBroadcast.send(rpc, payment.rawTx(), txId);
        } catch (PaymentRejectedException rejected) {
            releaseQuietly(from, txId); // never broadcast: its nonce is free again
            throw rejected;
        }
    }

    @Override
    public Optional<CustodialSigner> custodialSigner() {
        return Optional.of(this);
    }

    /** Signed transactions to the splitter (payer pays gas) and relayed EIP-3009 authorisations (gasless). */
    @Override
    public Optional<ClientPayments> clientPayments() {
        return Optional.of(clientPayments);
    }

    /**
     * Signs, offline but for reading the token's EIP-712 domain, the gasless authorisation that pays {@code intent}
     * (a token payment) through this network's splitter with {@code deadline} (the 402's {@code deadline}): what a
     * buyer hands over as {@link ClientPayment.GaslessAuthorization}. The key never leaves this process.
     */
    public ClientPayment.GaslessAuthorization signGasless(PaymentIntent intent, PayerSecret secret, long deadline)
            throws PaymentRejectedException {
        ChainAsset asset = requireSettleable(intent);
        if (asset.isNative()) {
            throw new PaymentRejectedException(Reason.INVALID_REQUEST, "a gasless authorisation pays a token, not " + asset.symbol());
        }
        return GaslessAuthorizationSigner.sign(EvmKeys.credentials(secret),
                GaslessTerms.of(intent, config.splitterAddress(), deadline), domainSeparator(asset.address()));
    }

    /** x402's {@code exact} through split vaults, when {@link EvmNetworkConfig#exact()} is configured. */
    @Override
    public Optional<dev.tollgate.chain.x402.ExactScheme> exactScheme() {
        return Optional.ofNullable(exactScheme);
    }

    /** Charging ERC-20 allowances through the AllowanceSplitter, when this rail was built with one. */
    @Override
    public Optional<dev.tollgate.chain.allowance.AllowanceCharges> allowanceCharges() {
        return Optional.ofNullable(allowanceCharges);
    }

    /** x402's {@code upto} through the UptoSplitter, when {@link EvmExactConfig#uptoSplitterAddress()} is configured. */
    @Override
    public Optional<dev.tollgate.chain.x402.UptoScheme> uptoScheme() {
        return Optional.ofNullable(uptoScheme);
    }

    @Override
    public PaymentCheck checkPayment(PaymentIntent intent, String txId, Commitment commitment, long validUntil) {
        if (!intent.network().equals(config.network())) {
            return PaymentCheck.rejected(VerificationCode.WRONG_NETWORK, "intent is for " + intent.network());
        }
        return verifier.check(intent, txId, commitment, validUntil);
    }

    @Override
    public BigInteger balanceOf(String owner, ChainAsset asset) {
        if (asset.isNative()) {
            return rpc.balance(owner, DefaultBlockParameterName.LATEST);
        }
        EvmRpc.Outcome result = rpc.call(null, asset.address(), null, FeeSplitterAbi.balanceOf(owner), null,
                DefaultBlockParameterName.LATEST);
        if (!result.ok() || result.value() == null || result.value().length() < 3) {
            throw new RailUnavailableException("balanceOf failed on token " + asset.address() + " (error " + result.errorCode() + ")");
        }
        return Numeric.toBigInt(result.value());
    }

    @Override
    public void close() {
        rpc.close();
        // the rail owns both relayer keys (gasless relays, x402 settlements): zeroed once it can sign no more
        if (config.relayerKey() != null) {
            config.relayerKey().close();
        }
        if (config.exact() != null) {
            config.exact().relayerKey().close();
        }
    }

    // ---- signing helpers ----

    /**
     * The splitter deadline: the payment validity from the chain's time, but never past the intent's pay-by (the
     * job's expiry), so no payment can land after the job stopped waiting for it. The chain's time is the later of
     * the head block's and the wall clock: a chain that makes blocks only on demand (anvil, an idle L2) may have a
     * head minutes old, and the next block is stamped with the time it is made, so a deadline from the stale head
     * would already be past when the payment lands (seen as {@code DeadlinePassed} after two idle minutes).
     */
    private long deadlineFor(PaymentIntent intent, long headTime) {
        long chainTime = Math.max(headTime, Clock.systemUTC().instant().getEpochSecond());
        long deadline = chainTime + config.paymentValidity().toSeconds();
        return intent.payBy() == null ? deadline : Math.min(deadline, intent.payBy().getEpochSecond() - 1);
    }

    private ChainAsset settleable(ChainAsset asset) {
        if (asset.isNative()) {
            return config.nativeAsset();
        }
        return config.tokens().values().stream()
                .filter(t -> EvmAddresses.same(t.address(), asset.address())).findFirst().orElse(null);
    }

    private ChainAsset requireSettleable(PaymentIntent intent) throws PaymentRejectedException {
        if (!intent.network().equals(config.network())) {
            throw new PaymentRejectedException(Reason.INVALID_REQUEST, "intent is for " + intent.network() + ", not " + config.network());
        }
        ChainAsset asset = settleable(intent.asset());
        if (asset == null) {
            throw new PaymentRejectedException(Reason.INVALID_REQUEST, intent.asset().symbol() + " is not settled on " + config.network());
        }
        if (!EvmAddresses.isValid(intent.payee()) || !EvmAddresses.isValid(intent.feeRecipient())) {
            throw new PaymentRejectedException(Reason.INVALID_REQUEST, "payee and fee recipient must be EVM addresses");
        }
        return asset;
    }

    /**
     * The permit nonce this payment's permit must carry: the token's count at the pending state plus the permits of
     * reservations below this one that the node does not know yet. The pending transaction count is read on both
     * sides of the token's count and the read repeated until they agree, so a payment broadcast meanwhile is
     * counted exactly once (in the token's count, not also as a reservation).
     */
    private BigInteger permitNonce(NonceReservations.Reservation reservation, String token, String owner,
                                   BigInteger pendingBefore, long chainTime) throws PaymentRejectedException {
        BigInteger before = pendingBefore;
        for (int attempt = 1; ; attempt++) {
            BigInteger counted = pendingPermitNonce(token, owner);
            BigInteger after = rpc.transactionCount(owner, DefaultBlockParameterName.PENDING);
            if (after.equals(before) || attempt == 3) {
                return counted.add(BigInteger.valueOf(nonces.permitsBetween(reservation, token, after.longValueExact(),
                        chainTime)));
            }
            before = after;
        }
    }

    /** Frees an unsigned reservation; if the store fails, it frees itself at its deadline and the caller sees why signing failed. */
    private void cancelQuietly(NonceReservations.Reservation reservation) {
        try {
            nonces.cancel(reservation);
        } catch (RuntimeException storeDown) {
            // the original failure is what matters to the caller
        }
    }

    /** A payer's nonces: each payment is signed on the pool state the previous one leaves. */
    @Override
    public boolean signsInTurnPerPayer() {
        return true;
    }

    /** Never broadcast: its nonce is free again at once, not at its deadline. */
    @Override
    public void discard(SignedPayment payment) {
        selfSimulated.take(payment.txId());
        releaseQuietly(payment.payer(), payment.txId());
    }

    /** Frees a refused transaction's nonce; if the store fails, it frees itself at its deadline and the caller sees the refusal. */
    private void releaseQuietly(String payer, String txId) {
        try {
            nonces.rejected(config.network(), payer, txId);
        } catch (RuntimeException storeDown) {
            // the refusal is what matters to the caller
        }
    }

    /** The permit nonce the token will expect next, counting transactions already in the node's pool. */
    private BigInteger pendingPermitNonce(String token, String owner) throws PaymentRejectedException {
        EvmRpc.Outcome result = rpc.call(null, token, null, FeeSplitterAbi.nonces(owner), null, DefaultBlockParameterName.PENDING);
        if (!result.ok() || result.value() == null || result.value().length() < 3) {
            throw new PaymentRejectedException(Reason.INVALID_REQUEST, "token " + token + " does not support EIP-2612 permits");
        }
        return Numeric.toBigInt(result.value());
    }

    private byte[] domainSeparator(String token) throws PaymentRejectedException {
        String key = token.toLowerCase(Locale.ROOT);
        byte[] cached = domainSeparators.get(key);
        if (cached != null) {
            return cached;
        }
        EvmRpc.Outcome result = rpc.call(null, token, null, FeeSplitterAbi.domainSeparator(), null, DefaultBlockParameterName.LATEST);
        byte[] separator = result.ok() && result.value() != null ? Numeric.hexStringToByteArray(result.value()) : new byte[0];
        if (separator.length != 32) {
            throw new PaymentRejectedException(Reason.INVALID_REQUEST, "token " + token + " has no EIP-712 DOMAIN_SEPARATOR");
        }
        domainSeparators.put(key, separator);
        return separator;
    }

    /**
     * The estimate plus a quarter (state can move between estimate and inclusion). When earlier payments of the
     * same payer are signed but not yet broadcast, a failed estimate proves nothing (a permit nonce they will use
     * up, say): then a fixed limit is used and the preflight in {@link #submit} is the real check.
     */
    private BigInteger gasLimit(EvmRpc.Outcome estimate, boolean afterUnsent) throws PaymentRejectedException {
        if (!estimate.ok()) {
            if (afterUnsent) {
                return GAS_AFTER_UNSENT;
            }
            throw RevertReasons.rejection("the payment", estimate);
        }
        BigInteger gas = EvmRpc.decode(estimate.value());
        BigInteger limit = gas.add(gas.shiftRight(2));
        if (limit.compareTo(GAS_CAP) > 0) {
            throw new PaymentRejectedException(Reason.SIMULATION_FAILED, "the payment would need " + gas + " gas, more than "
                    + GAS_CAP + " (is a recipient a contract that burns gas?)");
        }
        return limit;
    }

    /** {@code balance}: the payer's native balance at the pending state. */
    private void requireCoinFor(String from, BigInteger balance, BigInteger value, BigInteger gasLimit, BigInteger maxFee)
            throws PaymentRejectedException {
        BigInteger needed = value.add(gasLimit.multiply(maxFee));
        if (balance.compareTo(needed) < 0) {
            throw new PaymentRejectedException(Reason.INSUFFICIENT_FUNDS, "payer holds " + balance + " wei of "
                    + config.nativeAsset().symbol() + ", needs up to " + needed + " (amount plus network fee)");
        }
    }

    // ---- submission helpers ----

    /**
     * A nonce above the node's pending count is sent only while every lower one is held by a live signed
     * reservation (they will fill the gap). Lower ones still being signed (by another instance) are waited for, a
     * node call's deadline at most; a lower nonce that nobody holds, or one still unsigned at the deadline, refuses
     * this payment unsent: it would wait behind the gap, unminable.
     *
     * @return the pending count last read: at or above {@code nonce} once the lower ones reached the node
     */
    private BigInteger awaitLowerNonces(String from, long nonce, long pendingCount) throws PaymentRejectedException {
        long deadline = System.nanoTime() + config.rpcTimeout().toNanos();
        long pause = 5;
        long pending = pendingCount;
        while (true) {
            long now = Clock.systemUTC().instant().getEpochSecond();
            if (pending >= nonce || nonces.signedBetween(config.network(), from, pending, nonce, now)) {
                return BigInteger.valueOf(pending);
            }
            if (!nonces.heldBetween(config.network(), from, pending, nonce, now) || System.nanoTime() - deadline >= 0) {
                throw new PaymentRejectedException(Reason.SIMULATION_FAILED, "nonce " + nonce + " is above the "
                        + pending + " transactions the node knows of " + from + " and a lower nonce is held by no"
                        + " signed payment: it would wait behind the gap");
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PaymentRejectedException(Reason.SIMULATION_FAILED, "interrupted while lower nonces of "
                        + from + " were being signed");
            }
            pause = Math.min(pause * 2, 100);
            pending = rpc.transactionCount(from, DefaultBlockParameterName.PENDING).longValueExact();
        }
    }

    private SignedRawTransaction decode(SignedPayment payment) throws PaymentRejectedException {
        RawTransaction raw;
        try {
            raw = TransactionDecoder.decode(Numeric.toHexString(payment.rawTx()));
        } catch (RuntimeException e) {
            throw new PaymentRejectedException(Reason.INVALID_REQUEST, "rawTx is not an EVM transaction");
        }
        if (!(raw instanceof SignedRawTransaction signed) || !(raw.getTransaction() instanceof Transaction1559 tx1559)) {
            throw new PaymentRejectedException(Reason.INVALID_REQUEST, "rawTx must be a signed EIP-1559 transaction");
        }
        if (tx1559.getChainId() != config.chainId()) {
            throw new PaymentRejectedException(Reason.INVALID_REQUEST, "rawTx is for chain " + tx1559.getChainId());
        }
        try {
            if (!EvmAddresses.same(signed.getFrom(), payment.payer())) {
                throw new PaymentRejectedException(Reason.INVALID_REQUEST, "rawTx is not signed by " + payment.payer());
            }
        } catch (SignatureException e) {
            throw new PaymentRejectedException(Reason.INVALID_REQUEST, "rawTx has an invalid signature");
        }
        return signed;
    }

    /**
     * The nonce, the coin and the simulation (when {@code simulate}), and always the gap: a nonce above the pending
     * count is sent only while every lower one is held by a live signed reservation of this payer, which will fill
     * the gap; otherwise it is refused unsent (its job stays payable and a new attempt gets a fresh nonce).
     */
    private void preflight(SignedRawTransaction tx, String from, boolean simulate) throws PaymentRejectedException {
        Transaction1559 fields = (Transaction1559) tx.getTransaction();
        BigInteger pending;
        if (simulate) {
            List<JsonRpcReply> counts = rpc.readAll(List.of(
                    EvmRpc.transactionCountCall(from, DefaultBlockParameterName.LATEST),
                    new EvmRpc.Call("eth_getBalance", List.of(from, DefaultBlockParameterName.PENDING.getValue())),
                    EvmRpc.transactionCountCall(from, DefaultBlockParameterName.PENDING)));
            if (fields.getNonce().compareTo(BigInteger.valueOf(EvmRpc.count(counts.get(0)))) < 0) {
                throw new PaymentRejectedException(Reason.INVALID_REQUEST,
                        "nonce " + fields.getNonce() + " was already used by another transaction of " + from);
            }
            requireCoinFor(from, EvmRpc.quantityOf("eth_getBalance", counts.get(1)), fields.getValue(),
                    fields.getGasLimit(), fields.getMaxFeePerGas());
            pending = BigInteger.valueOf(EvmRpc.count(counts.get(2)));
        } else {
            pending = rpc.transactionCount(from, DefaultBlockParameterName.PENDING);
        }
        if (fields.getNonce().compareTo(pending) > 0) {
            pending = awaitLowerNonces(from, fields.getNonce().longValueExact(), pending.longValueExact());
            if (fields.getNonce().compareTo(pending) > 0) {
                // Payments of this payer with lower nonces are signed but not in the pool yet (by another instance):
                // the pending state lacks what they change, such as a permit nonce they use up, so a simulation
                // here proves nothing. The node holds this one until they arrive; the chain decides.
                return;
            }
        }
        if (!simulate) {
            return;
        }
        EvmRpc.Outcome simulated = rpc.call(from, fields.getTo(), fields.getValue(), fields.getData(),
                fields.getGasLimit(), DefaultBlockParameterName.PENDING);
        if (!simulated.ok()) {
            throw RevertReasons.rejection("the payment", simulated);
        }
    }
}
