package dev.tollgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.chain.siwx.SiwxMessage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A signed Sign-In-With-X payload (x402's {@code sign-in-with-x} extension, CAIP-122): the fields, in the order the
 * stock client sends them, and the signature over {@link SiwxMessage#text()} of those fields (SIWE with EIP-191 on
 * EVM, SIWS with Ed25519 on Solana). Sent as the settle body's {@code payer_proof} or, base64 of its JSON, as the
 * {@code SIGN-IN-WITH-X} header. Each proof has a fresh nonce: the gateway accepts a nonce once.
 */
public record SiwxProof(SiwxMessage message, String type, String signature) {
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Within the gateway's default maximum age ({@code TOLLGATE_PROOF_MAX_AGE_SECONDS}, 300). */
    public static final Duration DEFAULT_VALIDITY = Duration.ofSeconds(240);

    /**
     * Signs in to {@code resource} (its authority is the domain) on {@code network} (CAIP-2), naming {@code requestId}
     * (the job id) when not null, valid from now for {@code validity}.
     */
    public static SiwxProof sign(Wallet wallet, URI resource, String network, String requestId, Duration validity,
                                 Clock clock) {
        if (!network.startsWith(wallet.namespace() + ":")) {
            throw new IllegalArgumentException("a " + wallet.namespace() + " wallet cannot sign in on " + network);
        }
        Instant issued = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        SiwxMessage message = new SiwxMessage(resource.getRawAuthority(), wallet.address(), null, resource.toString(),
                "1", network, nonce(), issued.toString(), issued.plus(validity).toString(), null, requestId, null);
        return new SiwxProof(message, wallet.siwxType(), wallet.signMessage(message.text()));
    }

    /** The proof a settle of {@code jobId} at {@code gateway} needs: it names the job by URI and request id. */
    public static SiwxProof forJob(Wallet wallet, URI gateway, String network, String jobId, Clock clock) {
        return sign(wallet, jobUri(gateway, jobId), network, jobId, DEFAULT_VALIDITY, clock);
    }

    /**
     * Signs exactly the {@code info} a server asked for (the gateway's {@code error.sign_in_with_x} of a 403
     * {@code payer_proof_required}, or an x402 402's {@code extensions["sign-in-with-x"].info}), as this wallet.
     */
    public static SiwxProof signInfo(Wallet wallet, JsonNode info, String network) {
        List<String> resources = null;
        if (info.path("resources").isArray()) {
            resources = new ArrayList<>();
            for (JsonNode r : info.get("resources")) {
                resources.add(r.asText());
            }
        }
        SiwxMessage message = new SiwxMessage(req(info, "domain"), wallet.address(), opt(info, "statement"),
                req(info, "uri"), info.path("version").asText("1"), network, req(info, "nonce"),
                req(info, "issuedAt"), opt(info, "expirationTime"), opt(info, "notBefore"), opt(info, "requestId"),
                resources);
        return new SiwxProof(message, wallet.siwxType(), wallet.signMessage(message.text()));
    }

    /** {@code <gateway>/v1/agent/jobs/<jobId>}. */
    public static URI jobUri(URI gateway, String jobId) {
        return URI.create(gateway.getScheme() + "://" + gateway.getRawAuthority() + "/v1/agent/jobs/" + jobId);
    }

    /** The payload object: the message's fields, {@code type} and {@code signature}; absent fields left out. */
    public Map<String, Object> payload() {
        SiwxMessage m = message;
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("domain", m.domain());
        p.put("address", m.address());
        putIf(p, "statement", m.statement());
        p.put("uri", m.uri());
        p.put("version", m.version());
        p.put("chainId", m.chainId());
        p.put("type", type);
        p.put("nonce", m.nonce());
        p.put("issuedAt", m.issuedAt());
        putIf(p, "expirationTime", m.expirationTime());
        putIf(p, "notBefore", m.notBefore());
        putIf(p, "requestId", m.requestId());
        if (m.resources() != null && !m.resources().isEmpty()) {
            p.put("resources", m.resources());
        }
        p.put("signature", signature);
        return p;
    }

    /** The {@code SIGN-IN-WITH-X} header value: standard base64 of the payload's JSON (UTF-8). */
    public String headerValue(ObjectMapper json) {
        try {
            return Base64.getEncoder().encodeToString(json.writeValueAsString(payload()).getBytes(StandardCharsets.UTF_8));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write a Sign-In-With-X payload", e);
        }
    }

    private static void putIf(Map<String, Object> p, String key, String value) {
        if (value != null) {
            p.put(key, value);
        }
    }

    private static String req(JsonNode info, String field) {
        String v = opt(info, field);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("sign-in-with-x info has no " + field);
        }
        return v;
    }

    private static String opt(JsonNode info, String field) {
        JsonNode n = info.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    /** 24 letters and digits: what the gateway accepts (8 to 128), from a secure random source. */
    static String nonce() {
        StringBuilder sb = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            sb.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return sb.toString();
    }
}
