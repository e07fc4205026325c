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
import dev.tollgate.chain.x402.UptoScheme;
import java.math.BigInteger;
import java.security.SignatureException;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.Sign;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.utils.Numeric;

/**
 * x402's {@code upto} scheme on an EVM rail (Permit2), with the protocol fee split in the settlement. The stock client
 * signs a Permit2 witness transfer of at most the ceiling, spender x402's upto proxy, whose witness names our
 * {@code UptoSplitter} both as recipient ({@code payTo}) and as the only address allowed to settle it
 * ({@code extra.facilitatorAddress}). After the handler ran, the relayer calls {@code UptoSplitter.settle}: it pulls
 * exactly the actual amount through the proxy and pays {@code floor(actual * feeBps / 10000)} to the fee recipient and
 * the rest to the payee in the same transaction, emitting FeeSplitter's {@code Paid} naming the job. Only the relayer
 * may call it, so a copied payload cannot be settled by anyone else, for any amount.
 *
 * <p>Relayer transactions take their nonces from the rail's {@link NonceReservations} and their gas from the relayer
 * budget, as x402 {@code exact} settles do; the tx id is known before broadcast.
 */
public final class EvmUptoScheme implements UptoScheme {
    /** x402's reference facilitator wants a permit valid at least this much longer, to land in time. */
    static final int DEADLINE_BUFFER_SECONDS = 6;
    /** A settle to fresh recipients needs about 170k gas (the payer's first nonce word included); more is refused. */
    private static final BigInteger GAS_CAP = BigInteger.valueOf(1_000_000);
    private static final BigInteger BPS = BigInteger.valueOf(10_000);
    /** n / 2 of secp256k1: signatures with a larger s are the malleable twin of a low-s one (OpenZeppelin refuses them). */
    private static final BigInteger HALF_CURVE_ORDER =
            new BigInteger("7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0", 16);

    private final EvmNetworkConfig config;
    private final EvmExactConfig exact;
    private final String splitter;
    private final EvmRpc rpc;
    private final NonceReservations nonces;
    private final CustodialSigner sender;
    private final EvmPaymentVerifier verifier;
    private final SpendBudget budget;
    private final Clock clock;
    private final String relayer;
    private final Map<String, EvmExactScheme.Domain> domains = new ConcurrentHashMap<>();
    /** Gas reserved from the budget per signed, not yet broadcast settle: given back if it is never sent. */
    private final Map<String, Reserved> reservedGas = new ConcurrentHashMap<>();
    private volatile boolean splitterChecked;

    private record Reserved(String payer, BigInteger units) {
    }

    /**
     * @param sender the rail, which broadcasts (preflight and nonce release included)
     * @param budget gas the relayer may spend per payer and in total; {@code null} for no limit
     */
    EvmUptoScheme(EvmNetworkConfig config, EvmExactConfig exact, EvmRpc rpc, NonceReservations nonces,
                  CustodialSigner sender, SpendBudget budget, Clock clock) {
        this.config = config;
        this.exact = Objects.requireNonNull(exact, "exact");
        this.splitter = EvmAddresses.checksummed(Objects.requireNonNull(exact.uptoSplitterAddress(), "uptoSplitterAddress"));
        this.rpc = rpc;
        this.nonces = nonces;
        this.sender = sender;
        this.budget = budget;
        this.clock = clock;
        this.verifier = new EvmPaymentVerifier(config, rpc, splitter);
        this.relayer = exact.relayerAddress();
    }

    @Override
    public String caip2() {
        return config.network().value();
    }

    /** The UptoSplitter: every requirement's {@code payTo} and {@code extra.facilitatorAddress}. */
    public String splitterAddress() {
        return splitter;
    }

    /** The relayer's address: the only caller the splitter accepts; it needs the native coin for gas. */
    public String relayerAddress() {
        return relayer;
    }

