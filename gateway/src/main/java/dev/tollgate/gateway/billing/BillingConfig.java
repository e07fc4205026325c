package dev.tollgate.gateway.billing;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * The billing API for host APIs ({@code tollgate.billing.*}, {@code /v1/billing/*}).
 *
 * @param token                      bearer token the billing filters send ({@code TOLLGATE_BILLING_TOKEN}); unset:
 *                                   the API answers 404 {@code billing_disabled}
 * @param allowPrivateKey            whether a payer's key may pay a billed request ({@code private_key} credential;
 *                                   {@code TOLLGATE_BILLING_ALLOW_PRIVATE_KEY}, default false)
 * @param authorizationTtlSeconds    how long an authorization holds its reservation without a settle
 * @param jobTtlSeconds              how long a billed request's job (its output) stays payable
 * @param authorizationRetentionSeconds how long after its expiry an authorization is kept (so a late settle is
 *                                   still told it was used) before the reaper deletes it
 */
@ConfigurationProperties("tollgate.billing")
public record BillingConfig(
        @Nullable String token,
        @Bindable(defaultValue = "false") boolean allowPrivateKey,
        @Bindable(defaultValue = "300") @Min(10) @Max(86400) int authorizationTtlSeconds,
        @Bindable(defaultValue = "900") @Min(30) @Max(604800) int jobTtlSeconds,
        @Bindable(defaultValue = "86400") @Min(60) @Max(2592000) int authorizationRetentionSeconds) {

    public boolean enabled() {
        return token != null && !token.isBlank();
    }

    @Override
    public String toString() {
        return "BillingConfig[token=" + (enabled() ? "<redacted>" : "<none>") + ", allowPrivateKey=" + allowPrivateKey
                + ", authorizationTtlSeconds=" + authorizationTtlSeconds + ", jobTtlSeconds=" + jobTtlSeconds
                + ", authorizationRetentionSeconds=" + authorizationRetentionSeconds + "]";
    }
}
