package dev.tollgate.chain.evm;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.ClientPayment;
import dev.tollgate.chain.ClientPayment.GaslessAuthorization;
import dev.tollgate.chain.ClientPayment.SignedTransaction;
import dev.tollgate.chain.ClientPaymentRefusedException;
import dev.tollgate.chain.ClientPaymentRefusedException.Reason;
import dev.tollgate.chain.ClientPayments;
import dev.tollgate.chain.CustodialSigner.Submission;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.SpendBudget;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.Sign;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.crypto.transaction.type.Transaction1559;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.utils.Numeric;

/**
 * The EVM rail's {@link ClientPayments}: payments the payer signed in its own process.
 *
 * <ul>
 *   <li>A signed EIP-1559 transaction to the splitter ({@code payNative}, {@code payToken},
 *   {@code payTokenWithPermit}) whose calldata, value and chain pay exactly the intent, signed by the payer; the
 *   payer pays its own gas. Broadcast as is.</li>
 *   <li>A gasless EIP-3009 {@code ReceiveWithAuthorization} to the splitter whose nonce commits to the job's terms
 *   ({@link GaslessTerms}): the gateway's relayer key wraps it in a {@code payTokenWithAuthorization} transaction
 *   and pays the gas, reserved from a {@link SpendBudget} (per payer and in total) and with relayer nonces from the
 *   rail's {@link NonceReservations}, so concurrent relays, on any instance, never share a nonce.</li>
 * </ul>
 * Nothing refused is ever broadcast; {@link #submit} simulates first and a revert is never sent.
 */
final class EvmClientPayments implements ClientPayments {
    /** Gas for a relay whose estimate failed (then the simulation in submit decides): twice what one needs. */
    private static final BigInteger RELAY_GAS_FALLBACK = BigInteger.valueOf(300_000);
    /** Without a pay-by, a relayed authorisation may hold a relayer nonce at most this long. */
    static final long MAX_UNBOUNDED_RELAY_SECONDS = 3600;

    private final EvmNetworkConfig config;
    private final EvmRpc rpc;
    private final NonceReservations nonces;
    private final SpendBudget relayBudget;
    private final String relayer;
    private final Map<String, byte[]> domainSeparators = new ConcurrentHashMap<>();
    /** Relays inspected and not yet broadcast or discarded, by tx id: what each holds of the budget. */
    private final Map<String, Relay> relaysInFlight = new ConcurrentHashMap<>();

    private record Relay(String payer, BigInteger units) {
    }

    EvmClientPayments(EvmNetworkConfig config, EvmRpc rpc, NonceReservations nonces, SpendBudget relayBudget) {
        this.config = config;
        this.rpc = rpc;
        this.nonces = nonces;
        this.relayBudget = Objects.requireNonNull(relayBudget, "relayBudget");
        this.relayer = config.relayerKey() == null ? null : EvmKeys.addressOf(config.relayerKey());
    }

    /** The relayer's address, or null when gasless payments are not relayed here. */
    String relayerAddress() {
        return relayer;
    }

    @Override
    public SignedPayment inspect(PaymentIntent intent, ClientPayment payment) throws ClientPaymentRefusedException {
        if (!intent.network().equals(config.network())) {
            throw new ClientPaymentRefusedException(Reason.WRONG_NETWORK, "the job is on " + intent.network());
        }
        return switch (payment) {
            case SignedTransaction tx -> SignedSplitterTransaction.check(config, intent, settleable(intent), tx.wire(),
                    () -> rpc.latest().timestamp());
            case GaslessAuthorization auth -> inspectGasless(intent, auth);
        };
    }

    // ---- gasless authorisations ----