    /**
     * At most {@code ceiling}'s total of its EIP-3009/Permit2 token, to the splitter, settled only by the splitter:
     * {@code extra} is what the stock upto server sends ({@code name}, {@code version} of the token's EIP-712 domain,
     * {@code assetTransferMethod: "permit2"}, {@code facilitatorAddress}).
     *
     * @throws IllegalArgumentException the asset is not a token of this rail (the native coin cannot be Permit2'd)
     */
    @Override
    public ExactRequirement requirement(PaymentIntent ceiling, int maxTimeoutSeconds) {
        ChainAsset token = tokenOf(ceiling);
        if (maxTimeoutSeconds < 1) {
            throw new IllegalArgumentException("maxTimeoutSeconds must be positive");
        }
        requireSplitterOfRelayer();
        EvmExactScheme.Domain domain = domain(token.address());
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("name", domain.name());
        extra.put("version", domain.version());
        extra.put("assetTransferMethod", "permit2");
        extra.put("facilitatorAddress", splitter);
        return new ExactRequirement(caip2(), EvmAddresses.checksummed(token.address()), splitter, ceiling.totalUnits(),
                maxTimeoutSeconds, extra);
    }

    /**
     * x402's upto checks in the reference facilitator's order: spender is the upto proxy, witness {@code to} is
     * {@code payTo}, witness {@code facilitator} is our splitter, deadline at least 6 s ahead, {@code validAfter}
     * passed, the permitted amount is the ceiling, the token is the asset, the signature recovers to {@code from};
     * then on chain: the Permit2 nonce unused, balance and the token's allowance to Permit2 cover the ceiling, and a
     * simulation of the settle of the whole ceiling from the relayer. Nothing is broadcast.
     */
    @Override
    public ExactPayment verify(ExactRequirement requirement, Map<String, Object> payload) throws ExactRefusedException {
        UptoEvmPayload p = checkOffline(requirement, payload);
        checkOnChain(p, requirement.amount(), true);
        return new ExactPayment(requirement, p.from(), p.paymentKey(), payload);
    }

    /**
     * Checks {@code actual} against the verified ceiling (same network and asset, total at most the ceiling, a fee
     * the splitter computes at some rate, the payer if fixed), re-checks the payload offline and its nonce, then signs
     * the relayer's {@code UptoSplitter.settle} for exactly {@code actual} (nonce reserved in the shared store, gas
     * from the payer's budget line; the gas estimate refuses a settle that would revert). {@code validUntil} is the
     * permit's deadline.
     */
    @Override
    public SignedPayment prepare(PaymentIntent actual, ExactPayment payment) throws ExactRefusedException {
        ExactRequirement requirement = payment.requirement();
        ChainAsset token = tokenOf(actual);
        if (!EvmAddresses.same(token.address(), requirement.asset())) {
            throw new ExactRefusedException("invalid_payment_requirements", "the settlement is in another asset");
        }
        BigInteger total = actual.totalUnits();
        if (total.compareTo(requirement.amount()) > 0) {
            throw new ExactRefusedException("invalid_upto_evm_payload_settlement_exceeds_amount",
                    "the actual amount " + total + " exceeds the authorised ceiling " + requirement.amount());
        }
        int feeBps = feeBpsOf(total, actual.feeUnits());
        UptoEvmPayload p = checkOffline(requirement, payment.payload());
        if (actual.payer() != null && !EvmAddresses.same(actual.payer(), p.from())) {
            throw new ExactRefusedException("invalid_payment_requirements", "the settlement names another payer");
        }
        checkOnChain(p, total, false);
        String data = UptoSplitterAbi.settle(FeeSplitterAbi.jobRef(actual.memo()), actual.payee(), actual.feeRecipient(),
                feeBps, p, total);
        long validUntil = p.deadline().min(BigInteger.valueOf(Long.MAX_VALUE)).longValueExact();
        return relay(data, p, total, validUntil);
    }

    /** Broadcasts once through the rail; a refused settle frees its nonce and its gas. */
    @Override
    public CustodialSigner.Submission submit(SignedPayment prepared) throws PaymentRejectedException {
        if (!EvmAddresses.same(prepared.payer(), relayer)) {
            throw new PaymentRejectedException(PaymentRejectedException.Reason.INVALID_REQUEST, "not a settle of this relayer");
        }
        try {
            CustodialSigner.Submission submission = sender.submit(prepared, false);
            reservedGas.remove(prepared.txId());
            return submission;
        } catch (PaymentRejectedException refused) {
            releaseBudget(prepared);
            throw refused;
        }
    }

    @Override
    public void discard(SignedPayment prepared) {
        sender.discard(prepared);
        releaseBudget(prepared);
    }

