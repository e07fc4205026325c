package dev.tollgate.gateway.operator;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * The operator's API ({@code tollgate.operator.*}).
 *
 * @param token bearer token for {@code /v1/operator/*} ({@code TOLLGATE_OPERATOR_TOKEN}); unset: the API is off
 */
@ConfigurationProperties("tollgate.operator")
public record OperatorConfig(@Nullable String token) {

    public boolean enabled() {
        return token != null && !token.isBlank();
    }

    @Override
    public String toString() {
        return "OperatorConfig[token=" + (enabled() ? "<redacted>" : "<none>") + "]";
    }
}
