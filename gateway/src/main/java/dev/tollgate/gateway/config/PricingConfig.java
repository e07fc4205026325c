package dev.tollgate.gateway.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Pattern;

/**
 * How usage becomes USD ({@code tollgate.pricing.*}). Rates are decimal strings so an unset ATP variable
 * ({@code INPUT_COST_PER_MILLION_USD=}) means "not configured", as in ATP.
 */
@ConfigurationProperties("tollgate.pricing")
public record PricingConfig(
        @Nullable @Pattern(regexp = Rules.OPTIONAL_DECIMAL, message = Rules.OPTIONAL_DECIMAL_TEXT) String inputCostPerMillionUsd,
        @Nullable @Pattern(regexp = Rules.OPTIONAL_DECIMAL, message = Rules.OPTIONAL_DECIMAL_TEXT) String outputCostPerMillionUsd,
        @Bindable(defaultValue = "0.01") @Pattern(regexp = Rules.DECIMAL, message = Rules.DECIMAL_TEXT) String defaultUsd) {
}