    /**
     * The settle's receipt at {@code commitment}: VERIFIED when the splitter's {@code Paid} names the job with exactly
     * {@code actual}'s net to the payee and fee to the fee recipient in the token (and the payer, if fixed).
     */
    @Override
    public PaymentCheck check(PaymentIntent actual, ExactPayment payment, String txId, Commitment commitment,
                              long validUntil) {
        if (!actual.network().equals(config.network())) {
            return PaymentCheck.rejected(VerificationCode.WRONG_NETWORK, "intent is for " + actual.network());
        }
        return verifier.check(actual, txId, commitment, validUntil);
    }

    // ---- checks ----

    private UptoEvmPayload checkOffline(ExactRequirement requirement, Map<String, Object> payload)
            throws ExactRefusedException {
        if (!caip2().equals(requirement.network())) {
            throw new ExactRefusedException("invalid_upto_evm_network_mismatch", "the requirement is for "
                    + requirement.network());
        }
        if (tokenAt(requirement.asset()) == null || !EvmAddresses.same(requirement.payTo(), splitter)
                || !(requirement.extra().get("facilitatorAddress") instanceof String facilitator)
                || !EvmAddresses.same(facilitator, splitter)) {
            throw new ExactRefusedException("invalid_payment_requirements", "not an upto requirement of this rail");
        }
        UptoEvmPayload p = UptoEvmPayload.parse(payload);
        if (!EvmAddresses.same(p.spender(), UptoPermit2.PROXY)) {
            throw new ExactRefusedException("invalid_permit2_spender", "the spender is not x402's upto proxy");
        }
        if (!EvmAddresses.same(p.to(), requirement.payTo())) {
            throw new ExactRefusedException("invalid_permit2_recipient_mismatch", "witness.to is " + p.to()
                    + ", payTo is " + requirement.payTo());
        }
        if (!EvmAddresses.same(p.facilitator(), splitter)) {
            throw new ExactRefusedException("upto_facilitator_mismatch", "witness.facilitator is " + p.facilitator()
                    + ", not this gateway's " + splitter);
        }
        long now = clock.instant().getEpochSecond();
        if (p.deadline().compareTo(BigInteger.valueOf(now + DEADLINE_BUFFER_SECONDS)) < 0) {
            throw new ExactRefusedException("permit2_deadline_expired", "the permit expires at " + p.deadline()
                    + ", too soon to land (now " + now + ")");
        }
        if (p.validAfter().compareTo(BigInteger.valueOf(now)) > 0) {
            throw new ExactRefusedException("permit2_not_yet_valid", "the permit is valid only after " + p.validAfter()
                    + " (now " + now + ")");
        }
        if (!p.permittedAmount().equals(requirement.amount())) {
            throw new ExactRefusedException("permit2_amount_mismatch", "permitted.amount is " + p.permittedAmount()
                    + ", the ceiling is " + requirement.amount());
        }
        if (!EvmAddresses.same(p.token(), requirement.asset())) {
            throw new ExactRefusedException("permit2_token_mismatch", "permitted.token is " + p.token());
        }
        if (!EvmAddresses.same(recover(UptoPermit2.digest(config.chainId(), p), p.signature()), p.from())) {
            throw new ExactRefusedException(UptoEvmPayload.INVALID_SIGNATURE,
                    "the signature does not recover to permit2Authorization.from");
        }
        return p;
    }

    /**
     * The nonce unused, then (for {@code amount}) the payer's balance and its token allowance to Permit2, and (when
     * {@code simulate}) the relayer's settle of {@code amount} as an eth_call.
     */
    private void checkOnChain(UptoEvmPayload p, BigInteger amount, boolean simulate) throws ExactRefusedException {
        BigInteger word = readUint(UptoPermit2.PERMIT2, UptoPermit2.nonceBitmap(p.from(), p.nonce()), "nonceBitmap");
        if (UptoPermit2.nonceUsed(word, p.nonce())) {
            throw new ExactRefusedException("permit2_invalid_nonce", "this permit's nonce was already used or cancelled");
        }
        if (readUint(p.token(), FeeSplitterAbi.balanceOf(p.from()), "balanceOf").compareTo(amount) < 0) {
            throw new ExactRefusedException("permit2_insufficient_balance", "the payer holds less than " + amount);
        }
        if (readUint(p.token(), UptoPermit2.allowanceOfPermit2(p.from()), "allowance").compareTo(amount) < 0) {
            throw new ExactRefusedException("permit2_allowance_required",
                    "the payer has not approved Permit2 for at least " + amount + " on the token");
        }
        if (simulate) {
            requireSplitterOfRelayer();
            // recipients do not matter for the simulation; the relayer stands in for both
            String data = UptoSplitterAbi.settle(new byte[32], relayer, relayer, 0, p, amount);
            EvmRpc.Outcome simulated = rpc.call(relayer, splitter, null, data, null, DefaultBlockParameterName.LATEST);
            if (!simulated.ok()) {
                throw new ExactRefusedException("permit2_simulation_failed",
                        "the settlement would fail: " + RevertReasons.describe(simulated));
            }
        }
    }

