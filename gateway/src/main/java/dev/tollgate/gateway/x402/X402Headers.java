package dev.tollgate.gateway.x402;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * x402's header encoding: standard base64 (with padding; stock clients refuse the URL-safe alphabet) of UTF-8
 * JSON. Used for {@code PAYMENT-REQUIRED}, {@code PAYMENT-SIGNATURE}, {@code PAYMENT-RESPONSE} and
 * {@code SIGN-IN-WITH-X}. Decoding checks the size before anything is decoded.
 */
public final class X402Headers {
    public static final String PAYMENT_REQUIRED = "PAYMENT-REQUIRED";
    public static final String PAYMENT_SIGNATURE = "PAYMENT-SIGNATURE";
    public static final String PAYMENT_RESPONSE = "PAYMENT-RESPONSE";
    public static final String X_PAYMENT = "X-PAYMENT";
    public static final String X_PAYMENT_RESPONSE = "X-PAYMENT-RESPONSE";
    /** A payment header is a few KB (a Solana transaction is at most 1232 bytes before base64). */
    public static final int MAX_HEADER_CHARS = 16 * 1024;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16)
                .maxStringLength(MAX_HEADER_CHARS).build());
    }

    private X402Headers() {
    }

    /** base64(JSON(value)), keys in the map's order. */
    public static String encode(Map<String, ?> value) {
        try {
            return Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("x402 header is not serialisable", e);
        }
    }

    /**
     * The JSON object in a header value, or empty if it is too long, not standard base64, or not a JSON object.
     */
    @SuppressWarnings("unchecked")
    public static Optional<Map<String, Object>> decode(String header) {
        if (header == null || header.isEmpty() || header.length() > MAX_HEADER_CHARS) {
            return Optional.empty();
        }
        try {
            byte[] json = Base64.getDecoder().decode(header.trim());
            Object value = JSON.readValue(new String(json, StandardCharsets.UTF_8), Object.class);
            return value instanceof Map<?, ?> map ? Optional.of((Map<String, Object>) map) : Optional.empty();
        } catch (IllegalArgumentException | JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
