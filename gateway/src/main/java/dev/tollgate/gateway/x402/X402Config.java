package dev.tollgate.gateway.x402;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * The x402 front-end and facilitator ({@code tollgate.x402.*}).
 *
 * @param maxTimeoutSeconds  {@code maxTimeoutSeconds} of every offer: how long a client's signed payment stays valid
 * @param facilitatorEnabled whether {@code /x402/verify}, {@code /x402/settle} and {@code /x402/supported} answer
 * @param facilitatorToken   bearer token those endpoints require ({@code TOLLGATE_FACILITATOR_TOKEN}); unset: open
 */
@ConfigurationProperties("tollgate.x402")
public record X402Config(
        @Bindable(defaultValue = "300") @Min(30) @Max(3600) int maxTimeoutSeconds,
        @Bindable(defaultValue = "true") boolean facilitatorEnabled,
        @Nullable String facilitatorToken) {

    public boolean facilitatorAuthRequired() {
        return facilitatorToken != null && !facilitatorToken.isBlank();
    }

    @Override
    public String toString() {
        return "X402Config[maxTimeoutSeconds=" + maxTimeoutSeconds + ", facilitatorEnabled=" + facilitatorEnabled
                + ", facilitatorToken=" + (facilitatorAuthRequired() ? "<redacted>" : "<none>") + "]";
    }
}
