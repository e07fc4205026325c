package dev.tollgate.gateway.limits;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;

/**
 * Per-client request limits ({@code tollgate.limits.*}): a token bucket per client address for trades and one for
 * settles. The defaults sit far above what one honest client does (a trade runs a model for seconds; a settle is
 * made once, then repeated a few times while pending) and well below what starves the rest.
 *
 * @param enabled          off only behind a proxy that limits for us
 * @param tradesPerMinute  the sustained trade rate per client (each trade runs the agent at the operator's cost)
 * @param tradeBurst       how many trades a client may make at once before the rate applies
 * @param settlesPerMinute the sustained settle rate per client (ATP clients settle once; a pending payment is
 *                         settled again every few seconds)
 * @param settleBurst      how many settles a client may make at once
 * @param trustedProxies   addresses or CIDR ranges of proxies whose {@code X-Forwarded-For} names the client; empty
 *                         = the header is ignored and the client is the connection's remote address; their
 *                         {@code X-Forwarded-Host}/{@code -Proto} also name the origin Sign-In-With-X binds to
 * @param maxClients       the most clients tracked at once (memory bound); idle clients are forgotten first
 */
@ConfigurationProperties("tollgate.limits")
public record RateLimitConfig(
        @Bindable(defaultValue = "true") boolean enabled,
        @Bindable(defaultValue = "60") @Min(1) @Max(1_000_000) int tradesPerMinute,
        @Bindable(defaultValue = "20") @Min(1) @Max(1_000_000) int tradeBurst,
        @Bindable(defaultValue = "120") @Min(1) @Max(1_000_000) int settlesPerMinute,
        @Bindable(defaultValue = "30") @Min(1) @Max(1_000_000) int settleBurst,
        @Nullable List<String> trustedProxies,
        @Bindable(defaultValue = "100000") @Min(1) @Max(10_000_000) int maxClients) {

    public RateLimitConfig {
        trustedProxies = trustedProxies == null ? List.of()
                : trustedProxies.stream().map(String::trim).filter(p -> !p.isEmpty()).toList();
    }
}
