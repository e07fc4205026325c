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
import dev.tollgate.chain.allowance.AllowanceCharges;
import dev.tollgate.chain.allowance.AllowanceRefusedException;
import dev.tollgate.chain.allowance.AllowanceState;
import java.math.BigInteger;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.utils.Numeric;

/**
 * Charging ERC-20 allowances on an EVM rail: the payer {@code approve}s the network's {@code AllowanceSplitter}
 * (the spender), and the gateway's relayer, a biller fixed in that contract at deployment, signs
 * {@code charge(jobRef, payer, token, payee, net, feeRecipient, fee, deadline)}: the contract pulls the total by
 * {@code transferFrom}, pays net and fee in the same transaction and emits {@code Paid} naming the job.
 *
 * <p>Relayer nonces come from the rail's shared {@link NonceReservations} (the same key relays gasless payments and
 * x402 settlements); each charge's gas is reserved from the relayer's {@link SpendBudget} under the payer it is
 * charged for, and given back if the charge is never broadcast.
 */
public final class EvmAllowanceCharges implements AllowanceCharges {
    /** A charge to fresh recipients needs under 150k gas; more is refused. */
    private static final BigInteger GAS_CAP = BigInteger.valueOf(1_000_000);

    private final EvmNetworkConfig config;
    private final String contract;
    private final EvmRpc rpc;
    private final NonceReservations nonces;
    private final CustodialSigner sender;
    private final SpendBudget budget;
    private final String relayer;
    private final EvmPaymentVerifier verifier;
    /** Gas reserved per signed, not yet broadcast charge: given back if it is never sent. */
    private final Map<String, Reserved> reservedGas = new ConcurrentHashMap<>();

    private record Reserved(String payer, BigInteger units) {
    }

    /**
     * @param contract the deployed AllowanceSplitter whose billers include the relayer ({@code config.relayerKey()})
     * @param sender   the rail, which broadcasts (preflight and nonce release included)
     * @param budget   gas the relayer may spend per payer and in total; {@code null} for no limit
     */
    EvmAllowanceCharges(EvmNetworkConfig config, String contract, EvmRpc rpc, NonceReservations nonces,
                        CustodialSigner sender, SpendBudget budget) {
        if (!EvmAddresses.isValid(contract)) {
            throw new IllegalArgumentException("the allowance contract is not a valid EVM address: " + contract);
        }
        if (config.relayerKey() == null) {
            throw new IllegalArgumentException("allowance charges need the relayer (sponsor) key: it is the biller");
        }
        this.config = config;
        this.contract = EvmAddresses.checksummed(contract);
        this.rpc = rpc;
        this.nonces = Objects.requireNonNull(nonces, "nonces");
        this.sender = sender;
        this.budget = budget;
        this.relayer = EvmKeys.addressOf(config.relayerKey());
        this.verifier = new EvmPaymentVerifier(config, rpc, this.contract);
    }

    /** The relayer's address: the biller that signs every charge and pays its gas. */
    public String billerAddress() {
        return relayer;
    }

    @Override
    public String spender(ChainAsset asset) {
        requireToken(asset);
        return contract;
    }

    @Override
    public AllowanceState read(String payer, ChainAsset asset) {
        ChainAsset token = requireToken(asset);
        if (!EvmAddresses.isValid(payer)) {
            throw new IllegalArgumentException("not an EVM address: " + payer);
        }
        return new AllowanceState(contract, readUint(token.address(), AllowanceSplitterAbi.allowance(payer, contract)),
                readUint(token.address(), FeeSplitterAbi.balanceOf(payer)));
    }

