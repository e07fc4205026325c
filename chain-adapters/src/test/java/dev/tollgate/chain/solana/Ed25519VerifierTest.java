package dev.tollgate.chain.solana;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.p2p.solanaj.utils.TweetNaclFast;

class Ed25519VerifierTest {
    private static final HexFormat HEX = HexFormat.of();
    /** The group order L; S must be below it (RFC 8032 5.1.7). */
    private static final BigInteger L = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

    @Test
    void acceptsRfc8032TestVectorOne() {
        byte[] publicKey = HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        byte[] signature = HEX.parseHex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        assertThat(Ed25519Verifier.verify(publicKey, new byte[0], signature)).isTrue();
        assertThat(Ed25519Verifier.verify(publicKey, new byte[] {0}, signature)).isFalse();
    }

    @Test
    void agreesWithTheSignerOnRandomKeysAndRefusesAnyChangedByte() {
        SecureRandom random = new SecureRandom();
        for (int round = 0; round < 20; round++) {
            byte[] seed = new byte[32];
            random.nextBytes(seed);
            TweetNaclFast.Signature.KeyPair pair = TweetNaclFast.Signature.keyPair_fromSeed(seed);
            byte[] message = new byte[1 + random.nextInt(400)];
            random.nextBytes(message);
            byte[] signature = new TweetNaclFast.Signature(new byte[0], pair.getSecretKey()).detached(message);
            assertThat(Ed25519Verifier.verify(pair.getPublicKey(), message, signature)).isTrue();

            byte[] otherMessage = message.clone();
            otherMessage[random.nextInt(otherMessage.length)] ^= 1;
            assertThat(Ed25519Verifier.verify(pair.getPublicKey(), otherMessage, signature)).isFalse();
            byte[] otherSignature = signature.clone();
            otherSignature[random.nextInt(64)] ^= 1;
            assertThat(Ed25519Verifier.verify(pair.getPublicKey(), message, otherSignature)).isFalse();
        }
    }

    @Test
    void refusesMalformedInputWithoutThrowing() {
        byte[] message = "pay".getBytes(StandardCharsets.UTF_8);
        assertThat(Ed25519Verifier.verify(new byte[31], message, new byte[64])).isFalse();
        assertThat(Ed25519Verifier.verify(new byte[32], message, new byte[63])).isFalse();
        assertThat(Ed25519Verifier.verify(null, message, new byte[64])).isFalse();
        assertThat(Ed25519Verifier.verify(new byte[32], null, new byte[64])).isFalse();
        // y = 2 is not on the curve: no point decodes, so nothing verifies against it
        byte[] notAPoint = new byte[32];
        notAPoint[0] = 2;
        assertThat(Ed25519Verifier.verify(notAPoint, message, new byte[64])).isFalse();
    }

    @Test
    void refusesANonCanonicalSThatTheSameEquationWouldAccept() {
        byte[] seed = new byte[32];
        seed[0] = 7;
        TweetNaclFast.Signature.KeyPair pair = TweetNaclFast.Signature.keyPair_fromSeed(seed);
        byte[] message = "malleable".getBytes(StandardCharsets.UTF_8);
        byte[] signature = new TweetNaclFast.Signature(new byte[0], pair.getSecretKey()).detached(message);
        // S' = S + L is the same scalar mod L: a malleated copy of a valid signature, if it fits in 32 bytes
        BigInteger s = new BigInteger(1, reverse(java.util.Arrays.copyOfRange(signature, 32, 64)));
        BigInteger malleated = s.add(L);
        org.junit.jupiter.api.Assumptions.assumeTrue(malleated.bitLength() <= 256);
        byte[] sBytes = reverse(leftPad(malleated.toByteArray()));
        byte[] copy = signature.clone();
        System.arraycopy(sBytes, 0, copy, 32, 32);
        assertThat(Ed25519Verifier.verify(pair.getPublicKey(), message, signature)).isTrue();
        assertThat(Ed25519Verifier.verify(pair.getPublicKey(), message, copy)).isFalse();
    }

    private static byte[] leftPad(byte[] bigEndian) {
        byte[] out = new byte[32];
        int n = Math.min(32, bigEndian.length);
        System.arraycopy(bigEndian, bigEndian.length - n, out, 32 - n, n);
        return out;
    }

    private static byte[] reverse(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[bytes.length - 1 - i];
        }
        return out;
    }
}
