package dev.tollgate.chain.evm;

import dev.tollgate.chain.PayerSecret;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.PaymentRejectedException.Reason;
import java.util.Arrays;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;

/** secp256k1 private keys as 0x hex. Messages never contain key material. */
final class EvmKeys {
    private static final int KEY_BYTES = 32;
    /** The order n of secp256k1: a private key must be in [1, n-1]. */
    private static final byte[] CURVE_ORDER = hexToBytes("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");

    private EvmKeys() {
    }

    /**
     * Parses 64 hex digits, with or without {@code 0x}, straight into the key bytes (no intermediate strings or
     * arrays holding the key).
     */
    static PayerSecret parse(String text) throws PaymentRejectedException {
        if (text == null) {
            throw new PaymentRejectedException(Reason.INVALID_KEY, "private_key is empty");
        }
        int start = 0;
        int end = text.length();
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        if (end - start >= 2 && text.charAt(start) == '0' && (text.charAt(start + 1) == 'x' || text.charAt(start + 1) == 'X')) {
            start += 2;
        }
        if (end - start != KEY_BYTES * 2) {
            throw new PaymentRejectedException(Reason.INVALID_KEY,
                    "private_key must be 32 bytes as 64 hex digits (0x optional)");
        }
        byte[] key = new byte[KEY_BYTES];
        for (int i = 0; i < KEY_BYTES; i++) {
            int hi = Character.digit(text.charAt(start + 2 * i), 16);
            int lo = Character.digit(text.charAt(start + 2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                Arrays.fill(key, (byte) 0);
                throw new PaymentRejectedException(Reason.INVALID_KEY, "private_key must be hexadecimal");
            }
            key[i] = (byte) ((hi << 4) | lo);
        }
        if (isZero(key) || Arrays.compareUnsigned(key, CURVE_ORDER) >= 0) {
            Arrays.fill(key, (byte) 0);
            throw new PaymentRejectedException(Reason.INVALID_KEY, "private_key is not a valid secp256k1 key");
        }
        return new PayerSecret(key);
    }

    /**
     * Signing credentials for one use. web3j holds the key as a BigInteger that cannot be wiped: keep the returned
     * object local to the call that needs it.
     */
    static Credentials credentials(PayerSecret secret) {
        return Credentials.create(ECKeyPair.create(secret.bytes()));
    }

    static String addressOf(PayerSecret secret) {
        return EvmAddresses.checksummed(credentials(secret).getAddress());
    }

    private static boolean isZero(byte[] key) {
        int acc = 0;
        for (byte b : key) {
            acc |= b;
        }
        return acc == 0;
    }

    private static byte[] hexToBytes(String hex) {
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
