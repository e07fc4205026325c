package dev.tollgate.billing;

import com.fasterxml.jackson.databind.JsonNode;

/** The gateway's answer to {@code authorize}: a reservation, or a refusal with its HTTP status and JSON body. */
public sealed interface AuthorizeResult {

    record Authorized(Authorization authorization) implements AuthorizeResult {
    }

    /**
     * Refused: 402 (bad or insufficient credential; body has {@code error}, {@code detail}, {@code reason},
     * {@code payment_required}), 400 {@code invalid_terms}/{@code invalid_credential}, 403
     * {@code private_key_disabled}, 503 {@code rail_unavailable}.
     */
    record Refused(int status, JsonNode body) implements AuthorizeResult {

        /** The refusal's {@code error.code}, or {@code "unknown"}. */
        public String code() {
            JsonNode code = body == null ? null : body.path("error").get("code");
            return code != null && code.isTextual() ? code.textValue() : "unknown";
        }
    }
}
