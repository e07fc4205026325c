package dev.tollgate.chain.evm;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SignatureException;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/** EVM transaction hashes and EIP-191 ({@code personal_sign}) message signatures; forms are checked before decoding. */
final class EvmSignatures {
    private static final int SIGNATURE_BYTES = 65;

    private EvmSignatures() {
    }

    /** {@code 0x} and exactly 64 hex digits. */
    static boolean isTxHash(String txId) {
        return isHex(txId, 32);
    }

    /**
     * Whether {@code signature} ({@code 0x} r‖s‖v, v = 27/28 or 0/1) recovers to {@code address} for the EIP-191
     * prefixed {@code message}. Contract wallets (EIP-1271) are not supported: they prove nothing offline.
     */
    static boolean verifyPersonalSign(String address, String message, String signature) {
        if (message == null || !EvmAddresses.isValid(address) || !isHex(signature, SIGNATURE_BYTES)) {
            return false;
        }
        byte[] sig = org.web3j.utils.Numeric.hexStringToByteArray(signature);
        byte v = sig[64];
        if (v < 27) {
            v += 27;
        }
        if (v != 27 && v != 28) {
            return false;
        }
        byte[] r = java.util.Arrays.copyOfRange(sig, 0, 32);
        byte[] s = java.util.Arrays.copyOfRange(sig, 32, 64);
        try {
            BigInteger key = Sign.signedPrefixedMessageToKey(message.getBytes(StandardCharsets.UTF_8),
                    new Sign.SignatureData(v, r, s));
            return EvmAddresses.same("0x" + Keys.getAddress(key), address);
        } catch (SignatureException | RuntimeException e) {
            return false;
        }
    }

    private static boolean isHex(String text, int bytes) {
        if (text == null || text.length() != 2 + 2 * bytes || !text.startsWith("0x")) {
            return false;
        }
        for (int i = 2; i < text.length(); i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
