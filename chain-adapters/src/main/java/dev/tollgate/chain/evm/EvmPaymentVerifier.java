package dev.tollgate.chain.evm;

import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.ObservedPayment;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.VerificationCode;
import dev.tollgate.chain.evm.FeeSplitterAbi.Paid;
import dev.tollgate.jsonrpc.JsonRpcReply;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.Instant;
import java.util.Optional;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Checks one transaction against one intent by its receipt: it must have succeeded and the configured FeeSplitter
 * must have emitted a {@code Paid} event for exactly this job, asset, recipients, amounts (and payer, if fixed).
 * Only the splitter's own logs count: any contract can emit an event that looks like {@code Paid}.
 */
final class EvmPaymentVerifier {
    private final EvmNetworkConfig config;
    private final EvmRpc rpc;
    /** The one contract whose {@code Paid} events count: the splitter, or the x402 split-vault factory. */
    private final String emitter;

    EvmPaymentVerifier(EvmNetworkConfig config, EvmRpc rpc) {
        this(config, rpc, config.splitterAddress());
    }

    EvmPaymentVerifier(EvmNetworkConfig config, EvmRpc rpc, String emitter) {
        this.config = config;
        this.rpc = rpc;
        this.emitter = emitter;
    }

    PaymentCheck check(PaymentIntent intent, String txId, Commitment commitment, long validUntil) {
        Landed landed = landed(txId, commitment, validUntil);
        if (landed.verdict() != null) {
            return landed.verdict();
        }
        TransactionReceipt receipt = landed.receipt();
        List<Paid> events = paidEventsOfSplitter(receipt);
        String jobRef = Numeric.toHexString(FeeSplitterAbi.jobRef(intent.memo()));
        List<Paid> forJob = events.stream().filter(p -> p.jobRef().equalsIgnoreCase(jobRef)).toList();
        return verdict(intent, receipt, events, forJob, observe(intent, receipt, forJob, landed.latest()));
    }

    /**
     * A successful receipt deep enough to judge, or (receipt null) the verdict reached before its logs matter;
     * {@code latest} is the latest block read with the receipt, or null.
     */
    private record Landed(TransactionReceipt receipt, PaymentCheck verdict, EvmRpc.Head latest) {
        Landed(TransactionReceipt receipt, PaymentCheck verdict) {
            this(receipt, verdict, null);
        }
    }

    private Landed landed(String txId, Commitment commitment, long validUntil) {
        if (!isTxHash(txId)) {
            return new Landed(null, PaymentCheck.rejected(VerificationCode.INVALID_TX_ID,
                    "not an EVM transaction hash (0x and 64 hex digits)"));
        }
        // Judged by depth from the latest block: read it in the same exchange as the receipt (after it, so a
        // receipt's block is normally at or below it). It gives the depth, usually the block's time (a receipt is
        // most often in the latest block), and, when there is no receipt, the deadline check's chain time.
        boolean byDepth = commitment != Commitment.PROCESSED
                && !(commitment == Commitment.FINALIZED && config.finalizedTag());
        Optional<TransactionReceipt> found;
        EvmRpc.Head latest = null;
        if (byDepth) {
            List<JsonRpcReply> reads = rpc.readAll(List.of(EvmRpc.Read.of("eth_getTransactionReceipt", txId),
                    EvmRpc.Read.of("eth_getBlockByNumber", DefaultBlockParameterName.LATEST.getValue(), false)));
            found = EvmRpc.receiptOf(reads.get(0));
            latest = EvmRpc.headOf(reads.get(1), "latest");
        } else {
            found = rpc.receipt(txId);
        }
        if (found.isEmpty()) {
            return new Landed(null, notFound(txId, validUntil, commitment, latest));
        }
        TransactionReceipt receipt = found.get();
        // Every verdict waits for the required depth: a shallow reorg can re-include the same transaction in a
        // state where it succeeds (or reverts), so a revert seen one block deep proves nothing yet.
        PaymentCheck notFinal = notYetFinal(receipt.getBlockNumber().longValueExact(), commitment, latest);
        if (notFinal != null) {
            return new Landed(null, notFinal);
        }
        if (!"0x1".equals(receipt.getStatus())) {
            return new Landed(null, PaymentCheck.rejected(VerificationCode.TX_FAILED, "transaction reverted on chain"));
        }
        return new Landed(receipt, null, latest);
    }

    /** The time of {@code block}: from {@code latest} when it is that block, else read. */
    private long blockTime(BigInteger block, EvmRpc.Head latest) {
        return latest != null && latest.number() == block.longValueExact() ? latest.timestamp()
                : rpc.head(DefaultBlockParameter.valueOf(block)).timestamp();
    }

    /** {@code Transfer(address indexed from, address indexed to, uint256 value)} of ERC-20. */
    static final String TRANSFER_TOPIC = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";

