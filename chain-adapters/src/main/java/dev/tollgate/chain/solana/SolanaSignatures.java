package dev.tollgate.chain.solana;

import java.nio.charset.StandardCharsets;
import org.p2p.solanaj.utils.Base58;

/**
 * Ed25519 signatures as Solana spells them: base58 of 64 bytes, for transaction ids and for signed wallet messages.
 * Lengths and the alphabet are checked before decoding, so hostile input costs nothing.
 */
final class SolanaSignatures {
    static final int SIGNATURE_BYTES = 64;
    /** base58 of 64 bytes: at most 88 characters; each leading zero byte is one '1', so never fewer than 64. */
    private static final int MIN_CHARS = 64;
    private static final int MAX_CHARS = 88;
    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    private SolanaSignatures() {
    }

    /** The 64 signature bytes, or {@code null} when {@code text} is not base58 of exactly 64 bytes. */
    static byte[] decode(String text) {
        if (text == null || text.length() < MIN_CHARS || text.length() > MAX_CHARS || !isBase58(text)) {
            return null;
        }
        byte[] bytes = Base58.decode(text);
        return bytes.length == SIGNATURE_BYTES ? bytes : null;
    }

    static boolean isValid(String text) {
        return decode(text) != null;
    }

    /** Whether {@code signature} is {@code address}'s Ed25519 signature over the UTF-8 bytes of {@code message}. */
    static boolean verifyMessage(String address, String message, String signature) {
        if (message == null || !SolanaKeys.isValidAddress(address)) {
            return false;
        }
        byte[] sig = decode(signature);
        if (sig == null) {
            return false;
        }
        byte[] publicKey = Base58.decode(address);
        return Ed25519Verifier.verify(publicKey, message.getBytes(StandardCharsets.UTF_8), sig);
    }

    static boolean isBase58(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (ALPHABET.indexOf(text.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
