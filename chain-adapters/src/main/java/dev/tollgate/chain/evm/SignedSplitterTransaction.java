package dev.tollgate.chain.evm;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.ClientPaymentRefusedException;
import dev.tollgate.chain.ClientPaymentRefusedException.Reason;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.SignedPayment;
import java.math.BigInteger;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.function.LongSupplier;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.transaction.type.Transaction1559;
import org.web3j.utils.Numeric;

/**
 * A payer-signed EIP-1559 transaction checked, before anything is sent, to pay exactly one job through the splitter:
 * size first, then type, chain, signer, recipient, gas limit, the one splitter function and its arguments, value and
 * deadline. Each refusal names its reason.
 */
final class SignedSplitterTransaction {
    /** Far above any wallet transaction; a larger one is refused before it is decoded. */
    static final int MAX_WIRE_BYTES = 16 * 1024;
    /** A splitter payment needs 98k to 144k; the cap the custodial path uses. */
    static final BigInteger GAS_CAP = BigInteger.valueOf(1_000_000);
    private static final BigInteger MIN_GAS = BigInteger.valueOf(21_000);

    private SignedSplitterTransaction() {
    }

    /**
     * Checks {@code wire} against {@code intent} in {@code asset} (the rail's own asset for it) and returns it ready to
     * broadcast, its tx id {@code keccak256(wire)} and its validity the signed deadline.
     *
     * @param chainTime the latest block's time, read only once the transaction is otherwise acceptable
     */
    static SignedPayment check(EvmNetworkConfig config, PaymentIntent intent, ChainAsset asset, byte[] wire,
                               LongSupplier chainTime) throws ClientPaymentRefusedException {
        if (wire == null || wire.length == 0 || wire.length > MAX_WIRE_BYTES) {
            throw new ClientPaymentRefusedException(Reason.MALFORMED, "a signed transaction is 1 to " + MAX_WIRE_BYTES + " bytes");
        }
        SignedRawTransaction signed = decode(wire);
        Transaction1559 tx = (Transaction1559) signed.getTransaction();
        if (tx.getChainId() != config.chainId()) {
            throw new ClientPaymentRefusedException(Reason.WRONG_NETWORK, "signed for chain " + tx.getChainId()
                    + ", not " + config.chainId());
        }
        String from = sender(signed);
        if (intent.payer() != null && !EvmAddresses.same(intent.payer(), from)) {
            throw new ClientPaymentRefusedException(Reason.WRONG_PAYER, "signed by " + from + ", not the payer " + intent.payer());
        }
        if (tx.getTo() == null || !EvmAddresses.same(tx.getTo(), config.splitterAddress())) {
            throw new ClientPaymentRefusedException(Reason.WRONG_RECIPIENT, "the transaction is not sent to the splitter");
        }
        if (tx.getGasLimit().compareTo(MIN_GAS) < 0 || tx.getGasLimit().compareTo(GAS_CAP) > 0) {
            throw new ClientPaymentRefusedException(Reason.MALFORMED, "gas limit " + tx.getGasLimit() + " is outside ["
                    + MIN_GAS + ", " + GAS_CAP + "]");
        }
        SplitterCall call = SplitterCall.decode(Numeric.hexStringToByteArray(tx.getData() == null ? "0x" : tx.getData()));
        if (!Arrays.equals(call.jobRef(), FeeSplitterAbi.jobRef(intent.memo()))) {
            throw new ClientPaymentRefusedException(Reason.MEMO_MISSING, "the job reference is not keccak256(\"" + intent.memo() + "\")");
        }
        if (asset.isNative() != (call.kind() == SplitterCall.Kind.PAY_NATIVE)
                || (call.token() != null && !EvmAddresses.same(call.token(), asset.address()))) {
            throw new ClientPaymentRefusedException(Reason.WRONG_ASSET, "the transaction does not pay in " + asset.symbol());
        }
        if (!EvmAddresses.same(call.payee(), intent.payee()) || !EvmAddresses.same(call.feeRecipient(), intent.feeRecipient())) {
            throw new ClientPaymentRefusedException(Reason.WRONG_RECIPIENT, "payee or fee recipient differ from the job's");
        }
        BigInteger value = tx.getValue() == null ? BigInteger.ZERO : tx.getValue();
        BigInteger expectedValue = asset.isNative() ? intent.totalUnits() : BigInteger.ZERO;
        if (!call.net().equals(intent.netUnits()) || !call.fee().equals(intent.feeUnits()) || !value.equals(expectedValue)) {
            throw new ClientPaymentRefusedException(Reason.AMOUNT_MISMATCH, "net " + call.net() + ", fee " + call.fee()
                    + " and value " + value + " must be " + intent.netUnits() + ", " + intent.feeUnits() + " and " + expectedValue);
        }
        long deadline = PaymentDeadline.check(intent, call.deadline(), chainTime.getAsLong(), Long.MAX_VALUE);
        return new SignedPayment(Numeric.toHexString(Hash.sha3(wire)), wire.clone(), from, deadline);
    }

    static SignedRawTransaction decode(byte[] wire) throws ClientPaymentRefusedException {
        RawTransaction raw;
        try {
            raw = TransactionDecoder.decode(Numeric.toHexString(wire));
        } catch (RuntimeException e) {
            throw new ClientPaymentRefusedException(Reason.MALFORMED, "not an EVM transaction");
        }
        if (!(raw instanceof SignedRawTransaction signed) || !(raw.getTransaction() instanceof Transaction1559)) {
            throw new ClientPaymentRefusedException(Reason.MALFORMED, "not a signed EIP-1559 (type 2) transaction");
        }
        return signed;
    }

    static String sender(SignedRawTransaction signed) throws ClientPaymentRefusedException {
        try {
            String from = signed.getFrom();
            if (!EvmAddresses.isValid(from)) {
                throw new ClientPaymentRefusedException(Reason.SIGNATURE_INVALID, "the signature recovers no address");
            }
            return EvmAddresses.checksummed(from);
        } catch (SignatureException | RuntimeException e) {
            throw new ClientPaymentRefusedException(Reason.SIGNATURE_INVALID, "the transaction's signature does not verify");
        }
    }
}
