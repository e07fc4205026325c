package dev.tollgate.gateway.billing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.gateway.x402.X402Headers;
import io.micronaut.http.HttpStatus;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads the fields of billing requests other than the terms: the credential, ids, USD amounts, usage and the output.
 * Every field's form and size is checked before it is decoded; anything wrong is 400 with a stable code naming the
 * field ({@code invalid_credential} for the credential, {@code invalid_request} otherwise).
 */
final class BillingRequests {
    static final int MAX_NAME = 128;
    static final int MAX_CONTENT_TYPE = 255;
    /** The filter buffers at most 4 MiB by default; a little room above it for hosts that raise their cap. */
    static final int MAX_OUTPUT_BYTES = 8 * 1024 * 1024;
    private static final int MAX_OUTPUT_BASE64 = (MAX_OUTPUT_BYTES + 2) / 3 * 4;
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]*={0,2}");
    private static final String[] USAGE_FIELDS = {"input_tokens", "output_tokens", "total_tokens"};

    private BillingRequests() {
    }

    /** The output the handler produced: its content type and bytes. */
    record Output(String contentType, byte[] bytes) {
    }

    static PresentedCredential credential(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw BillingRefusal.invalidCredential("credential", "credential must be an object with a type");
        }
        String type = text(node, "type", 32);
        if (type == null) {
            throw BillingRefusal.invalidCredential("credential.type", "credential.type must be x402, siwx or private_key");
        }
        String network = text(node, "network", MAX_NAME);
        String asset = text(node, "asset", MAX_NAME);
        switch (type) {
            case PresentedCredential.X402 -> {
                String header = header(node);
                Map<String, Object> payment = X402Headers.decode(header).orElseThrow(() ->
                        BillingRefusal.paymentRefused("invalid_payload", "credential.header is not standard base64"
                                + " of a JSON object (at most " + X402Headers.MAX_HEADER_CHARS + " characters)"));
                return new PresentedCredential(type, header, payment, network, asset, null);
            }
            case PresentedCredential.SIWX -> {
                return new PresentedCredential(type, header(node), null, network, asset, null);
            }
            case PresentedCredential.PRIVATE_KEY -> {
                String key = text(node, "key", PrivateKeyCredential.MAX_KEY_CHARS);
                if (key == null) {
                    throw BillingRefusal.invalidCredential("credential.key", "credential.key must be a key of at most "
                            + PrivateKeyCredential.MAX_KEY_CHARS + " characters");
                }
                return new PresentedCredential(type, null, null, network, asset, key);
            }
            default -> throw BillingRefusal.invalidCredential("credential.type",
                    "credential.type must be x402, siwx or private_key");
        }
    }

    private static String header(JsonNode node) {
        String header = text(node, "header", X402Headers.MAX_HEADER_CHARS);
        if (header == null) {
            throw BillingRefusal.invalidCredential("credential.header", "credential.header must be a header value of"
                    + " at most " + X402Headers.MAX_HEADER_CHARS + " characters");
        }
        return header;
    }

    private static String text(JsonNode node, String field, int max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank() || value.asText().length() > max) {
            throw BillingRefusal.invalidCredential("credential." + field, "credential." + field
                    + " must be a non-empty string of at most " + max + " characters");
        }
        return value.asText();
    }

    static UUID authorizationId(JsonNode body) {
        JsonNode node = body.get("authorization_id");
        if (node == null || !node.isTextual() || node.asText().length() != 36) {
            throw invalid("authorization_id", "authorization_id must be the id authorize returned");
        }
        try {
            return UUID.fromString(node.asText());
        } catch (IllegalArgumentException e) {
            throw invalid("authorization_id", "authorization_id must be the id authorize returned");
        }
    }

    /** An optional positive USD decimal string ({@code estimate_usd}, {@code usd}). */
    static Optional<BigDecimal> usd(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(BillingTermsReader.usd(body, field, field, true));
        } catch (BillingRefusal e) {
            throw invalid(field, field + " must be a positive decimal string (USD, at most 18 fraction digits)");
        }
    }

    /** The optional usage object: non-negative integers, echoed into the ATP pricing facts. */
    static Map<String, BigInteger> usage(JsonNode body) {
        JsonNode node = body.get("usage");
        Map<String, BigInteger> usage = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return usage;
        }
        if (!node.isObject()) {
            throw invalid("usage", "usage must be an object of token counts");
        }
        for (String field : USAGE_FIELDS) {
            JsonNode n = node.get(field);
            if (n == null || n.isNull()) {
                continue;
            }
            if (!n.isIntegralNumber() || n.bigIntegerValue().signum() < 0 || n.bigIntegerValue().bitLength() > 63) {
                throw invalid("usage." + field, "usage." + field + " must be a non-negative integer");
            }
            usage.put(field, n.bigIntegerValue());
        }
        return usage;
    }

    static Output output(JsonNode body) {
        JsonNode node = body.get("output");
        if (node == null || !node.isObject()) {
            throw invalid("output", "output must be {content_type, base64}");
        }
        JsonNode type = node.get("content_type");
        if (type == null || !type.isTextual() || type.asText().isBlank() || type.asText().length() > MAX_CONTENT_TYPE
                || !type.asText().chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw invalid("output.content_type", "output.content_type must be a media type");
        }
        JsonNode data = node.get("base64");
        if (data == null || !data.isTextual()) {
            throw invalid("output.base64", "output.base64 must be standard base64 of the response body");
        }
        String text = data.asText();
        if (text.length() > MAX_OUTPUT_BASE64) {
            throw new BillingRefusal(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "output_too_large", "output_too_large",
                    "The output is larger than " + MAX_OUTPUT_BYTES + " bytes.", Map.of("field", "output.base64"));
        }
        if (text.length() % 4 != 0 || !BASE64.matcher(text).matches()) {
            throw invalid("output.base64", "output.base64 must be standard base64 of the response body");
        }
        return new Output(type.asText(), Base64.getDecoder().decode(text));
    }

    static BillingRefusal invalid(String field, String message) {
        return new BillingRefusal(HttpStatus.BAD_REQUEST, "invalid_request", "invalid_request", message,
                Map.of("field", field));
    }
}