    /**
     * A plain token transfer (the x402 facilitator's relayed {@code transferWithAuthorization}): the receipt at
     * {@code commitment} must have succeeded and {@code token} itself must have logged {@code Transfer(from, to,
     * value)} with exactly {@code value}. Only the token's own logs count; waiting and dropping work as in
     * {@link #check}.
     */
    PaymentCheck checkTransfer(String txId, Commitment commitment, long validUntil, String token, String from,
                               String to, BigInteger value) {
        Landed landed = landed(txId, commitment, validUntil);
        if (landed.verdict() != null) {
            return landed.verdict();
        }
        TransactionReceipt receipt = landed.receipt();
        BigInteger credited = BigInteger.ZERO;
        boolean exact = false;
        for (Log log : receipt.getLogs()) {
            List<String> topics = log.getTopics();
            if (log.isRemoved() || !EvmAddresses.same(log.getAddress(), token) || topics == null || topics.size() != 3
                    || !TRANSFER_TOPIC.equalsIgnoreCase(topics.get(0)) || !sameTopicAddress(topics.get(1), from)
                    || !sameTopicAddress(topics.get(2), to) || log.getData() == null || log.getData().length() != 66) {
                continue;
            }
            BigInteger amount = Numeric.toBigInt(log.getData());
            credited = credited.add(amount);
            exact |= amount.equals(value);
        }
        long time = blockTime(receipt.getBlockNumber(), landed.latest());
        ObservedPayment observed = new ObservedPayment(Instant.ofEpochSecond(time), EvmAddresses.checksummed(from),
                token, credited, BigInteger.ZERO);
        if (!exact) {
            return PaymentCheck.rejected(credited.signum() == 0 ? VerificationCode.WRONG_RECIPIENT
                    : VerificationCode.AMOUNT_MISMATCH, "the token logged no Transfer of exactly " + value + " from "
                    + from + " to " + to, observed);
        }
        return PaymentCheck.verified(observed);
    }

    /** An indexed address topic (32 bytes, left-padded) naming {@code address}. */
    private static boolean sameTopicAddress(String topic, String address) {
        return topic != null && topic.length() == 66 && address != null && address.length() == 42
                && topic.substring(26).equalsIgnoreCase(address.substring(2))
                && topic.substring(2, 26).chars().allMatch(c -> c == '0');
    }

    private PaymentCheck verdict(PaymentIntent intent, TransactionReceipt receipt, List<Paid> events, List<Paid> forJob,
                                 ObservedPayment observed) {
        if (events.isEmpty()) {
            return EvmAddresses.same(receipt.getTo(), emitter)
                    ? PaymentCheck.rejected(VerificationCode.MEMO_MISSING, "the splitter reported no payment", observed)
                    : PaymentCheck.rejected(VerificationCode.WRONG_NETWORK,
                            "transaction did not pay through the configured "
                                    + (EvmAddresses.same(emitter, config.splitterAddress()) ? "splitter " : "split-vault factory ")
                                    + emitter, observed);
        }
        if (forJob.isEmpty()) {
            return PaymentCheck.rejected(VerificationCode.MEMO_MISSING, "payment names another job (job_ref differs)", observed);
        }
        List<Paid> inAsset = forJob.stream().filter(p -> isAsset(intent, p)).toList();
        if (inAsset.isEmpty()) {
            Paid paid = forJob.get(0);
            return PaymentCheck.rejected(VerificationCode.WRONG_ASSET, "paid in " + (paid.isNative() ? "the native coin" : paid.token())
                    + ", expected " + intent.asset().symbol(), observed);
        }
        boolean payeePaid = observed.toPayee().signum() > 0 || intent.netUnits().signum() == 0;
        boolean feePaid = intent.feeUnits().signum() == 0 || observed.toFeeRecipient().signum() > 0
                || EvmAddresses.same(intent.payee(), intent.feeRecipient());
        if (!payeePaid || !feePaid) {
            return PaymentCheck.rejected(VerificationCode.WRONG_RECIPIENT, "paid to " + inAsset.get(0).payee() + " and "
                    + inAsset.get(0).feeRecipient(), observed);
        }
        // At least what was asked: the job is paid, and the excess is visible in `observed`.
        if (!coversIntent(intent, observed)) {
            return PaymentCheck.rejected(VerificationCode.AMOUNT_MISMATCH, "paid net " + observed.toPayee() + " and fee "
                    + observed.toFeeRecipient() + ", expected " + intent.netUnits() + " and " + intent.feeUnits(), observed);
        }
        if (intent.payer() != null && !EvmAddresses.same(observed.payer(), intent.payer())) {
            return PaymentCheck.rejected(VerificationCode.WRONG_PAYER, "paid by " + observed.payer(), observed);
        }
        return PaymentCheck.verified(observed);
    }

