package dev.tollgate.gateway.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * How usage becomes USD ({@code tollgate.pricing.*}). Rates are decimal strings so an unset ATP variable
 * ({@code INPUT_COST_PER_MILLION_USD=}) means "not configured", as in ATP.
 */
@ConfigurationProperties("tollgate.pricing")
public record PricingConfig(
        @Nullable String inputCostPerMillionUsd,
        @Nullable String outputCostPerMillionUsd,
        @Bindable(defaultValue = "0.01") String defaultUsd) {
}
