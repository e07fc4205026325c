package dev.tollgate.chain.evm;

import dev.tollgate.chain.ClientPaymentRefusedException;
import dev.tollgate.chain.ClientPaymentRefusedException.Reason;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.abi.TypeReference;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * One FeeSplitter payment call decoded from a client-signed transaction's calldata: only the three payer-signed
 * entry points, with exactly their static arguments (no trailing bytes, clean address words).
 *
 * @param token {@code null} for {@code payNative}
 */
record SplitterCall(Kind kind, byte[] jobRef, String token, String payee, BigInteger net, String feeRecipient,
                    BigInteger fee, BigInteger deadline) {

    static final String PAY_TOKEN_WITH_AUTHORIZATION = "payTokenWithAuthorization(bytes32,address,address,address,"
            + "uint256,address,uint256,uint256,uint8,bytes32,bytes32)";

    enum Kind {
        PAY_NATIVE(FeeSplitterAbi.PAY_NATIVE, 6),
        PAY_TOKEN(FeeSplitterAbi.PAY_TOKEN, 7),
        PAY_TOKEN_WITH_PERMIT(FeeSplitterAbi.PAY_TOKEN_WITH_PERMIT, 10);

        final byte[] selector;
        final int words;

        Kind(String signature, int words) {
            this.selector = java.util.Arrays.copyOf(org.web3j.crypto.Hash.sha3(signature.getBytes(java.nio.charset.StandardCharsets.US_ASCII)), 4);
            this.words = words;
        }
    }

    /**
     * @throws ClientPaymentRefusedException UNEXPECTED_INSTRUCTION for any other function, MALFORMED for arguments
     *                                       that are not exactly the function's
     */
    static SplitterCall decode(byte[] data) throws ClientPaymentRefusedException {
        if (data.length < 4) {
            throw new ClientPaymentRefusedException(Reason.UNEXPECTED_INSTRUCTION, "the transaction calls no splitter function");
        }
        byte[] selector = Arrays.copyOf(data, 4);
        Kind kind = null;
        for (Kind k : Kind.values()) {
            if (Arrays.equals(k.selector, selector)) {
                kind = k;
            }
        }
        if (kind == null) {
            throw new ClientPaymentRefusedException(Reason.UNEXPECTED_INSTRUCTION,
                    "the transaction calls " + Numeric.toHexString(selector) + ", not a splitter payment function");
        }
        if (data.length != 4 + 32 * kind.words) {
            throw new ClientPaymentRefusedException(Reason.MALFORMED, "the call data is not exactly the arguments of " + kind);
        }
        int w = 0;
        byte[] jobRef = word(data, w++);
        String token = kind == Kind.PAY_NATIVE ? null : address(data, w++);
        String payee = address(data, w++);
        BigInteger net = new BigInteger(1, word(data, w++));
        String feeRecipient = address(data, w++);
        BigInteger fee = new BigInteger(1, word(data, w++));
        BigInteger deadline = new BigInteger(1, word(data, w));
        return new SplitterCall(kind, jobRef, token, payee, net, feeRecipient, fee, deadline);
    }

    /** {@code payTokenWithAuthorization} for {@code terms}, relayed for {@code payer} with its signature. */
    static String payTokenWithAuthorization(GaslessTerms terms, String payer, Sign.SignatureData sig) {
        @SuppressWarnings("rawtypes")
        List<Type> args = List.of(new Bytes32(terms.jobRef()), new Address(terms.token()), new Address(payer),
                new Address(terms.payee()), new Uint256(terms.net()), new Address(terms.feeRecipient()),
                new Uint256(terms.fee()), new Uint256(terms.deadline()),
                new Uint8(Byte.toUnsignedInt(sig.getV()[0])), new Bytes32(sig.getR()), new Bytes32(sig.getS()));
        return FunctionEncoder.encode(new Function("payTokenWithAuthorization", args, List.<TypeReference<?>>of()));
    }

    /** EIP-3009's {@code authorizationState(authorizer, nonce)}: true once used or cancelled. */
    static String authorizationState(String authorizer, byte[] nonce) {
        return FunctionEncoder.encode(new Function("authorizationState",
                List.of(new Address(authorizer), new Bytes32(nonce)), List.<TypeReference<?>>of()));
    }

    private static byte[] word(byte[] data, int index) {
        return Arrays.copyOfRange(data, 4 + 32 * index, 4 + 32 * (index + 1));
    }

    private static String address(byte[] data, int index) throws ClientPaymentRefusedException {
        byte[] word = word(data, index);
        for (int i = 0; i < 12; i++) {
            if (word[i] != 0) {
                throw new ClientPaymentRefusedException(Reason.MALFORMED, "an address argument has dirty high bytes");
            }
        }
        return EvmAddresses.checksummed(Numeric.toHexString(Arrays.copyOfRange(word, 12, 32)));
    }
}