    private SignedPayment inspectGasless(PaymentIntent intent, GaslessAuthorization auth) throws ClientPaymentRefusedException {
        ChainAsset asset = settleable(intent);
        if (asset.isNative()) {
            throw new ClientPaymentRefusedException(Reason.WRONG_ASSET, "a gasless authorisation pays a token, not "
                    + asset.symbol());
        }
        if (!EvmAddresses.isValid(auth.from())) {
            throw new ClientPaymentRefusedException(Reason.MALFORMED, "from is not an EVM address");
        }
        Sign.SignatureData sig = GaslessAuthorizationSigner.parse(auth.signature());
        if (sig == null) {
            throw new ClientPaymentRefusedException(Reason.MALFORMED, "signature must be 0x and 130 hex digits (r, s, v) with a low s");
        }
        String from = EvmAddresses.checksummed(auth.from());
        if (intent.payer() != null && !EvmAddresses.same(intent.payer(), from)) {
            throw new ClientPaymentRefusedException(Reason.WRONG_PAYER, "authorised by " + from + ", not the payer " + intent.payer());
        }
        if (relayer == null) {
            throw new ClientPaymentRefusedException(Reason.UNSUPPORTED, "no relayer is configured on " + config.network());
        }
        EvmRpc.Head head = rpc.latest();
        long deadline = PaymentDeadline.check(intent, BigInteger.valueOf(auth.deadline()), head.timestamp(),
                head.timestamp() + MAX_UNBOUNDED_RELAY_SECONDS);
        GaslessTerms terms = new GaslessTerms(config.splitterAddress(), asset.address(), FeeSplitterAbi.jobRef(intent.memo()),
                intent.payee(), intent.netUnits(), intent.feeRecipient(), intent.feeUnits(), deadline);
        byte[] domain = domainSeparator(asset.address());
        if (!GaslessAuthorizationSigner.verifies(terms, domain, new GaslessAuthorization(from, deadline, auth.signature()))) {
            throw new ClientPaymentRefusedException(Reason.SIGNATURE_INVALID,
                    "the signature is not " + from + "'s ReceiveWithAuthorization for this job's terms");
        }
        requireUnused(asset.address(), from, terms.authorizationNonce());
        return relay(terms, from, sig, head);
    }

    /** The authorisation must not be used or cancelled already (at the pending state, so a relay in the pool counts). */
    private void requireUnused(String token, String from, byte[] nonce) throws ClientPaymentRefusedException {
        EvmRpc.Outcome state = rpc.call(null, token, null, SplitterCall.authorizationState(from, nonce), null,
                DefaultBlockParameterName.PENDING);
        if (!state.ok() || state.value() == null || Numeric.hexStringToByteArray(state.value()).length != 32) {
            throw new ClientPaymentRefusedException(Reason.UNSUPPORTED, "token " + token + " does not take EIP-3009 authorisations");
        }
        if (Numeric.toBigInt(state.value()).signum() != 0) {
            throw new ClientPaymentRefusedException(Reason.AUTHORIZATION_EXPIRED, "this authorisation was already used or cancelled");
        }
    }

    /** Signs the relayer's transaction, within the budget and on a reserved relayer nonce. */
    private SignedPayment relay(GaslessTerms terms, String payer, Sign.SignatureData sig, EvmRpc.Head head)
            throws ClientPaymentRefusedException {
        String data = SplitterCall.payTokenWithAuthorization(terms, payer, sig);
        BigInteger baseFee = head.baseFeePerGas() == null ? BigInteger.ZERO : head.baseFeePerGas();
        BigInteger tip = rpc.maxPriorityFeePerGas(baseFee);
        BigInteger maxFee = baseFee.shiftLeft(1).add(tip); // rides out six full blocks of base-fee growth
        BigInteger gasLimit = relayGasLimit(data);
        BigInteger units = gasLimit.multiply(maxFee);
        if (rpc.balance(relayer, DefaultBlockParameterName.PENDING).compareTo(units) < 0) {
            throw new ClientPaymentRefusedException(Reason.SPONSOR_BUDGET_EXCEEDED, "the relayer is out of "
                    + config.nativeAsset().symbol());
        }
        if (!relayBudget.tryReserve(config.network().value(), payer, units)) {
            throw new ClientPaymentRefusedException(Reason.SPONSOR_BUDGET_EXCEEDED, "relaying would pass the gas budget ("
                    + units + " wei)");
        }
        boolean kept = false;
        NonceReservations.Reservation reservation = null;
        try {
            reservation = FreshNonces.reserve(rpc, nonces, config.network(), relayer, head.timestamp(), null,
                    terms.deadline()).reservation();
            RawTransaction tx = RawTransaction.createTransaction(config.chainId(), BigInteger.valueOf(reservation.nonce()),
                    gasLimit, config.splitterAddress(), BigInteger.ZERO, data, tip, maxFee);
            Credentials credentials = EvmKeys.credentials(config.relayerKey());
            byte[] signed = TransactionEncoder.signMessage(tx, credentials);
            String txHash = Numeric.toHexString(Hash.sha3(signed));
            relaysInFlight.put(txHash, new Relay(payer, units));
            nonces.signed(reservation, txHash);
            kept = true;
            return new SignedPayment(txHash, signed, payer, terms.deadline());
        } finally {
            if (!kept) {
                relayBudget.release(config.network().value(), payer, units);
                if (reservation != null) {
                    cancelQuietly(reservation);
                }
            }
        }
    }

