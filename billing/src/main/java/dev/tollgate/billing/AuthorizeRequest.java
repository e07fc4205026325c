package dev.tollgate.billing;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * {@code POST /v1/billing/authorize}: the terms, the estimate (usage prices only, else null) and the credential.
 */
public record AuthorizeRequest(BillingTerms terms, BigDecimal estimateUsd, Credential credential) {

    public AuthorizeRequest {
        Objects.requireNonNull(terms, "terms");
        Objects.requireNonNull(credential, "credential");
    }
}
