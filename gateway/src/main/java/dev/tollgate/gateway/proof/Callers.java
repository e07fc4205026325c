package dev.tollgate.gateway.proof;

import dev.tollgate.gateway.limits.TrustedProxies;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The origin a client called, which a Sign-In-With-X message is bound to. Behind a TLS-terminating proxy the
 * connection says http and the proxy's upstream host; the proxy says what the client called in
 * {@code X-Forwarded-Proto} and {@code X-Forwarded-Host}. Those are believed only from a trusted proxy
 * ({@code TOLLGATE_TRUSTED_PROXIES}, the same list the rate limits trust); from anyone else they are the client's
 * say-so and ignored. The first value of each counts (the one the outermost proxy wrote); a malformed value is
 * ignored. {@code tollgate.proof.domains}, when set, still decides which domains a proof may name.
 */
@Singleton
public class Callers {
    static final String FORWARDED_PROTO = "X-Forwarded-Proto";
    static final String FORWARDED_HOST = "X-Forwarded-Host";
    private static final Pattern HOST = Pattern.compile("[-A-Za-z0-9.:\\[\\]]{1,255}");

    private final TrustedProxies proxies;

    Callers(TrustedProxies proxies) {
        this.proxies = proxies;
    }

    public PayerProofs.Caller of(HttpRequest<?> request) {
        String host = request.getHeaders().get("Host");
        boolean secure = request.isSecure();
        if (proxies.trustsPeerOf(request)) {
            String forwardedHost = first(request.getHeaders().get(FORWARDED_HOST));
            if (forwardedHost != null && HOST.matcher(forwardedHost).matches()) {
                host = forwardedHost;
            }
            String proto = first(request.getHeaders().get(FORWARDED_PROTO));
            if (proto != null && (proto.equalsIgnoreCase("https") || proto.equalsIgnoreCase("http"))) {
                secure = proto.toLowerCase(Locale.ROOT).equals("https");
            }
        }
        return new PayerProofs.Caller(host, secure);
    }

    private static String first(String header) {
        if (header == null) {
            return null;
        }
        int comma = header.indexOf(',');
        String value = (comma < 0 ? header : header.substring(0, comma)).trim();
        return value.isEmpty() ? null : value;
    }
}