    /**
     * What the {@code Paid} events naming this job credited, in the intent's asset, to its payee and fee recipient,
     * with the block's timestamp. Payments naming other jobs count for those jobs, not this one.
     */
    private ObservedPayment observe(PaymentIntent intent, TransactionReceipt receipt, List<Paid> forJob,
                                    EvmRpc.Head latest) {
        BigInteger toPayee = BigInteger.ZERO;
        BigInteger toFee = BigInteger.ZERO;
        boolean sameRecipient = EvmAddresses.same(intent.payee(), intent.feeRecipient());
        String payer = receipt.getFrom();
        List<Paid> inAsset = forJob.stream().filter(p -> isAsset(intent, p)).toList();
        for (Paid paid : inAsset) {
            for (var credit : List.of(Map.entry(paid.payee(), paid.net()), Map.entry(paid.feeRecipient(), paid.fee()))) {
                if (EvmAddresses.same(credit.getKey(), intent.payee())) {
                    toPayee = toPayee.add(credit.getValue());
                } else if (!sameRecipient && EvmAddresses.same(credit.getKey(), intent.feeRecipient())) {
                    toFee = toFee.add(credit.getValue());
                }
            }
        }
        if (!inAsset.isEmpty()) {
            payer = inAsset.stream().map(Paid::payer)
                    .filter(p -> intent.payer() != null && !EvmAddresses.same(p, intent.payer())).findFirst()
                    .orElse(inAsset.get(0).payer());
        } else if (!forJob.isEmpty()) {
            payer = forJob.get(0).payer();
        }
        long time = blockTime(receipt.getBlockNumber(), latest);
        return new ObservedPayment(Instant.ofEpochSecond(time), EvmAddresses.checksummed(payer),
                intent.asset().isNative() ? null : intent.asset().address(), toPayee, toFee);
    }

    private static boolean isAsset(PaymentIntent intent, Paid paid) {
        return intent.asset().isNative() ? paid.isNative() : EvmAddresses.same(paid.token(), intent.asset().address());
    }

    private static boolean coversIntent(PaymentIntent intent, ObservedPayment observed) {
        if (EvmAddresses.same(intent.payee(), intent.feeRecipient())) {
            return observed.toPayee().compareTo(intent.totalUnits()) >= 0;
        }
        return observed.toPayee().compareTo(intent.netUnits()) >= 0
                && observed.toFeeRecipient().compareTo(intent.feeUnits()) >= 0;
    }

    private List<Paid> paidEventsOfSplitter(TransactionReceipt receipt) {
        List<Paid> events = new ArrayList<>();
        for (Log log : receipt.getLogs()) {
            if (!log.isRemoved() && EvmAddresses.same(log.getAddress(), emitter)) {
                FeeSplitterAbi.paid(log).ifPresent(events::add);
            }
        }
        return events;
    }

    /** PENDING while {@code block} is not at {@code commitment}; {@code null} once it is. */
    private PaymentCheck notYetFinal(long block, Commitment commitment, EvmRpc.Head latest) {
        if (commitment == Commitment.PROCESSED) {
            return null;
        }
        if (commitment == Commitment.FINALIZED && config.finalizedTag()) {
            long finalized = rpc.head(DefaultBlockParameterName.FINALIZED).number();
            return block <= finalized ? null
                    : PaymentCheck.pending(VerificationCode.NOT_FINAL, "in block " + block + ", finalized up to " + finalized);
        }
        long depth = (latest != null ? latest : rpc.latest()).number() - block + 1;
        return depth >= config.confirmations() ? null
                : PaymentCheck.pending(VerificationCode.NOT_FINAL, depth + " of " + config.confirmations() + " confirmations");
    }

    /**
     * Not (yet) in a block. Once a block at the required finality is past the deadline (and a second look, after
     * reading that block, still finds no receipt), it can no longer pay: the
     * splitter reverts any later inclusion. Measuring there (never below {@code confirmations} deep; at the node's
     * finalized block for FINALIZED when configured) keeps a reorg from undoing the verdict.
     */
    private PaymentCheck notFound(String txId, long validUntil, Commitment commitment, EvmRpc.Head readLatest) {
        if (validUntil >= 0) {
            long time;
            if (commitment == Commitment.FINALIZED && config.finalizedTag()) {
                time = rpc.head(DefaultBlockParameterName.FINALIZED).timestamp();
            } else {
                EvmRpc.Head latest = readLatest != null ? readLatest : rpc.latest();
                time = config.confirmations() == 1 ? latest.timestamp() : rpc.head(DefaultBlockParameter.valueOf(
                        BigInteger.valueOf(Math.max(0, latest.number() - (config.confirmations() - 1))))).timestamp();
            }
            // Look again after reading the block: it may have landed (in time) between the first look and that read.
            if (time > validUntil && rpc.receipt(txId).isEmpty()) {
                return PaymentCheck.dropped("not in any block, and the chain is past its deadline " + validUntil);
            }
        }
        return PaymentCheck.pending(VerificationCode.TX_NOT_FOUND, "no receipt yet");
    }

    static boolean isTxHash(String txId) {
        return EvmSignatures.isTxHash(txId);
    }
}
