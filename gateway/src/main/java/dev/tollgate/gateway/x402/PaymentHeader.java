package dev.tollgate.gateway.x402;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.micronaut.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A client's x402 payment: {@code PAYMENT-SIGNATURE} (v2), or {@code X-PAYMENT} carrying the same v2 object (what
 * a v2 client sends to a server it took for v1; a true v1 payload has no {@code accepted} and is refused).
 *
 * @param legacyHeader whether it came as {@code X-PAYMENT} (the answer then also carries {@code X-PAYMENT-RESPONSE})
 * @param paymentId    the {@code payment-identifier} extension's id, or null
 * @param payloadHash  sha256 (hex) of {accepted, payload} in canonical JSON: what makes two retries "the same payload"
 */
record PaymentHeader(Map<String, Object> accepted, Map<String, Object> payload, String paymentId, String payloadHash,
                     boolean legacyHeader) {

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    /** Whether {@code request} carries a payment header at all. */
    static boolean present(HttpRequest<?> request) {
        return request.getHeaders().contains(X402Headers.PAYMENT_SIGNATURE)
                || request.getHeaders().contains(X402Headers.X_PAYMENT);
    }

    /** The payment, or a {@link Malformed} saying what is wrong. */
    static PaymentHeader of(HttpRequest<?> request) {
        String v2 = request.getHeaders().get(X402Headers.PAYMENT_SIGNATURE);
        boolean legacy = v2 == null;
        String text = legacy ? request.getHeaders().get(X402Headers.X_PAYMENT) : v2;
        Map<String, Object> object = X402Headers.decode(text).orElseThrow(() -> new Malformed("invalid_payload",
                "the payment header is not standard base64 of a JSON object (at most "
                        + X402Headers.MAX_HEADER_CHARS + " characters)"));
        try {
            return parse(object, legacy);
        } catch (Malformed e) {
            // say which job it was for, so the refusal can carry that job's fresh demand
            throw new Malformed(e.reason(), e.getMessage(), object.get("accepted") instanceof Map<?, ?> a
                    && a.get("extra") instanceof Map<?, ?> extra && extra.get(X402OffersForJobs.JOB_REFERENCE)
                    instanceof String ref ? ref : null);
        }
    }

    /** A decoded {@code PaymentPayload} object (header or facilitator body). */
    @SuppressWarnings("unchecked")
    static PaymentHeader parse(Map<String, Object> object, boolean legacy) {
        int v = WireRequirements.smallInt(object.get("x402Version"));
        if (v != 2 && v != 1) {
            throw new Malformed("invalid_x402_version", "x402Version must be 2");
        }
        if (!(object.get("accepted") instanceof Map<?, ?> accepted)) {
            throw new Malformed(v == 1 ? "invalid_x402_version" : "invalid_payload",
                    "the payment names no accepted requirement (x402 v1 payloads are not accepted)");
        }
        if (!(object.get("payload") instanceof Map<?, ?> payload)) {
            throw new Malformed("invalid_payload", "the payment has no payload object");
        }
        String id = null;
        if (object.get("extensions") instanceof Map<?, ?> ext && ext.get("payment-identifier") instanceof Map<?, ?> pid
                && pid.get("info") instanceof Map<?, ?> info && info.get("id") != null) {
            if (!(info.get("id") instanceof String s) || !dev.tollgate.lockbox.X402Payments.PAYMENT_ID.matcher(s).matches()) {
                throw new Malformed("invalid_payment_identifier", "payment-identifier id must be 16-128 of [A-Za-z0-9_-]");
            }
            id = s;
        }
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("accepted", accepted);
        identity.put("payload", payload);
        return new PaymentHeader((Map<String, Object>) accepted, (Map<String, Object>) payload, id, sha256(identity),
                legacy);
    }

    /** The job reference our offers put in {@code extra}, if any. */
    Optional<String> jobReference() {
        return accepted.get("extra") instanceof Map<?, ?> extra && extra.get(X402OffersForJobs.JOB_REFERENCE)
                instanceof String s ? Optional.of(s) : Optional.empty();
    }

    String network() {
        return accepted.get("network") instanceof String s ? s : "";
    }

    static String sha256(Object value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(CANONICAL.writeValueAsBytes(value));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code value} as a tree, through JSON text and one plain parser (ints as ints). */
    static com.fasterxml.jackson.databind.node.ObjectNode tree(Object value) {
        try {
            return (com.fasterxml.jackson.databind.node.ObjectNode) CANONICAL.readTree(CANONICAL.writeValueAsBytes(value));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JSON object text (stored by us) as a map, ints as ints. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(String jsonText) {
        try {
            return CANONICAL.readValue(jsonText, Map.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String json(Object value) {
        try {
            return new String(CANONICAL.writeValueAsBytes(value), StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A payment header that cannot be read; {@code reason} is x402's error string. */
    static final class Malformed extends RuntimeException {
        private final String reason;
        private final String jobReference;

        Malformed(String reason, String message) {
            this(reason, message, null);
        }

        Malformed(String reason, String message, String jobReference) {
            super(message, null, false, false);
            this.reason = reason;
            this.jobReference = jobReference;
        }

        /** The job the unreadable payment named, if it did. */
        Optional<String> jobReference() {
            return Optional.ofNullable(jobReference);
        }

        String reason() {
            return reason;
        }
    }
}
