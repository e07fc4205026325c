package dev.tollgate.gateway.support;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.p2p.solanaj.core.Account;
import org.p2p.solanaj.utils.Base58;
import org.p2p.solanaj.utils.TweetNaclFast;

/**
 * {@code SIGN-IN-WITH-X} header values for any request, as a Solana wallet makes them (the SIWS text written out
 * here independently of the gateway's builder): the URI is the URL called, no request id.
 */
public final class SignInHeaders {
    private SignInHeaders() {
    }

    /** The payload a wallet signs in with to call {@code path} on the gateway at {@code gateway}, issued at {@code now}. */
    public static Map<String, Object> payload(Account wallet, String network, URI gateway, String path, Instant now) {
        Instant issued = now.truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("domain", gateway.getAuthority());
        p.put("address", wallet.getPublicKeyBase58());
        p.put("uri", gateway.getScheme() + "://" + gateway.getAuthority() + path);
        p.put("version", "1");
        p.put("chainId", network);
        p.put("type", "ed25519");
        p.put("nonce", UUID.randomUUID().toString().replace("-", ""));
        p.put("issuedAt", issued.toString());
        p.put("expirationTime", issued.plusSeconds(240).toString());
        return sign(wallet, p);
    }

    /** Signs {@code payload} (again) with {@code wallet}, over the SIWS text of its fields. */
    public static Map<String, Object> sign(Account wallet, Map<String, Object> payload) {
        String network = (String) payload.get("chainId");
        String text = payload.get("domain") + " wants you to sign in with your Solana account:\n"
                + payload.get("address") + "\n\nURI: " + payload.get("uri") + "\nVersion: 1\nChain ID: "
                + network.substring(network.indexOf(':') + 1) + "\nNonce: " + payload.get("nonce") + "\nIssued At: "
                + payload.get("issuedAt") + "\nExpiration Time: " + payload.get("expirationTime");
        Map<String, Object> p = new LinkedHashMap<>(payload);
        p.remove("signature");
        p.put("signature", Base58.encode(new TweetNaclFast.Signature(new byte[0], wallet.getSecretKey())
                .detached(text.getBytes(StandardCharsets.UTF_8))));
        return p;
    }

    /** The header value: standard base64 of the JSON payload. */
    public static String header(Map<String, Object> payload) {
        try {
            return Base64.getEncoder().encodeToString(GatewayHttp.JSON.writeValueAsBytes(payload));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The header for {@code path}, signed now by {@code wallet}. */
    public static Map<String, String> signedBy(Account wallet, String network, URI gateway, String path, Instant now) {
        return Map.of("SIGN-IN-WITH-X", header(payload(wallet, network, gateway, path, now)));
    }
}
