package dev.tollgate.billing;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the engine needs of an incoming request, framework-free.
 *
 * @param method  the HTTP method
 * @param rawPath the path as sent, still percent-encoded, without the query
 * @param baseUrl {@code scheme://host[:port]} the client called (used for {@code resource.url} unless the config
 *                sets {@code public-url})
 * @param headers a header by name (case-insensitive), or null when absent
 * @param body    the request body (read only for usage-priced endpoints, to estimate), or null when unavailable
 *                or larger than the adapter is willing to buffer
 */
public record BillingRequest(String method, String rawPath, String baseUrl, Function<String, String> headers,
                             Supplier<byte[]> body) {

    public BillingRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
        Objects.requireNonNull(headers, "headers");
        body = body == null ? () -> null : body;
    }

    String header(String name) {
        String value = headers.apply(name);
        return value == null || value.isEmpty() ? null : value;
    }
}