    /**
     * Refuses (unsigned) what the payer's allowance or balance does not cover now; otherwise signs the relayer's
     * {@code charge} with a deadline of the chain's time plus the payment validity (never past the intent's pay-by),
     * on a reserved relayer nonce and with its gas reserved from the budget. The signed payment's {@code payer} is
     * the relayer (who signed); its {@code validUntil} the contract's deadline.
     */
    @Override
    public SignedPayment prepare(PaymentIntent intent) throws AllowanceRefusedException {
        if (!intent.network().equals(config.network())) {
            throw new IllegalArgumentException("intent is for " + intent.network() + ", not " + config.network());
        }
        ChainAsset token = tokenAt(intent.asset());
        if (token == null) {
            throw new AllowanceRefusedException("wrong_asset", intent.asset().symbol()
                    + " cannot be charged from an allowance on " + config.network());
        }
        if (intent.payer() == null || !EvmAddresses.isValid(intent.payer()) || !EvmAddresses.isValid(intent.payee())
                || !EvmAddresses.isValid(intent.feeRecipient())) {
            throw new IllegalArgumentException("an allowance charge needs EVM addresses for payer, payee and fee recipient");
        }
        requireCovered(read(intent.payer(), token), intent.totalUnits());
        EvmRpc.Head head = rpc.latest();
        long deadline = head.timestamp() + config.paymentValidity().toSeconds();
        if (intent.payBy() != null) {
            deadline = Math.min(deadline, intent.payBy().getEpochSecond() - 1);
        }
        if (deadline < head.timestamp()) {
            throw new IllegalArgumentException("the job expires before a charge could land");
        }
        String data = AllowanceSplitterAbi.charge(FeeSplitterAbi.jobRef(intent.memo()), intent.payer(), token.address(),
                intent.payee(), intent.netUnits(), intent.feeRecipient(), intent.feeUnits(), deadline);
        return relay(data, EvmAddresses.checksummed(intent.payer()), head, deadline);
    }

