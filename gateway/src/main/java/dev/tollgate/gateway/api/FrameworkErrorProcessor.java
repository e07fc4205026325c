package dev.tollgate.gateway.api;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * Errors raised by the framework itself (unknown route, wrong method, oversized body, malformed JSON) in the same
 * JSON shape as ours, so a client never has to parse two kinds of error.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public class FrameworkErrorProcessor implements ErrorResponseProcessor<String> {
    private final JsonBodies json;

    FrameworkErrorProcessor(JsonBodies json) {
        this.json = json;
    }

    @Override
    @SuppressWarnings("unchecked")
    public MutableHttpResponse<String> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        String message = context.getErrors().isEmpty() ? status.getReason() : context.getErrors().get(0).getMessage();
        Map<String, Object> body = ErrorBody.of(codeFor(status), messageFor(status, message), Map.of());
        return ((MutableHttpResponse<String>) response).contentType(MediaType.APPLICATION_JSON_TYPE).body(json.write(body));
    }

    private static String codeFor(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "invalid_request";
            case NOT_FOUND -> "not_found";
            case METHOD_NOT_ALLOWED -> "method_not_allowed";
            case REQUEST_ENTITY_TOO_LARGE -> "body_too_large";
            case UNSUPPORTED_MEDIA_TYPE -> "unsupported_media_type";
            default -> status.getCode() >= 500 ? "internal_error" : "http_" + status.getCode();
        };
    }

    private static String messageFor(HttpStatus status, String message) {
        return switch (status) {
            case REQUEST_ENTITY_TOO_LARGE -> "The request body is larger than this gateway accepts.";
            case NOT_FOUND -> "No such endpoint.";
            case INTERNAL_SERVER_ERROR -> "Internal server error.";
            default -> message;
        };
    }
}
