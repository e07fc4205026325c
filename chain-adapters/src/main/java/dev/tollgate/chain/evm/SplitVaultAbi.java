package dev.tollgate.chain.evm;

import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.utils.Numeric;

/** Call data for SplitVaultFactory / SplitVault and the EIP-3009 token reads x402's {@code exact} scheme needs. */
final class SplitVaultAbi {

    private SplitVaultAbi() {
    }

    static String vaultOf(String payee, String feeRecipient, int feeBps) {
        return encode("vaultOf", new Address(payee), new Address(feeRecipient), new Uint16(feeBps));
    }

    static String sweep(String payee, String feeRecipient, int feeBps, String token) {
        return encode("sweep", new Address(payee), new Address(feeRecipient), new Uint16(feeBps), new Address(token));
    }

    /** {@code settle(payee, feeRecipient, feeBps, jobRef, token, from, value, validAfter, validBefore, nonce, signature)}. */
    static String settle(String payee, String feeRecipient, int feeBps, byte[] jobRef, String token,
                         ExactEvmPayload p) {
        return encode("settle", new Address(payee), new Address(feeRecipient), new Uint16(feeBps), new Bytes32(jobRef),
                new Address(token), new Address(p.from()), new Uint256(p.value()), new Uint256(p.validAfter()),
                new Uint256(p.validBefore()), new Bytes32(p.nonce()), new DynamicBytes(p.signature()));
    }

    /** The token's own {@code transferWithAuthorization} (v, r, s form), for simulating what a client signed. */
    static String transferWithAuthorization(ExactEvmPayload p, String to) {
        byte[] sig = p.signature();
        return encode("transferWithAuthorization", new Address(p.from()), new Address(to), new Uint256(p.value()),
                new Uint256(p.validAfter()), new Uint256(p.validBefore()), new Bytes32(p.nonce()),
                new Uint8(Byte.toUnsignedInt(sig[64])), new Bytes32(java.util.Arrays.copyOfRange(sig, 0, 32)),
                new Bytes32(java.util.Arrays.copyOfRange(sig, 32, 64)));
    }

    static String authorizationState(String authorizer, byte[] nonce) {
        return encode("authorizationState", new Address(authorizer), new Bytes32(nonce));
    }

    static String name() {
        return encode("name");
    }

    static String version() {
        return encode("version");
    }

    /** An ABI-encoded {@code string} return value, or null when it is not one. */
    static String decodeString(String value) {
        try {
            @SuppressWarnings({"rawtypes", "unchecked"})
            List<Type> out = FunctionReturnDecoder.decode(value, (List) List.of(TypeReference.create(Utf8String.class)));
            return out.size() == 1 ? ((Utf8String) out.get(0)).getValue() : null;
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    /** An ABI-encoded {@code address} return value (lower case), or null when it is not one. */
    static String decodeAddress(String value) {
        byte[] bytes = value == null ? new byte[0] : Numeric.hexStringToByteArray(value);
        if (bytes.length != 32) {
            return null;
        }
        return "0x" + Numeric.toHexStringNoPrefix(bytes).substring(24);
    }

    /** An ABI-encoded {@code bool}, or null when it is not one. */
    static Boolean decodeBool(String value) {
        byte[] bytes = value == null ? new byte[0] : Numeric.hexStringToByteArray(value);
        if (bytes.length != 32) {
            return null;
        }
        BigInteger word = new BigInteger(1, bytes);
        return word.signum() == 0 ? Boolean.FALSE : word.equals(BigInteger.ONE) ? Boolean.TRUE : null;
    }

    @SuppressWarnings("rawtypes")
    private static String encode(String name, Type... args) {
        return FunctionEncoder.encode(new Function(name, List.of(args), List.<TypeReference<?>>of()));
    }
}
