package dev.tollgate.chain.solana;

import dev.tollgate.chain.PayerSecret;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.PaymentRejectedException.Reason;
import java.security.MessageDigest;
import java.util.Arrays;
import org.p2p.solanaj.core.PublicKey;
import org.p2p.solanaj.utils.Base58;
import org.p2p.solanaj.utils.TweetNaclFast;

/** Solana key and address handling. Messages never contain key material. */
final class SolanaKeys {
    private static final int KEYPAIR_LENGTH = 64;
    /** base58 of 64 bytes is at most 88 characters. */
    private static final int MAX_BASE58_CHARS = 88;
    /**
     * The longest text worth reading: a JSON array of 64 entries of at most 3 digits is 256 characters packed;
     * this leaves room for spaces and line breaks of a pretty-printed file. Longer text is refused unread.
     */
    private static final int MAX_KEY_TEXT_CHARS = 2_048;

    private SolanaKeys() {
    }

    /**
     * A 64-byte keypair as base58 (Phantom/solders export) or a JSON array of bytes (solana-keygen file). Sizes are
     * checked before anything is decoded (base58 decoding is quadratic), and the public half must be the one the
     * secret half derives: Solanaj's {@code Account(byte[64])} would take bytes 32..64 on trust, so anyone could
     * present 32 random bytes followed by someone else's public key.
     */
    static PayerSecret parse(String text) throws PaymentRejectedException {
        if (text == null || text.length() > MAX_KEY_TEXT_CHARS) {
            throw new PaymentRejectedException(Reason.INVALID_KEY, "private_key must be a 64-byte Solana keypair");
        }
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            throw new PaymentRejectedException(Reason.INVALID_KEY, "private_key is empty");
        }
        byte[] bytes = trimmed.startsWith("[") ? parseJsonArray(trimmed) : parseBase58(trimmed);
        if (bytes.length != KEYPAIR_LENGTH) {
            int length = bytes.length;
            Arrays.fill(bytes, (byte) 0);
            throw new PaymentRejectedException(Reason.INVALID_KEY,
                    "private_key must be a 64-byte Solana keypair, got " + length + " bytes");
        }
        if (!publicHalfDerivesFromSeed(bytes)) {
            Arrays.fill(bytes, (byte) 0);
            throw new PaymentRejectedException(Reason.INVALID_KEY,
                    "private_key is not a valid keypair: its public half is not derived from its secret half");
        }
        return new PayerSecret(bytes);
    }

    /** Derives the Ed25519 public key from the 32-byte seed and compares it in constant time; zeroes every copy. */
    private static boolean publicHalfDerivesFromSeed(byte[] keypair) {
        byte[] seed = Arrays.copyOfRange(keypair, 0, 32);
        byte[] claimed = Arrays.copyOfRange(keypair, 32, 64);
        TweetNaclFast.Signature.KeyPair derived = TweetNaclFast.Signature.keyPair_fromSeed(seed);
        try {
            return MessageDigest.isEqual(derived.getPublicKey(), claimed);
        } finally {
            Arrays.fill(seed, (byte) 0);
            Arrays.fill(claimed, (byte) 0);
            Arrays.fill(derived.getSecretKey(), (byte) 0);
            Arrays.fill(derived.getPublicKey(), (byte) 0);
        }
    }

    private static byte[] parseBase58(String text) throws PaymentRejectedException {
        if (text.length() > MAX_BASE58_CHARS || !SolanaSignatures.isBase58(text)) {
            throw new PaymentRejectedException(Reason.INVALID_KEY, "private_key is neither base58 of 64 bytes nor a JSON byte array");
        }
        return Base58.decode(text);
    }

    private static byte[] parseJsonArray(String text) throws PaymentRejectedException {
        if (!text.endsWith("]")) {
            throw new PaymentRejectedException(Reason.INVALID_KEY, "private_key JSON array is not closed");
        }
        String inner = text.substring(1, text.length() - 1).trim();
        if (inner.isEmpty()) {
            return new byte[0];
        }
        String[] parts = inner.split(",", KEYPAIR_LENGTH + 1);
        if (parts.length > KEYPAIR_LENGTH) {
            throw new PaymentRejectedException(Reason.INVALID_KEY, "private_key JSON array must hold 64 integers 0-255");
        }
        byte[] bytes = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            int value = byteValue(parts[i].trim());
            if (value < 0) {
                Arrays.fill(bytes, (byte) 0);
                throw new PaymentRejectedException(Reason.INVALID_KEY, "private_key JSON array must hold integers 0-255");
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    /** One to three decimal digits with a value up to 255, else -1. */
    private static int byteValue(String digits) {
        if (digits.isEmpty() || digits.length() > 3) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= 255 ? value : -1;
    }

    /** The public key (base58) of a parsed keypair. */
    static String addressOf(PayerSecret secret) {
        return Base58.encode(Arrays.copyOfRange(secret.bytes(), 32, 64));
    }

    static boolean isValidAddress(String address) {
        if (address == null || address.length() < 32 || address.length() > 44 || !SolanaSignatures.isBase58(address)) {
            return false;
        }
        try {
            return Base58.decode(address).length == 32;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The associated token account of {@code owner} for {@code mint} under the SPL Token program. */
    static PublicKey associatedTokenAccount(PublicKey owner, PublicKey mint) {
        return associatedTokenAccount(owner, mint, SolanaPrograms.TOKEN);
    }

    /** The associated token account of {@code owner} for {@code mint} owned by {@code tokenProgram}. */
    static PublicKey associatedTokenAccount(PublicKey owner, PublicKey mint, PublicKey tokenProgram) {
        try {
            return PublicKey.findProgramAddress(
                    java.util.List.of(owner.toByteArray(), tokenProgram.toByteArray(), mint.toByteArray()),
                    SolanaPrograms.ASSOCIATED_TOKEN).getAddress();
        } catch (Exception e) {
            throw new IllegalStateException("cannot derive associated token account", e);
        }
    }
}