    /** The smallest rate whose {@code floor(total * bps / 10000)} is {@code fee}: the splitter computes the same fee. */
    static int feeBpsOf(BigInteger total, BigInteger fee) throws ExactRefusedException {
        BigInteger[] qr = fee.multiply(BPS).divideAndRemainder(total);
        BigInteger bps = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
        if (bps.compareTo(BPS) > 0 || !total.multiply(bps).divide(BPS).equals(fee)) {
            throw new ExactRefusedException("invalid_payment_requirements", "a fee of " + fee + " on " + total
                    + " is floor(total * bps / 10000) at no rate");
        }
        return bps.intValueExact();
    }

    private String recover(byte[] digest, byte[] sig) {
        byte v = sig[64];
        if (v < 27) {
            v += 27;
        }
        byte[] r = Arrays.copyOfRange(sig, 0, 32);
        byte[] s = Arrays.copyOfRange(sig, 32, 64);
        if ((v != 27 && v != 28) || new BigInteger(1, s).compareTo(HALF_CURVE_ORDER) > 0) {
            return null;
        }
        try {
            return "0x" + Keys.getAddress(Sign.signedMessageHashToKey(digest, new Sign.SignatureData(v, r, s)));
        } catch (SignatureException | RuntimeException e) {
            return null;
        }
    }

    /** The splitter accepts only the relayer it was deployed for: checked once, before anything is offered. */
    private void requireSplitterOfRelayer() {
        if (splitterChecked) {
            return;
        }
        EvmRpc.Outcome out = rpc.call(null, splitter, null, UptoSplitterAbi.encode("relayer"), null,
                DefaultBlockParameterName.LATEST);
        String onChain = out.ok() ? SplitVaultAbi.decodeAddress(out.value()) : null;
        if (onChain == null) {
            throw new RailUnavailableException("UptoSplitter.relayer() failed (is the splitter deployed at " + splitter + "?)");
        }
        if (!EvmAddresses.same(onChain, relayer)) {
            throw new RailUnavailableException("the UptoSplitter at " + splitter + " accepts another relayer");
        }
        splitterChecked = true;
    }

    private BigInteger readUint(String target, String data, String what) {
        EvmRpc.Outcome out = rpc.call(null, target, null, data, null, DefaultBlockParameterName.LATEST);
        if (!out.ok() || out.value() == null || out.value().length() != 66) {
            throw new RailUnavailableException(what + " failed on " + target);
        }
        return Numeric.toBigInt(out.value());
    }

    // ---- relaying ----

