package dev.tollgate.gateway.support;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.p2p.solanaj.core.Account;
import org.p2p.solanaj.utils.Base58;
import org.p2p.solanaj.utils.TweetNaclFast;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * Sign-In-With-X payer proofs as a wallet makes them, written out here independently of the gateway's own message
 * builder (SIWS for Solana, EIP-4361 for EVM), so a test fails if the two ever disagree.
 */
public final class WalletProofs {
    private WalletProofs() {
    }

    /** A proof by {@code payer} naming {@code jobId}, for the gateway at {@code gateway}, issued at {@code now}. */
    public static Map<String, Object> solana(Account payer, String network, String jobId, URI gateway, Instant now) {
        Map<String, Object> p = fields(payer.getPublicKeyBase58(), network, "ed25519", jobId, gateway, now);
        String message = p.get("domain") + " wants you to sign in with your Solana account:\n" + p.get("address")
                + "\n\n" + body(p, network.substring(network.indexOf(':') + 1));
        byte[] secret = payer.getSecretKey();
        p.put("signature", Base58.encode(new TweetNaclFast.Signature(new byte[0], secret)
                .detached(message.getBytes(StandardCharsets.UTF_8))));
        return p;
    }

    public static Map<String, Object> evm(Credentials payer, String network, String jobId, URI gateway, Instant now) {
        Map<String, Object> p = fields(Keys.toChecksumAddress(payer.getAddress()), network, "eip191", jobId, gateway, now);
        String message = p.get("domain") + " wants you to sign in with your Ethereum account:\n" + p.get("address")
                + "\n\n\n" + body(p, network.substring(network.indexOf(':') + 1));
        Sign.SignatureData sig = Sign.signPrefixedMessage(message.getBytes(StandardCharsets.UTF_8), payer.getEcKeyPair());
        byte[] out = new byte[65];
        System.arraycopy(sig.getR(), 0, out, 0, 32);
        System.arraycopy(sig.getS(), 0, out, 32, 32);
        out[64] = sig.getV()[0];
        p.put("signature", Numeric.toHexString(out));
        return p;
    }

    /** Signs {@code payload} again after a test changed it (e.g. to another job), Solana. */
    public static Map<String, Object> resignSolana(Account payer, Map<String, Object> payload) {
        String network = (String) payload.get("chainId");
        String message = payload.get("domain") + " wants you to sign in with your Solana account:\n"
                + payload.get("address") + "\n\n" + body(payload, network.substring(network.indexOf(':') + 1));
        Map<String, Object> p = new LinkedHashMap<>(payload);
        p.put("signature", Base58.encode(new TweetNaclFast.Signature(new byte[0], payer.getSecretKey())
                .detached(message.getBytes(StandardCharsets.UTF_8))));
        return p;
    }

    private static Map<String, Object> fields(String address, String network, String type, String jobId, URI gateway,
                                              Instant now) {
        Instant issued = now.truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("domain", gateway.getAuthority());
        p.put("address", address);
        p.put("uri", gateway.getScheme() + "://" + gateway.getAuthority() + "/v1/agent/jobs/" + jobId);
        p.put("version", "1");
        p.put("chainId", network);
        p.put("type", type);
        p.put("nonce", UUID.randomUUID().toString().replace("-", ""));
        p.put("issuedAt", issued.toString());
        p.put("expirationTime", issued.plusSeconds(240).toString());
        p.put("requestId", jobId);
        return p;
    }

    private static String body(Map<String, Object> p, String chainReference) {
        return "URI: " + p.get("uri") + "\nVersion: 1\nChain ID: " + chainReference + "\nNonce: " + p.get("nonce")
                + "\nIssued At: " + p.get("issuedAt") + "\nExpiration Time: " + p.get("expirationTime")
                + "\nRequest ID: " + p.get("requestId");
    }
}
