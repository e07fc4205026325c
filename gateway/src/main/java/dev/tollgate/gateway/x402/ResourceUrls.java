package dev.tollgate.gateway.x402;

import io.micronaut.http.HttpRequest;

/** x402's {@code resource.url}: the absolute URL the client called (scheme, its Host, the path). */
public final class ResourceUrls {
    private static final int MAX_HOST = 255;

    private ResourceUrls() {
    }

    public static String of(HttpRequest<?> request) {
        String host = request.getHeaders().get("Host");
        if (host == null || host.isBlank() || host.length() > MAX_HOST || !host.matches("[-A-Za-z0-9.:\\[\\]]+")) {
            host = request.getServerAddress().getHostString() + ":" + request.getServerAddress().getPort();
        }
        return (request.isSecure() ? "https" : "http") + "://" + host + request.getPath();
    }
}
