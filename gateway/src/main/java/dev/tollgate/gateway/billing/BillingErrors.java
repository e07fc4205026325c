package dev.tollgate.gateway.billing;

import dev.tollgate.gateway.api.ErrorBody;
import java.util.LinkedHashMap;
import java.util.Map;

/** The billing API's error body: the API's one shape plus x402's {@code reason}. */
final class BillingErrors {
    private BillingErrors() {
    }

    static Map<String, Object> body(BillingRefusal refusal) {
        Map<String, Object> body = new LinkedHashMap<>(ErrorBody.of(refusal.code(), refusal.getMessage(),
                refusal.facts()));
        body.put("reason", refusal.reason());
        return body;
    }
}
