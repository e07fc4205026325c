package dev.tollgate.gateway.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

/**
 * The upstream agent ({@code tollgate.upstream.*}).
 *
 * @param kind  {@code swarms} (ATP's Swarms API shape, {@code SWARMS_API_URL}) or {@code openai}
 *              (an OpenAI-compatible {@code /chat/completions} endpoint)
 * @param url   for swarms the completions URL; for openai the base URL (…/v1)
 * @param model for openai: the model used when {@code agent_config.model_name} is absent
 */
@ConfigurationProperties("tollgate.upstream")
public record UpstreamConfig(
        @Bindable(defaultValue = "swarms") @Pattern(regexp = "swarms|openai", message = "swarms or openai") String kind,
        @Bindable(defaultValue = "https://api.swarms.world/v1/agent/completions") @Pattern(regexp = Rules.URL,
                message = Rules.URL_TEXT) String url,
        @Nullable String apiKey,
        @Bindable(defaultValue = "120") @Min(1) int timeoutSeconds,
        @Bindable(defaultValue = "gpt-4.1") String model,
        @Bindable(defaultValue = "10485760") @Min(1024) int maxResponseBytes) {
}