    /**
     * Broadcasts once through the rail (preflight simulation when the relayer's lower nonces are in the node's pool;
     * bytes the node has are {@code ALREADY_KNOWN}). A refused charge frees its nonce and its gas.
     */
    @Override
    public CustodialSigner.Submission submit(SignedPayment prepared) throws PaymentRejectedException {
        if (!EvmAddresses.same(prepared.payer(), relayer)) {
            throw new PaymentRejectedException(PaymentRejectedException.Reason.INVALID_REQUEST, "not a charge of this biller");
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

    /**
     * The charge's receipt at {@code commitment}: VERIFIED only when the allowance contract's own {@code Paid} names
     * the job, the payer, the token and exactly the intent's net and fee (an overpayment is a mismatch here: the
     * gateway signed these amounts itself).
     */
    @Override
    public PaymentCheck check(PaymentIntent intent, String txId, Commitment commitment, long validUntil) {
        if (!intent.network().equals(config.network())) {
            return PaymentCheck.rejected(VerificationCode.WRONG_NETWORK, "intent is for " + intent.network());
        }
        if (intent.payer() == null) {
            throw new IllegalArgumentException("an allowance charge is checked against its payer");
        }
        PaymentCheck check = verifier.check(intent, txId, commitment, validUntil);
        if (check.status() != PaymentCheck.Status.VERIFIED) {
            return check;
        }
        var observed = check.observed();
        boolean exact = EvmAddresses.same(intent.payee(), intent.feeRecipient())
                ? observed.toPayee().equals(intent.totalUnits())
                : observed.toPayee().equals(intent.netUnits()) && observed.toFeeRecipient().equals(intent.feeUnits());
        if (!exact) {
            return PaymentCheck.rejected(VerificationCode.AMOUNT_MISMATCH, "charged net " + observed.toPayee()
                    + " and fee " + observed.toFeeRecipient() + ", expected exactly " + intent.netUnits() + " and "
                    + intent.feeUnits(), observed);
        }
        return check;
    }

    /** A prepared charge that will never be broadcast: frees its nonce and gives back its gas reservation. */
    @Override
    public void discard(SignedPayment prepared) {
        sender.discard(prepared);
        releaseBudget(prepared);
    }

    // ---- helpers ----

    private static void requireCovered(AllowanceState state, BigInteger total) throws AllowanceRefusedException {
        if (state.allowanceUnits().compareTo(total) < 0) {
            throw new AllowanceRefusedException("allowance_insufficient", "the payer approved " + state.allowanceUnits()
                    + " units to " + state.spender() + ", the charge is " + total);
        }
        if (state.balanceUnits().compareTo(total) < 0) {
            throw new AllowanceRefusedException("balance_insufficient", "the payer holds " + state.balanceUnits()
                    + " units, the charge is " + total);
        }
    }

    /** Signs the relayer's call to the contract: nonce reserved before signing, gas reserved from the budget. */
    private SignedPayment relay(String data, String payer, EvmRpc.Head head, long deadline)
            throws AllowanceRefusedException {
        NonceReservations.Reservation reservation = FreshNonces.reserve(rpc, nonces, config.network(), relayer,
                head.timestamp(), null, deadline).reservation();
        boolean kept = false;
        BigInteger reservedUnits = null;
        try {
            BigInteger gasLimit = gasLimit(data);
            BigInteger baseFee = head.baseFeePerGas() == null ? BigInteger.ZERO : head.baseFeePerGas();
            BigInteger tip = rpc.maxPriorityFeePerGas(baseFee);
            BigInteger maxFee = baseFee.shiftLeft(1).add(tip); // rides out six full blocks of base-fee growth
            BigInteger gasCost = gasLimit.multiply(maxFee);
            if (budget != null) {
                if (!budget.tryReserve(config.network().value(), payer, gasCost)) {
                    throw new AllowanceRefusedException("sponsor_budget_exhausted",
                            "the relayer's gas budget for this payer is spent");
                }
                reservedUnits = gasCost;
            }
            if (rpc.balance(relayer, DefaultBlockParameterName.PENDING).compareTo(gasCost) < 0) {
                throw new RailUnavailableException("the relayer holds too little " + config.nativeAsset().symbol()
                        + " for gas");
            }
            RawTransaction tx = RawTransaction.createTransaction(config.chainId(), BigInteger.valueOf(reservation.nonce()),
                    gasLimit, contract, BigInteger.ZERO, data, tip, maxFee);
            Credentials credentials = EvmKeys.credentials(config.relayerKey());
            byte[] signed = TransactionEncoder.signMessage(tx, credentials);
            String txHash = Numeric.toHexString(Hash.sha3(signed));
            nonces.signed(reservation, txHash);
            if (reservedUnits != null) {
                reservedGas.put(txHash, new Reserved(payer, reservedUnits));
            }
            kept = true;
            return new SignedPayment(txHash, signed, relayer, deadline);
        } finally {
            if (!kept) {
                try {
                    nonces.cancel(reservation);
                } catch (RuntimeException storeDown) {
                    // it frees itself at its deadline; the caller sees why preparing failed
                }
                if (reservedUnits != null) {
                    budget.release(config.network().value(), payer, reservedUnits);
                }
            }
        }
    }

    /** The estimate plus a quarter; a charge the contract would revert is refused here, unsigned. */
    private BigInteger gasLimit(String data) throws AllowanceRefusedException {
        EvmRpc.Outcome estimate = rpc.estimateGas(relayer, contract, BigInteger.ZERO, data);
        if (!estimate.ok()) {
            String reason = RevertReasons.describe(estimate);
            if (reason.startsWith("NotBiller")) {
                throw new RailUnavailableException("the relayer is not a biller of the allowance contract " + contract);
            }
            if (reason.startsWith("ERC20InsufficientAllowance")) {
                throw new AllowanceRefusedException("allowance_insufficient", "the charge would exceed the allowance");
            }
            if (reason.startsWith("ERC20InsufficientBalance")) {
                throw new AllowanceRefusedException("balance_insufficient", "the charge would exceed the payer's balance");
            }
            throw new AllowanceRefusedException("charge_refused", "the charge would fail: " + reason);
        }
        BigInteger gas = EvmRpc.decode(estimate.value());
        BigInteger limit = gas.add(gas.shiftRight(2));
        if (limit.compareTo(GAS_CAP) > 0) {
            throw new AllowanceRefusedException("charge_refused", "the charge would need " + gas + " gas, more than "
                    + GAS_CAP);
        }
        return limit;
    }

    /** Read at the pending state: charges already in the node's pool have used their part of the grant. */
    private BigInteger readUint(String target, String data) {
        EvmRpc.Outcome result = rpc.call(null, target, null, data, null, DefaultBlockParameterName.PENDING);
        if (!result.ok() || result.value() == null || result.value().length() < 3) {
            throw new RailUnavailableException("reading token " + target + " failed (error " + result.errorCode() + ")");
        }
        return Numeric.toBigInt(result.value());
    }

    private ChainAsset requireToken(ChainAsset asset) {
        ChainAsset token = tokenAt(asset);
        if (token == null) {
            throw new IllegalArgumentException(asset.symbol() + " is not an ERC-20 of " + config.network());
        }
        return token;
    }

    private ChainAsset tokenAt(ChainAsset asset) {
        if (asset == null || asset.isNative()) {
            return null;
        }
        return config.tokens().values().stream().filter(t -> EvmAddresses.same(t.address(), asset.address()))
                .findFirst().orElse(null);
    }

    private void releaseBudget(SignedPayment prepared) {
        Reserved reserved = reservedGas.remove(prepared.txId());
        if (reserved != null && budget != null) {
            budget.release(config.network().value(), reserved.payer(), reserved.units());
        }
    }
}
