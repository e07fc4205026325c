package dev.tollgate.client;

import dev.tollgate.chain.PayerSecret;
import java.util.Arrays;

/**
 * A payer's wallet key, held in this process only. {@link #close()} zeroes the key bytes; they are never logged,
 * sent or stored, and {@code toString} is redacted. Signing uses short-lived copies that are zeroed after use.
 */
public abstract sealed class Wallet implements AutoCloseable permits SolanaWallet, EvmWallet {
    private final byte[] key;
    private volatile boolean closed;

    Wallet(byte[] key) {
        this.key = key;
    }

    /** The wallet's address: base58 public key (Solana) or EIP-55 checksummed address (EVM). */
    public abstract String address();

    /** The CAIP-2 namespace this wallet pays on: {@code solana} or {@code eip155}. */
    public abstract String namespace();

    /** The Sign-In-With-X {@code type} of its signatures: {@code ed25519} or {@code eip191}. */
    public abstract String siwxType();

    /**
     * Signs the UTF-8 bytes of {@code message} the way wallets sign messages on its chain: Ed25519, base58 (Solana);
     * EIP-191 {@code personal_sign}, 0x and 130 hex digits (EVM).
     */
    public abstract String signMessage(String message);

    /** A copy of the key for one signing operation; the caller closes it (which zeroes it). */
    final PayerSecret secretCopy() {
        return new PayerSecret(liveKey().clone());
    }

    /** The key itself, for signing in place; never kept or copied beyond one call. */
    final byte[] liveKey() {
        if (closed) {
            throw new IllegalStateException("wallet closed");
        }
        return key;
    }

    @Override
    public void close() {
        closed = true;
        Arrays.fill(key, (byte) 0);
    }

    @Override
    public final String toString() {
        return getClass().getSimpleName() + "[" + address() + ", key redacted]";
    }
}
