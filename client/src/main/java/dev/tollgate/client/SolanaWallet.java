package dev.tollgate.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.p2p.solanaj.utils.Base58;
import org.p2p.solanaj.utils.TweetNaclFast;

/** An Ed25519 Solana keypair (64 bytes: seed then public key). */
public final class SolanaWallet extends Wallet {
    private static final int KEYPAIR_BYTES = 64;
    /** base58 of 64 bytes is at most 88 characters; longer text is refused before it is decoded. */
    private static final int MAX_BASE58_CHARS = 88;
    private final String address;

    private SolanaWallet(byte[] keypair) {
        super(keypair);
        this.address = Base58.encode(Arrays.copyOfRange(keypair, 32, 64));
    }

    /**
     * A wallet over a copy of {@code keypair} (the 64-byte form solana-keygen and Phantom export); the caller may
     * zero its own array afterwards. The public half must be the one the seed derives.
     */
    public static SolanaWallet fromKeypair(byte[] keypair) {
        if (keypair == null || keypair.length != KEYPAIR_BYTES) {
            throw new IllegalArgumentException("a Solana keypair is 64 bytes");
        }
        byte[] copy = keypair.clone();
        byte[] seed = Arrays.copyOfRange(copy, 0, 32);
        TweetNaclFast.Signature.KeyPair derived = TweetNaclFast.Signature.keyPair_fromSeed(seed);
        try {
            if (!MessageDigest.isEqual(derived.getPublicKey(), Arrays.copyOfRange(copy, 32, 64))) {
                Arrays.fill(copy, (byte) 0);
                throw new IllegalArgumentException("not a Solana keypair: its public half is not derived from its seed");
            }
        } finally {
            Arrays.fill(seed, (byte) 0);
            Arrays.fill(derived.getSecretKey(), (byte) 0);
        }
        return new SolanaWallet(copy);
    }

    /** A wallet from the base58 text of a 64-byte keypair. */
    public static SolanaWallet fromBase58(String keypair) {
        if (keypair == null || keypair.isBlank() || keypair.strip().length() > MAX_BASE58_CHARS) {
            throw new IllegalArgumentException("a Solana keypair is base58 of 64 bytes");
        }
        byte[] bytes;
        try {
            bytes = Base58.decode(keypair.strip());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("a Solana keypair is base58 of 64 bytes");
        }
        try {
            return fromKeypair(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public String namespace() {
        return "solana";
    }

    @Override
    public String siwxType() {
        return "ed25519";
    }

    /** The Ed25519 signature (64 bytes) of {@code bytes}, e.g. a transaction message. */
    byte[] signBytes(byte[] bytes) {
        byte[] secret = liveKey().clone();
        try {
            return new TweetNaclFast.Signature(new byte[0], secret).detached(bytes);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    @Override
    public String signMessage(String message) {
        byte[] secret = liveKey().clone();
        try {
            return Base58.encode(new TweetNaclFast.Signature(new byte[0], secret)
                    .detached(message.getBytes(StandardCharsets.UTF_8)));
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }
}
