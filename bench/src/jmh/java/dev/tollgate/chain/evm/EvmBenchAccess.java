package dev.tollgate.chain.evm;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.ClientPaymentRefusedException;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.SignedPayment;
import java.math.BigInteger;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Sign;

/**
 * Bench-only door (same package, bench jar) to the EVM rail's package-private call-data encoders, permit signer and
 * client-transaction check, so the micro-benchmarks time the rail's own code. Not on any production class path.
 */
public final class EvmBenchAccess {
    private EvmBenchAccess() {
    }

    public static byte[] jobRef(String memo) {
        return FeeSplitterAbi.jobRef(memo);
    }

    public static String payNative(byte[] jobRef, String payee, BigInteger net, String feeRecipient, BigInteger fee,
                                   long deadline) {
        return FeeSplitterAbi.payNative(jobRef, payee, net, feeRecipient, fee, deadline);
    }

    public static String payTokenWithPermit(byte[] jobRef, String token, String payee, BigInteger net,
                                            String feeRecipient, BigInteger fee, long deadline, Sign.SignatureData permit) {
        return FeeSplitterAbi.payTokenWithPermit(jobRef, token, payee, net, feeRecipient, fee, deadline, permit);
    }

    public static Sign.SignatureData permit(byte[] domainSeparator, Credentials owner, String spender, BigInteger value,
                                            BigInteger nonce, long deadline) {
        return PermitSigner.sign(domainSeparator, owner, spender, value, nonce, deadline);
    }

    /** The rail's check of a payer-signed splitter transaction (decode, recover the signer, decode the call). */
    public static SignedPayment checkClientTransaction(EvmNetworkConfig config, PaymentIntent intent, ChainAsset asset,
                                                       byte[] wire, long chainTime) throws ClientPaymentRefusedException {
        return SignedSplitterTransaction.check(config, intent, asset, wire, () -> chainTime);
    }
}
