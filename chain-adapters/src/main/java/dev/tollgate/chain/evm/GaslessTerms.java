package dev.tollgate.chain.evm;

import dev.tollgate.chain.PaymentIntent;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The terms of one gasless FeeSplitter payment ({@code payTokenWithAuthorization}): what the payer's EIP-3009
 * {@code ReceiveWithAuthorization} commits to through its nonce, so a copy of the signature can pay nothing but
 * exactly this job to exactly these recipients.
 *
 * @param splitter the FeeSplitter that receives the authorisation ({@code to})
 * @param jobRef   {@code keccak256(memo)}, 32 bytes
 * @param deadline the splitter deadline, unix seconds ({@code validBefore = deadline + 1})
 */
public record GaslessTerms(String splitter, String token, byte[] jobRef, String payee, BigInteger net,
                           String feeRecipient, BigInteger fee, long deadline) {
    private static final byte[] TERMS_TYPEHASH = Hash.sha3(("FeeSplitterTerms(address splitter,bytes32 jobRef,"
            + "address token,address payee,uint256 net,address feeRecipient,uint256 fee,uint256 deadline)")
            .getBytes(StandardCharsets.US_ASCII));

    public GaslessTerms {
        Objects.requireNonNull(jobRef, "jobRef");
        if (jobRef.length != 32) {
            throw new IllegalArgumentException("jobRef must be 32 bytes");
        }
        for (String address : new String[] {splitter, token, payee, feeRecipient}) {
            if (!EvmAddresses.isValid(address)) {
                throw new IllegalArgumentException("not an EVM address: " + address);
            }
        }
        if (net == null || fee == null || net.signum() < 0 || fee.signum() < 0 || net.add(fee).signum() == 0) {
            throw new IllegalArgumentException("net and fee must be non-negative and not both zero");
        }
        if (deadline < 0) {
            throw new IllegalArgumentException("deadline must not be negative");
        }
        jobRef = jobRef.clone();
    }

    /** The terms of {@code intent} (a token payment) through {@code splitter}, valid until {@code deadline}. */
    public static GaslessTerms of(PaymentIntent intent, String splitter, long deadline) {
        if (intent.asset().isNative()) {
            throw new IllegalArgumentException("a gasless authorisation pays a token, not the native coin");
        }
        return new GaslessTerms(splitter, intent.asset().address(), FeeSplitterAbi.jobRef(intent.memo()),
                intent.payee(), intent.netUnits(), intent.feeRecipient(), intent.feeUnits(), deadline);
    }

    @Override
    public byte[] jobRef() {
        return jobRef.clone();
    }

    public BigInteger total() {
        return net.add(fee);
    }

    /** {@code FeeSplitter.authorizationNonce(jobRef, token, payee, net, feeRecipient, fee, deadline)}, computed offline. */
    public byte[] authorizationNonce() {
        String encoded = FunctionEncoder.encodeConstructor(List.of(new Bytes32(TERMS_TYPEHASH), new Address(splitter),
                new Bytes32(jobRef), new Address(token), new Address(payee), new Uint256(net),
                new Address(feeRecipient), new Uint256(fee), new Uint256(deadline)));
        return Hash.sha3(Numeric.hexStringToByteArray(encoded));
    }

    /** The EIP-3009 authorisation {@code from} signs: to the splitter, the total, valid until the deadline inclusive. */
    public Eip3009.Authorization authorization(String from) {
        return new Eip3009.Authorization(from, splitter, total(), BigInteger.ZERO,
                BigInteger.valueOf(deadline).add(BigInteger.ONE), authorizationNonce());
    }
}
