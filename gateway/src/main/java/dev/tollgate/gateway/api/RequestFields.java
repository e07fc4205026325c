package dev.tollgate.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.HttpStatus;
import java.util.Map;

/** Reading fields of a JSON request body; a bad field is a 422 naming it, as ATP's FastAPI validation answers. */
public final class RequestFields {
    private RequestFields() {
    }

    public static String requiredText(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            throw invalid(field, field + " is required");
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw invalid(field, field + " must be a non-empty string");
        }
        return node.asText();
    }

    /** The field's text, or {@code null} when absent or null. */
    public static String optionalText(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw invalid(field, field + " must be a string");
        }
        return node.asText();
    }

    public static ApiException invalid(String field, String message) {
        return new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "invalid_request", message, Map.of("field", field));
    }
}
