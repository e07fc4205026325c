package dev.tollgate.chain.solana;

import dev.tollgate.chain.PayerSecret;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.SpendBudget;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import org.p2p.solanaj.utils.Base58;
import org.p2p.solanaj.utils.TweetNaclFast;

/**
 * The gateway's fee-payer key for sponsored client-signed payments, and the budget its fees are reserved from. The
 * key only ever pays fees: a payment that names it anywhere but as fee payer is refused. {@link #close()} zeroes
 * the key; the rail it is given to owns it and closes it with itself ({@link SolanaRail#close}).
 */
public final class SolanaSponsor implements AutoCloseable {
    private final PayerSecret keypair;
    private final String address;
    private final SpendBudget budget;

    /**
     * @param keypair a 64-byte Ed25519 keypair (seed ‖ public key) whose public half derives from its seed; owned
     *                (and zeroed on close) by this sponsor from now on
     * @param budget  per-payer and total caps on the fees this key pays, in lamports
     */
    public SolanaSponsor(PayerSecret keypair, SpendBudget budget) {
        Objects.requireNonNull(keypair, "keypair");
        this.budget = Objects.requireNonNull(budget, "budget");
        byte[] bytes = keypair.bytes();
        if (bytes.length != 64 || !derivesFromSeed(bytes)) {
            keypair.close();
            throw new IllegalArgumentException("the sponsor key is not a 64-byte Solana keypair");
        }
        this.keypair = keypair;
        this.address = Base58.encode(Arrays.copyOfRange(bytes, 32, 64));
    }

    /** A sponsor from a key in the usual text forms (base58 of 64 bytes, or a JSON byte array). */
    public static SolanaSponsor parse(String keyText, SpendBudget budget) {
        try {
            return new SolanaSponsor(SolanaKeys.parse(keyText), budget);
        } catch (PaymentRejectedException e) {
            throw new IllegalArgumentException("the sponsor key is not a Solana keypair");
        }
    }

    public String address() {
        return address;
    }

    SpendBudget budget() {
        return budget;
    }

    /** The sponsor's Ed25519 signature over {@code message}. */
    byte[] sign(byte[] message) {
        return new TweetNaclFast.Signature(new byte[0], keypair.bytes()).detached(message);
    }

    private static boolean derivesFromSeed(byte[] keypair) {
        byte[] seed = Arrays.copyOfRange(keypair, 0, 32);
        TweetNaclFast.Signature.KeyPair derived = TweetNaclFast.Signature.keyPair_fromSeed(seed);
        try {
            return MessageDigest.isEqual(derived.getPublicKey(), Arrays.copyOfRange(keypair, 32, 64));
        } finally {
            Arrays.fill(seed, (byte) 0);
            Arrays.fill(derived.getSecretKey(), (byte) 0);
        }
    }

    @Override
    public void close() {
        keypair.close();
    }

    @Override
    public String toString() {
        return "SolanaSponsor[" + address + "]";
    }
}