    private BigInteger relayGasLimit(String data) {
        EvmRpc.Outcome estimate = rpc.estimateGas(relayer, config.splitterAddress(), BigInteger.ZERO, data);
        if (!estimate.ok()) {
            return RELAY_GAS_FALLBACK; // submit's simulation refuses it with the revert reason
        }
        BigInteger gas = EvmRpc.decode(estimate.value());
        return gas.add(gas.shiftRight(2)).min(SignedSplitterTransaction.GAS_CAP);
    }

    // ---- shared checks ----

    private ChainAsset settleable(PaymentIntent intent) throws ClientPaymentRefusedException {
        ChainAsset asset = intent.asset();
        if (asset.isNative()) {
            return config.nativeAsset();
        }
        return config.tokens().values().stream().filter(t -> EvmAddresses.same(t.address(), asset.address())).findFirst()
                .orElseThrow(() -> new ClientPaymentRefusedException(Reason.WRONG_ASSET,
                        asset.symbol() + " is not settled on " + config.network()));
    }

    private byte[] domainSeparator(String token) throws ClientPaymentRefusedException {
        String key = token.toLowerCase(Locale.ROOT);
        byte[] cached = domainSeparators.get(key);
        if (cached != null) {
            return cached;
        }
        EvmRpc.Outcome result = rpc.call(null, token, null, FeeSplitterAbi.domainSeparator(), null,
                DefaultBlockParameterName.LATEST);
        byte[] separator = result.ok() && result.value() != null ? Numeric.hexStringToByteArray(result.value()) : new byte[0];
        if (separator.length != 32) {
            throw new ClientPaymentRefusedException(Reason.UNSUPPORTED, "token " + token + " has no EIP-712 DOMAIN_SEPARATOR");
        }
        domainSeparators.put(key, separator);
        return separator;
    }

    // ---- submission ----

    /**
     * Simulates ({@code eth_call} on the pending state) and broadcasts once. Sending bytes the node already has is
     * {@code ALREADY_KNOWN}, so a retry can never pay twice; a relay that would revert (authorisation used, payer
     * short of tokens) is refused, its relayer nonce and budget freed, and nothing is sent.
     */
    @Override
    public Submission submit(SignedPayment payment) throws PaymentRejectedException {
        String txId = Numeric.toHexString(Hash.sha3(payment.rawTx()));
        if (!txId.equalsIgnoreCase(payment.txId())) {
            throw new PaymentRejectedException(PaymentRejectedException.Reason.INVALID_REQUEST, "txId is not the hash of rawTx");
        }
        SignedRawTransaction signed;
        String from;
        try {
            signed = SignedSplitterTransaction.decode(payment.rawTx());
            from = SignedSplitterTransaction.sender(signed);
        } catch (ClientPaymentRefusedException e) {
            throw new PaymentRejectedException(PaymentRejectedException.Reason.INVALID_REQUEST, e.getMessage());
        }
        if (rpc.isKnown(txId)) {
            forget(txId);
            return Submission.ALREADY_KNOWN;
        }
        try {
            preflight((Transaction1559) signed.getTransaction(), from);
            Submission submission = EvmBroadcast.send(rpc, payment.rawTx(), txId);
            forget(txId);
            return submission;
        } catch (PaymentRejectedException rejected) {
            discard(payment); // never broadcast
            throw rejected;
        }
    }

