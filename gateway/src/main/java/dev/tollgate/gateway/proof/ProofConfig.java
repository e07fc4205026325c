package dev.tollgate.gateway.proof;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;

/**
 * Wallet-signed payer proofs ({@code tollgate.proof.*}).
 *
 * @param domains          the domains (host[:port]) a proof may be issued for; empty: the Host the client called
 * @param maxAgeSeconds    how old a proof's {@code issuedAt} may be, and how long one without an expiry is valid
 * @param clockSkewSeconds tolerance for clocks ahead of ours ({@code issuedAt}, {@code notBefore})
 * @param acceptUnsignedRequests whether trade, settle and job reads without a valid {@code SIGN-IN-WITH-X} are
 *                         still served (true: ATP compatibility); false refuses them with {@code sign_in_required}
 */
@ConfigurationProperties("tollgate.proof")
public record ProofConfig(
        @Nullable List<String> domains,
        @Bindable(defaultValue = "300") @Min(10) @Max(86_400) int maxAgeSeconds,
        @Bindable(defaultValue = "60") @Min(0) @Max(600) int clockSkewSeconds,
        @Bindable(defaultValue = "true") boolean acceptUnsignedRequests) {

    public List<String> allowedDomains() {
        return domains == null ? List.of() : domains.stream().map(String::trim).filter(d -> !d.isEmpty()).toList();
    }
}
