package dev.tollgate.client;

import dev.tollgate.chain.evm.Eip3009;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The gasless authorisation for the fee splitter, offline: EIP-3009 {@code ReceiveWithAuthorization} with
 * {@code to} = splitter, {@code value} = net + fee, {@code validAfter} = 0, {@code validBefore} = deadline + 1 and
 * {@code nonce} = the splitter's {@code authorizationNonce(jobRef, token, payee, net, feeRecipient, fee, deadline)}:
 * the nonce commits the signature to these exact terms, and only the splitter may use it, so a copy taken from the
 * mempool cannot be redirected. (A twin of the evm-client work in chain-adapters; to be deduplicated after merge.)
 */
public final class ReceiveAuthorizationSigner {
    private static final byte[] TERMS_TYPEHASH = Hash.sha3(("FeeSplitterTerms(address splitter,bytes32 jobRef,"
            + "address token,address payee,uint256 net,address feeRecipient,uint256 fee,uint256 deadline)")
            .getBytes(StandardCharsets.US_ASCII));

    private ReceiveAuthorizationSigner() {
    }

    /** keccak256 of the memo: the job reference the splitter's {@code Paid} event carries. */
    public static byte[] jobRef(String memo) {
        return Hash.sha3(memo.getBytes(StandardCharsets.UTF_8));
    }

    /** The splitter's {@code authorizationNonce}, computed offline. */
    public static byte[] authorizationNonce(String splitter, byte[] jobRef, String token, String payee, BigInteger net,
                                            String feeRecipient, BigInteger fee, long deadline) {
        String encoded = FunctionEncoder.encodeConstructor(List.of(new Bytes32(TERMS_TYPEHASH), new Address(splitter),
                new Bytes32(jobRef), new Address(token), new Address(payee), new Uint256(net),
                new Address(feeRecipient), new Uint256(fee), new Uint256(deadline)));
        return Hash.sha3(Numeric.hexStringToByteArray(encoded));
    }

    /** The authorisation's terms for {@code challenge}, from {@code payer}. */
    public static Eip3009.Authorization terms(Challenge challenge, String payer) {
        long deadline = challenge.deadline();
        byte[] nonce = authorizationNonce(challenge.splitter(), jobRef(challenge.memo()), challenge.asset(),
                challenge.payee(), challenge.netUnits(), challenge.feeRecipient(), challenge.feeUnits(), deadline);
        return new Eip3009.Authorization(payer, challenge.splitter(), challenge.totalUnits(), BigInteger.ZERO,
                BigInteger.valueOf(deadline).add(BigInteger.ONE), nonce);
    }

    /**
     * Signs {@code challenge}'s authorisation under the token's EIP-712 domain separator ({@code DOMAIN_SEPARATOR()}
     * of the token, or {@link Eip3009#domainSeparator} from its name and version). Returns 0x r ‖ s ‖ v.
     */
    public static String sign(Challenge challenge, EvmWallet wallet, byte[] domainSeparator) {
        if (!challenge.isEvm() || challenge.isNative()) {
            throw new IllegalArgumentException("a gasless authorisation pays an EVM token, not " + challenge.paymentToken());
        }
        return wallet.signDigest(Eip3009.digest(domainSeparator, Eip3009.RECEIVE, terms(challenge, wallet.address())));
    }
}
