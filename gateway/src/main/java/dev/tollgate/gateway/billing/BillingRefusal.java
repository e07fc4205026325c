package dev.tollgate.gateway.billing;

import io.micronaut.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The billing API will not do what was asked: the HTTP status, a stable {@code code}, the x402 reason (or the code
 * again) and facts; never URLs, keys, stack traces or upstream text. Credentials throw it; the controller renders
 * {@code {"error": {code, message, ...facts}, "detail", "reason"}} (plus {@code payment_required} on 402).
 */
public class BillingRefusal extends RuntimeException {
    private final HttpStatus status;
    private final String code;
    private final String reason;
    private final Map<String, Object> facts;

    public BillingRefusal(HttpStatus status, String code, String reason, String message, Map<String, Object> facts) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.reason = reason == null ? code : reason;
        this.facts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(facts == null ? Map.of() : facts));
    }

    /** 402: the credential does not pay (bad signature, used payload, allowance short...); {@code reason} says why. */
    public static BillingRefusal paymentRefused(String reason, String message) {
        return new BillingRefusal(HttpStatus.PAYMENT_REQUIRED, "payment_refused", reason, message, Map.of());
    }

    /** 402 with a code of its own ({@code payment_already_used}, {@code allowance_insufficient}...). */
    public static BillingRefusal payment(String code, String message) {
        return new BillingRefusal(HttpStatus.PAYMENT_REQUIRED, code, code, message, Map.of());
    }

    /** 400 {@code invalid_credential} naming the field. */
    public static BillingRefusal invalidCredential(String field, String message) {
        return new BillingRefusal(HttpStatus.BAD_REQUEST, "invalid_credential", "invalid_credential", message,
                Map.of("field", field));
    }

    /** 400 {@code invalid_terms} naming the field. */
    public static BillingRefusal invalidTerms(String field, String message) {
        return new BillingRefusal(HttpStatus.BAD_REQUEST, "invalid_terms", "invalid_terms", message,
                Map.of("field", field));
    }

    /** 503 {@code rail_unavailable}: a node could not be asked; try again. */
    public static BillingRefusal railUnavailable(String network) {
        return new BillingRefusal(HttpStatus.SERVICE_UNAVAILABLE, "rail_unavailable", "rail_unavailable",
                "The " + network + " node could not be reached; try again.", Map.of("network", network));
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public Map<String, Object> facts() {
        return facts;
    }
}