    /**
     * Signs the relayer's call of the splitter with {@code data}, valid until {@code validUntil}: its nonce reserved
     * in the shared store before signing, its gas reserved from the payer's budget (both given back if nothing is
     * signed). A settle whose gas estimate fails is diagnosed (balance, allowance) and refused, unsigned.
     */
    private SignedPayment relay(String data, UptoEvmPayload p, BigInteger amount, long validUntil)
            throws ExactRefusedException {
        EvmRpc.Head head = rpc.latest();
        NonceReservations.Reservation reservation = FreshNonces.reserve(rpc, nonces, config.network(), relayer,
                head.timestamp(), null, validUntil).reservation();
        boolean kept = false;
        BigInteger reservedUnits = null;
        try {
            BigInteger gasLimit = gasLimit(data);
            BigInteger baseFee = head.baseFeePerGas() == null ? BigInteger.ZERO : head.baseFeePerGas();
            BigInteger tip = rpc.maxPriorityFeePerGas(baseFee);
            BigInteger maxFee = baseFee.shiftLeft(1).add(tip);
            BigInteger gasCost = gasLimit.multiply(maxFee);
            if (budget != null) {
                if (!budget.tryReserve(caip2(), p.from(), gasCost)) {
                    throw new ExactRefusedException("gas_budget_exhausted", "the relayer's gas budget for this payer is spent");
                }
                reservedUnits = gasCost;
            }
            BigInteger coin = rpc.balance(relayer, DefaultBlockParameterName.PENDING);
            if (coin.compareTo(gasCost) < 0) {
                throw new RailUnavailableException("the relayer holds too little " + config.nativeAsset().symbol()
                        + " for gas");
            }
            RawTransaction tx = RawTransaction.createTransaction(config.chainId(), BigInteger.valueOf(reservation.nonce()),
                    gasLimit, splitter, BigInteger.ZERO, data, tip, maxFee);
            Credentials credentials = EvmKeys.credentials(exact.relayerKey());
            byte[] signed = TransactionEncoder.signMessage(tx, credentials);
            String txHash = Numeric.toHexString(Hash.sha3(signed));
            nonces.signed(reservation, txHash);
            if (reservedUnits != null) {
                reservedGas.put(txHash, new Reserved(p.from(), reservedUnits));
            }
            kept = true;
            return new SignedPayment(txHash, signed, relayer, validUntil);
        } finally {
            if (!kept) {
                try {
                    nonces.cancel(reservation);
                } catch (RuntimeException storeDown) {
                    // it frees itself at its deadline; the caller sees why preparing failed
                }
                if (reservedUnits != null) {
                    budget.release(caip2(), p.from(), reservedUnits);
                }
            }
        }
    }

    /** The settle's gas estimate plus a quarter; a settle that cannot succeed is refused here, unsent. */
    private BigInteger gasLimit(String data) throws ExactRefusedException {
        EvmRpc.Outcome estimate = rpc.estimateGas(relayer, splitter, BigInteger.ZERO, data);
        if (!estimate.ok()) {
            throw new ExactRefusedException("permit2_simulation_failed",
                    "the settlement would fail: " + RevertReasons.describe(estimate));
        }
        BigInteger gas = EvmRpc.decode(estimate.value());
        BigInteger limit = gas.add(gas.shiftRight(2));
        if (limit.compareTo(GAS_CAP) > 0) {
            throw new ExactRefusedException("permit2_simulation_failed",
                    "the settlement would need " + gas + " gas, more than " + GAS_CAP);
        }
        return limit;
    }

    private void releaseBudget(SignedPayment prepared) {
        Reserved reserved = reservedGas.remove(prepared.txId());
        if (reserved != null && budget != null) {
            budget.release(caip2(), reserved.payer(), reserved.units());
        }
    }

    // ---- tokens ----

    private ChainAsset tokenOf(PaymentIntent intent) {
        if (!intent.network().equals(config.network())) {
            throw new IllegalArgumentException("intent is for " + intent.network() + ", not " + config.network());
        }
        ChainAsset token = intent.asset().isNative() ? null : tokenAt(intent.asset().address());
        if (token == null) {
            throw new IllegalArgumentException(intent.asset().symbol() + " cannot be paid with x402 upto on "
                    + config.network() + " (only ERC-20 tokens can)");
        }
        return token;
    }

    private ChainAsset tokenAt(String address) {
        return config.tokenAt(address);
    }

    /** The token's own name() and version(), read once: the stock client signs EIP-2612 extensions in that domain. */
    private EvmExactScheme.Domain domain(String token) {
        return domains.computeIfAbsent(token.toLowerCase(Locale.ROOT), k -> {
            String name = readString(token, SplitVaultAbi.name());
            String version = readString(token, SplitVaultAbi.version());
            if (name == null || version == null) {
                throw new IllegalArgumentException("token " + token + " reports no EIP-712 name()/version()");
            }
            return new EvmExactScheme.Domain(name, version);
        });
    }

    private String readString(String token, String data) {
        EvmRpc.Outcome out = rpc.call(null, token, null, data, null, DefaultBlockParameterName.LATEST);
        return out.ok() && out.value() != null ? SplitVaultAbi.decodeString(out.value()) : null;
    }
}
