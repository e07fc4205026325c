package dev.tollgate.gateway.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one error shape: {@code {"error": {"code", "message", ...facts}, "detail": message}}. {@code detail} is
 * FastAPI's field, so ATP clients that print {@code detail} keep working.
 */
public final class ErrorBody {
    private ErrorBody() {
    }

    public static Map<String, Object> of(String code, String message, Map<String, Object> extra) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.putAll(extra);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("detail", message);
        return body;
    }

    public static Map<String, Object> of(ApiException e) {
        return of(e.code(), e.getMessage(), e.extra());
    }
}