    private void preflight(Transaction1559 tx, String from) throws PaymentRejectedException {
        BigInteger mined = rpc.transactionCount(from, DefaultBlockParameterName.LATEST);
        if (tx.getNonce().compareTo(mined) < 0) {
            throw new PaymentRejectedException(PaymentRejectedException.Reason.INVALID_REQUEST,
                    "nonce " + tx.getNonce() + " was already used by another transaction of " + from);
        }
        BigInteger needed = tx.getValue().add(tx.getGasLimit().multiply(tx.getMaxFeePerGas()));
        BigInteger balance = rpc.balance(from, DefaultBlockParameterName.PENDING);
        if (balance.compareTo(needed) < 0) {
            throw new PaymentRejectedException(PaymentRejectedException.Reason.INSUFFICIENT_FUNDS, from + " holds " + balance
                    + " wei of " + config.nativeAsset().symbol() + ", needs up to " + needed + " (amount plus network fee)");
        }
        boolean relayed = relayer != null && EvmAddresses.same(from, relayer);
        if (!relayed && !lowerNoncesArrived(from, tx.getNonce())) {
            // Sent now it would wait behind the gap, unminable, holding its job until its deadline.
            throw new PaymentRejectedException(PaymentRejectedException.Reason.INVALID_REQUEST, "nonce "
                    + tx.getNonce() + " is above the transactions the node has of " + from + ": send the payments"
                    + " with the lower nonces first (nothing was sent; settle again with this one after them)");
        }
        EvmRpc.Outcome simulated = rpc.call(from, tx.getTo(), tx.getValue(), tx.getData(), tx.getGasLimit(),
                DefaultBlockParameterName.PENDING);
        if (!simulated.ok()) {
            throw RevertReasons.rejection(relayed ? "the relayed payment" : "the payment", simulated);
        }
    }

    /**
     * Whether every lower nonce of a payer-signed transaction is in the node's pool or mined. A payer settling
     * several jobs at once sends them concurrently, so lower ones still on their way are waited for, one node call's
     * deadline at most; then the pending state holds what they change and the simulation that follows means something.
     */
    private boolean lowerNoncesArrived(String from, BigInteger nonce) throws PaymentRejectedException {
        long deadline = System.nanoTime() + config.rpcTimeout().toNanos();
        long pause = 5;
        while (nonce.compareTo(rpc.transactionCount(from, DefaultBlockParameterName.PENDING)) > 0) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PaymentRejectedException(PaymentRejectedException.Reason.INVALID_REQUEST,
                        "interrupted while waiting for the lower nonces of " + from);
            }
            pause = Math.min(pause * 2, 100);
        }
        return true;
    }

    /** Frees a relay's relayer nonce and gas budget; a payer-signed transaction holds nothing of ours. */
    @Override
    public void discard(SignedPayment payment) {
        Relay relay = relaysInFlight.remove(payment.txId().toLowerCase(Locale.ROOT));
        if (relay == null) {
            return;
        }
        try {
            relayBudget.release(config.network().value(), relay.payer(), relay.units());
        } finally {
            try {
                nonces.rejected(config.network(), relayer, payment.txId());
            } catch (RuntimeException storeDown) {
                // the reservation frees itself at its deadline
            }
        }
    }

    /** A relay that reached the node: its budget stays spent. */
    private void forget(String txId) {
        relaysInFlight.remove(txId.toLowerCase(Locale.ROOT));
    }

    private void cancelQuietly(NonceReservations.Reservation reservation) {
        try {
            nonces.cancel(reservation);
        } catch (RuntimeException storeDown) {
            // frees itself at its deadline
        }
    }
}
