package dev.tollgate.chain.evm;

import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.VerificationCode;
import dev.tollgate.chain.evm.FeeSplitterAbi.Paid;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
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

    EvmPaymentVerifier(EvmNetworkConfig config, EvmRpc rpc) {
        this.config = config;
        this.rpc = rpc;
    }

    PaymentCheck check(PaymentIntent intent, String txId, Commitment commitment, long validUntil) {
        if (!isTxHash(txId)) {
            return PaymentCheck.rejected(VerificationCode.TX_NOT_FOUND, "not an EVM transaction hash");
        }
        Optional<TransactionReceipt> found = rpc.receipt(txId);
        if (found.isEmpty()) {
            return notFound(validUntil);
        }
        TransactionReceipt receipt = found.get();
        if (!"0x1".equals(receipt.getStatus())) {
            return PaymentCheck.rejected(VerificationCode.TX_FAILED, "transaction reverted on chain");
        }
        List<Paid> events = paidEventsOfSplitter(receipt);
        if (events.isEmpty()) {
            return EvmAddresses.same(receipt.getTo(), config.splitterAddress())
                    ? PaymentCheck.rejected(VerificationCode.MEMO_MISSING, "the splitter reported no payment")
                    : PaymentCheck.rejected(VerificationCode.WRONG_NETWORK,
                            "transaction did not pay through the configured splitter " + config.splitterAddress());
        }
        String jobRef = Numeric.toHexString(FeeSplitterAbi.jobRef(intent.memo()));
        List<Paid> forJob = events.stream().filter(p -> p.jobRef().equalsIgnoreCase(jobRef)).toList();
        if (forJob.isEmpty()) {
            return PaymentCheck.rejected(VerificationCode.MEMO_MISSING, "payment names another job (job_ref differs)");
        }
        PaymentCheck firstMismatch = null;
        for (Paid paid : forJob) {
            PaymentCheck mismatch = mismatch(intent, paid);
            if (mismatch == null) {
                return finality(receipt.getBlockNumber().longValueExact(), commitment);
            }
            firstMismatch = firstMismatch == null ? mismatch : firstMismatch;
        }
        return firstMismatch;
    }

    private List<Paid> paidEventsOfSplitter(TransactionReceipt receipt) {
        List<Paid> events = new ArrayList<>();
        for (Log log : receipt.getLogs()) {
            if (!log.isRemoved() && EvmAddresses.same(log.getAddress(), config.splitterAddress())) {
                FeeSplitterAbi.paid(log).ifPresent(events::add);
            }
        }
        return events;
    }

    private static PaymentCheck mismatch(PaymentIntent intent, Paid paid) {
        boolean assetMatches = intent.asset().isNative() ? paid.isNative() : EvmAddresses.same(paid.token(), intent.asset().address());
        if (!assetMatches) {
            return PaymentCheck.rejected(VerificationCode.WRONG_ASSET, "paid in " + (paid.isNative() ? "the native coin" : paid.token())
                    + ", expected " + intent.asset().symbol());
        }
        if (!EvmAddresses.same(paid.payee(), intent.payee()) || !EvmAddresses.same(paid.feeRecipient(), intent.feeRecipient())) {
            return PaymentCheck.rejected(VerificationCode.WRONG_RECIPIENT, "paid to " + paid.payee() + " and " + paid.feeRecipient());
        }
        if (!paid.net().equals(intent.netUnits()) || !paid.fee().equals(intent.feeUnits())) {
            return PaymentCheck.rejected(VerificationCode.AMOUNT_MISMATCH, "paid net " + paid.net() + " and fee " + paid.fee()
                    + ", expected " + intent.netUnits() + " and " + intent.feeUnits());
        }
        if (intent.payer() != null && !EvmAddresses.same(paid.payer(), intent.payer())) {
            return PaymentCheck.rejected(VerificationCode.WRONG_PAYER, "paid by " + paid.payer());
        }
        return null;
    }

    private PaymentCheck finality(long block, Commitment commitment) {
        if (commitment == Commitment.PROCESSED) {
            return PaymentCheck.verified();
        }
        if (commitment == Commitment.FINALIZED && config.finalizedTag()) {
            long finalized = rpc.head(DefaultBlockParameterName.FINALIZED).number();
            return block <= finalized ? PaymentCheck.verified()
                    : PaymentCheck.pending(VerificationCode.NOT_FINAL, "in block " + block + ", finalized up to " + finalized);
        }
        long depth = rpc.latest().number() - block + 1;
        return depth >= config.confirmations() ? PaymentCheck.verified()
                : PaymentCheck.pending(VerificationCode.NOT_FINAL, depth + " of " + config.confirmations() + " confirmations");
    }

    /**
     * Not (yet) in a block. Once a block {@code confirmations} deep is past the deadline, it can no longer pay: the
     * splitter reverts any later inclusion. Measuring at that depth keeps a shallow reorg from undoing the verdict.
     */
    private PaymentCheck notFound(long validUntil) {
        if (validUntil >= 0) {
            EvmRpc.Head latest = rpc.latest();
            long time = config.confirmations() == 1 ? latest.timestamp() : rpc.head(DefaultBlockParameter.valueOf(
                    BigInteger.valueOf(Math.max(0, latest.number() - (config.confirmations() - 1))))).timestamp();
            if (time > validUntil) {
                return PaymentCheck.dropped("not in any block, and the chain is past its deadline " + validUntil);
            }
        }
        return PaymentCheck.pending(VerificationCode.TX_NOT_FOUND, "no receipt yet");
    }

    static boolean isTxHash(String txId) {
        return EvmSignatures.isTxHash(txId);
    }
}
