package dev.tollgate.gateway.upstream;

import dev.tollgate.gateway.api.JsonBodies;
import dev.tollgate.gateway.config.UpstreamConfig;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;

@Factory
public class UpstreamFactory {
    /** One pooled client for the configured agent; its connections and event loop are closed on shutdown. */
    @Singleton
    @Bean(preDestroy = "close")
    UpstreamTransport upstreamTransport(UpstreamConfig config, JsonBodies json) {
        return new UpstreamTransport(json.mapper(), Duration.ofSeconds(config.timeoutSeconds()),
                config.maxResponseBytes());
    }

    @Singleton
    UpstreamAgent upstreamAgent(UpstreamConfig config, AgentConfigCaps caps, UpstreamTransport transport) {
        URI url;
        try {
            url = URI.create(config.url());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("tollgate.upstream.url is not a URL: " + config.url());
        }
        UpstreamAgent agent = switch (config.kind()) {
            case "swarms" -> new SwarmsUpstream(transport, url, config.apiKey());
            case "openai" -> new OpenAiUpstream(transport, url, config.apiKey(), config.model());
            default -> throw new ConfigurationException("tollgate.upstream.kind must be swarms or openai, not " + config.kind());
        };
        // every kind gets the operator's cost caps, before anything is sent
        return task -> agent.run(caps.apply(task));
    }
}
