package dev.tollgate.gateway.x402;

import dev.tollgate.gateway.proof.PayerProofs;
import io.micronaut.http.HttpRequest;

/**
 * x402's {@code resource.url}: the absolute URL the client called (scheme, host, the path). Behind a TLS-terminating
 * proxy, pass the origin {@code proof.Callers} found (X-Forwarded-Host/-Proto, believed only from
 * {@code TOLLGATE_TRUSTED_PROXIES}); a host that is missing or malformed falls back to the server's own address.
 */
public final class ResourceUrls {
    private static final int MAX_HOST = 255;
    /** Compiled once: every 402 checks a host ({@code String.matches} would compile it per call). */
    private static final java.util.regex.Pattern HOST = java.util.regex.Pattern.compile("[-A-Za-z0-9.:\\[\\]]+");

    private ResourceUrls() {
    }

    /** From the connection alone: its Host header and TLS flag. */
    public static String of(HttpRequest<?> request) {
        return of(request, new PayerProofs.Caller(request.getHeaders().get("Host"), request.isSecure()));
    }

    /** From the origin the client called, as {@code Callers} decided it. */
    public static String of(HttpRequest<?> request, PayerProofs.Caller caller) {
        String host = caller.host();
        if (host == null || host.isBlank() || host.length() > MAX_HOST || !HOST.matcher(host).matches()) {
            host = request.getServerAddress().getHostString() + ":" + request.getServerAddress().getPort();
        }
        return (caller.secure() ? "https" : "http") + "://" + host + request.getPath();
    }
}
