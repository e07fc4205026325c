package dev.tollgate.chain.evm;

import dev.tollgate.chain.CustodialSigner.Submission;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.PaymentRejectedException.Reason;
import java.util.Locale;
import org.web3j.utils.Numeric;

/** Sends signed bytes to one node once and reads its answer: a repeat of known bytes is ALREADY_KNOWN, not an error. */
final class EvmBroadcast {
    private EvmBroadcast() {
    }

    static Submission send(EvmRpc rpc, byte[] rawTx, String txId) throws PaymentRejectedException {
        EvmRpc.Outcome sent = rpc.sendRawTransaction(Numeric.toHexString(rawTx));
        if (sent.ok()) {
            return Submission.ACCEPTED;
        }
        String message = sent.errorMessage().toLowerCase(Locale.ROOT);
        if (message.contains("already known") || message.contains("known transaction") || message.contains("already imported")) {
            return Submission.ALREADY_KNOWN;
        }
        if ((message.contains("nonce too low") || message.contains("nonce is too low")) && rpc.isKnown(txId)) {
            return Submission.ALREADY_KNOWN; // mined meanwhile: these exact bytes already went through
        }
        throw new PaymentRejectedException(message.contains("insufficient funds") ? Reason.INSUFFICIENT_FUNDS
                : Reason.SIMULATION_FAILED, "the node refused the transaction: " + sent.errorMessage());
    }
}
