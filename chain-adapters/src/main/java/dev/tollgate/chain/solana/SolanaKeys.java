package dev.tollgate.chain.solana;

import dev.tollgate.chain.PayerSecret;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.PaymentRejectedException.Reason;
import java.util.Arrays;
import org.p2p.solanaj.core.Account;
import org.p2p.solanaj.core.PublicKey;
import org.p2p.solanaj.utils.Base58;

/** Solana key and address handling. Messages never contain key material. */
final class SolanaKeys {
    private static final int KEYPAIR_LENGTH = 64;

    private SolanaKeys() {
    }

    /** A 64-byte keypair as base58 (Phantom/solders export) or a JSON array of bytes (solana-keygen file). */
    static PayerSecret parse(String text) throws PaymentRejectedException {
        if (text == null || text.isBlank()) {
            throw new PaymentRejectedException(Reason.INVALID_KEY, "private_key is empty");
        }
        String trimmed = text.trim();
        byte[] bytes = trimmed.startsWith("[") ? parseJsonArray(trimmed) : parseBase58(trimmed);
        if (bytes.length != KEYPAIR_LENGTH) {
            int length = bytes.length;
            Arrays.fill(bytes, (byte) 0);
            throw new PaymentRejectedException(Reason.INVALID_KEY,
                    "private_key must be a 64-byte Solana keypair, got " + length + " bytes");
        }
        // The second half of a keypair is its public key: reject keypairs that do not belong together.
        Account account = new Account(bytes);
        try {
            if (!Arrays.equals(account.getPublicKey().toByteArray(), Arrays.copyOfRange(bytes, 32, 64))) {
                Arrays.fill(bytes, (byte) 0);
                throw new PaymentRejectedException(Reason.INVALID_KEY,
                        "private_key is not a valid keypair: its public half does not match its secret half");
            }
        } finally {
            Arrays.fill(account.getSecretKey(), (byte) 0);
        }
        return new PayerSecret(bytes);
    }

    private static byte[] parseBase58(String text) throws PaymentRejectedException {
        try {
            return Base58.decode(text);
        } catch (RuntimeException e) {
            throw new PaymentRejectedException(Reason.INVALID_KEY, "private_key is neither base58 nor a JSON byte array");
        }
    }

    private static byte[] parseJsonArray(String text) throws PaymentRejectedException {
        if (!text.endsWith("]")) {
            throw new PaymentRejectedException(Reason.INVALID_KEY, "private_key JSON array is not closed");
        }
        String inner = text.substring(1, text.length() - 1).trim();
        if (inner.isEmpty()) {
            return new byte[0];
        }
        String[] parts = inner.split(",");
        byte[] bytes = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            int value;
            try {
                value = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                Arrays.fill(bytes, (byte) 0);
                throw new PaymentRejectedException(Reason.INVALID_KEY, "private_key JSON array must hold integers 0-255");
            }
            if (value < 0 || value > 255) {
                Arrays.fill(bytes, (byte) 0);
                throw new PaymentRejectedException(Reason.INVALID_KEY, "private_key JSON array must hold integers 0-255");
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    /** The public key (base58) of a parsed keypair. */
    static String addressOf(PayerSecret secret) {
        return Base58.encode(Arrays.copyOfRange(secret.bytes(), 32, 64));
    }

    static boolean isValidAddress(String address) {
        if (address == null || address.length() < 32 || address.length() > 44) {
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
        try {
            return PublicKey.findProgramAddress(
                    java.util.List.of(owner.toByteArray(), SolanaPrograms.TOKEN.toByteArray(), mint.toByteArray()),
                    SolanaPrograms.ASSOCIATED_TOKEN).getAddress();
        } catch (Exception e) {
            throw new IllegalStateException("cannot derive associated token account", e);
        }
    }
}
