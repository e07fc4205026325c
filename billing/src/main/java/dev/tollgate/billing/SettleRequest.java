package dev.tollgate.billing;

import dev.tollgate.pricing.Usage;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * {@code POST /v1/billing/settle}: the authorization, the USD amount (usage prices; null for fixed), the usage
 * (optional), the handler's output to seal in the job, and the credential again for {@code private_key} only.
 */
public record SettleRequest(String authorizationId, BigDecimal usd, Usage usage, String outputContentType,
                            byte[] output, Credential credential) {

    public SettleRequest {
        Objects.requireNonNull(authorizationId, "authorizationId");
        Objects.requireNonNull(output, "output");
    }

    @Override
    public String toString() {
        return "SettleRequest[authorizationId=" + authorizationId + ", usd=" + usd + ", usage=" + usage
                + ", outputContentType=" + outputContentType + ", output=(" + output.length + " bytes), credential="
                + credential + "]";
    }
}
