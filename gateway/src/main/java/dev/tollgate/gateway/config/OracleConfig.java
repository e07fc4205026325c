package dev.tollgate.gateway.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.Map;
import jakarta.validation.constraints.Pattern;

/**
 * Where token prices come from ({@code tollgate.oracle.*}).
 *
 * @param primary     {@code coingecko}, {@code coinbase} or {@code fixed}
 * @param secondary   a second source that must agree within maxDeviationBps, or {@code none}
 * @param fixedPrices USD per token for the {@code fixed} source (offline and dev use), e.g. {@code SOL: "150"}
 */
@ConfigurationProperties("tollgate.oracle")
public record OracleConfig(
        @Bindable(defaultValue = "coingecko") @Pattern(regexp = "coingecko|coinbase|fixed",
                message = "coingecko, coinbase or fixed") String primary,
        @Bindable(defaultValue = "coinbase") @Pattern(regexp = "coingecko|coinbase|fixed|none",
                message = "coingecko, coinbase, fixed or none") String secondary,
        @Bindable(defaultValue = "https://api.coingecko.com") @Pattern(regexp = Rules.URL, message = Rules.URL_TEXT) String coingeckoUrl,
        @Nullable String coingeckoApiKey,
        @Bindable(defaultValue = "https://api.coinbase.com") @Pattern(regexp = Rules.URL, message = Rules.URL_TEXT) String coinbaseUrl,
        @Bindable(defaultValue = "60") @Min(1) int cacheTtlSeconds,
        @Bindable(defaultValue = "300") @Min(1) int maxAgeSeconds,
        @Bindable(defaultValue = "300") @Min(1) @Max(10_000) int maxDeviationBps,
        @Bindable(defaultValue = "5000") @Min(100) int timeoutMillis,
        @Nullable Map<String, String> fixedPrices) {
}
