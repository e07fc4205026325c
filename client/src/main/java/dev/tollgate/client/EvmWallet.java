package dev.tollgate.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * A secp256k1 key of an externally owned account. web3j signs from a {@code BigInteger} that cannot be wiped: each
 * signature builds it from the bytes and drops it at once.
 */
public final class EvmWallet extends Wallet {
    private static final int KEY_BYTES = 32;
    private static final java.math.BigInteger CURVE_ORDER =
            new java.math.BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);
    private final String address;

    private EvmWallet(byte[] key) {
        super(key);
        this.address = Keys.toChecksumAddress(Keys.getAddress(ECKeyPair.create(key)));
    }

    /** A wallet over a copy of the 32 key bytes; the caller may zero its own array afterwards. */
    public static EvmWallet fromPrivateKey(byte[] key) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("an EVM private key is 32 bytes");
        }
        java.math.BigInteger k = new java.math.BigInteger(1, key);
        if (k.signum() == 0 || k.compareTo(CURVE_ORDER) >= 0) {
            throw new IllegalArgumentException("not a valid secp256k1 private key");
        }
        return new EvmWallet(key.clone());
    }

    /** A wallet from 64 hex digits, {@code 0x} optional. */
    public static EvmWallet fromHex(String key) {
        String hex = key == null ? "" : key.strip();
        if (hex.startsWith("0x") || hex.startsWith("0X")) {
            hex = hex.substring(2);
        }
        if (hex.length() != KEY_BYTES * 2 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("an EVM private key is 64 hex digits");
        }
        byte[] bytes = Numeric.hexStringToByteArray(hex);
        try {
            return fromPrivateKey(bytes);
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
        return "eip155";
    }

    @Override
    public String siwxType() {
        return "eip191";
    }

    @Override
    public String signMessage(String message) {
        return hex(Sign.signPrefixedMessage(message.getBytes(StandardCharsets.UTF_8), ECKeyPair.create(liveKey())));
    }

    /** Signs a 32-byte digest as is (EIP-712 typed data), 0x r ‖ s ‖ v. */
    public String signDigest(byte[] digest) {
        if (digest == null || digest.length != 32) {
            throw new IllegalArgumentException("a digest is 32 bytes");
        }
        return hex(Sign.signMessage(digest, ECKeyPair.create(liveKey()), false));
    }

    /** Signs an EIP-1559 transaction (its chain id inside); the raw bytes to broadcast. */
    byte[] signTransaction(org.web3j.crypto.RawTransaction tx) {
        return org.web3j.crypto.TransactionEncoder.signMessage(tx,
                org.web3j.crypto.Credentials.create(ECKeyPair.create(liveKey())));
    }

    private static String hex(Sign.SignatureData sig) {
        byte[] out = new byte[65];
        System.arraycopy(sig.getR(), 0, out, 0, 32);
        System.arraycopy(sig.getS(), 0, out, 32, 32);
        out[64] = sig.getV()[0];
        return Numeric.toHexString(out);
    }
}
