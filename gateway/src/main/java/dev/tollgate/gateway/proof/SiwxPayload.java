package dev.tollgate.gateway.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.gateway.core.Refusal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A Sign-In-With-X payload (the x402 {@code sign-in-with-x} extension, CAIP-122) as a client sends it: in the
 * {@code SIGN-IN-WITH-X} header as base64 of this JSON object, or as the object itself in a body field. Every field is
 * size-checked before anything is decoded or verified.
 */
public record SiwxPayload(String domain, String address, String statement, String uri, String version,
                          String chainId, String type, String nonce, String issuedAt, String expirationTime,
                          String notBefore, String requestId, List<String> resources, String signatureScheme,
                          String signature) {
    /** The message these fields make, whose text the signature must cover. */
    public dev.tollgate.chain.siwx.SiwxMessage message() {
        return new dev.tollgate.chain.siwx.SiwxMessage(domain, address, statement, uri, version, chainId, nonce,
                issuedAt, expirationTime, notBefore, requestId, resources);
    }

    /** Far above any real payload (a few hundred bytes), far below anything costly. */
    public static final int MAX_HEADER_CHARS = 8_192;
    private static final int MAX_FIELD_CHARS = 512;
    private static final int MAX_URI_CHARS = 2_048;
    private static final int MAX_RESOURCES = 16;

    /** Parses the header value: standard or URL-safe base64 of the JSON payload. */
    public static SiwxPayload fromHeader(String header, ObjectMapper json) {
        if (header == null || header.isBlank() || header.length() > MAX_HEADER_CHARS) {
            throw invalid("The SIGN-IN-WITH-X header must be base64 of a JSON object of at most "
                    + MAX_HEADER_CHARS + " characters.");
        }
        byte[] decoded;
        try {
            String trimmed = header.trim();
            decoded = trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(trimmed) : Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw invalid("The SIGN-IN-WITH-X header is not base64.");
        }
        JsonNode node;
        try {
            node = json.readTree(new String(decoded, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw invalid("The SIGN-IN-WITH-X header is not base64 of JSON.");
        }
        return parse(node);
    }

    /** Parses the payload object (a {@code payer_proof} body field, or the decoded header). */
    public static SiwxPayload parse(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw invalid("payer_proof must be a Sign-In-With-X object.");
        }
        List<String> resources = null;
        JsonNode r = node.get("resources");
        if (r != null && !r.isNull()) {
            if (!r.isArray() || r.size() > MAX_RESOURCES) {
                throw invalid("payer_proof.resources must be a list of at most " + MAX_RESOURCES + " URIs.");
            }
            resources = new ArrayList<>();
            for (JsonNode each : r) {
                resources.add(text(each, "resources[]", MAX_URI_CHARS));
            }
        }
        return new SiwxPayload(required(node, "domain", MAX_FIELD_CHARS), required(node, "address", MAX_FIELD_CHARS),
                optional(node, "statement", MAX_FIELD_CHARS), required(node, "uri", MAX_URI_CHARS),
                required(node, "version", 8), required(node, "chainId", 64), required(node, "type", 16),
                required(node, "nonce", 128), required(node, "issuedAt", 64), optional(node, "expirationTime", 64),
                optional(node, "notBefore", 64), optional(node, "requestId", MAX_FIELD_CHARS), resources,
                optional(node, "signatureScheme", 16), required(node, "signature", MAX_FIELD_CHARS));
    }

    private static String required(JsonNode node, String field, int max) {
        String value = optional(node, field, max);
        if (value == null || value.isEmpty()) {
            throw invalid("payer_proof." + field + " is required.");
        }
        return value;
    }

    private static String optional(JsonNode node, String field, int max) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : text(value, field, max);
    }

    private static String text(JsonNode value, String field, int max) {
        if (!value.isTextual() || value.asText().length() > max) {
            throw invalid("payer_proof." + field + " must be a string of at most " + max + " characters.");
        }
        return value.asText();
    }

    private static Refusal invalid(String message) {
        return Refusal.invalid("payer_proof", message);
    }
}
