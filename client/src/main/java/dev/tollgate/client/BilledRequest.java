package dev.tollgate.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One HTTP request to a billed endpoint of a host app, sent again as is (same method, URI, headers and body) when
 * it is retried with a credential. The payment headers ({@code SIGN-IN-WITH-X}, {@code PAYMENT-SIGNATURE}) are the
 * client's to add: a caller's own copies are refused.
 */
public record BilledRequest(String method, URI uri, Map<String, String> headers, byte[] body) {
    private static final Set<String> CREDENTIAL_HEADERS = Set.of("sign-in-with-x", "payment-signature", "x-payment",
            "x-wallet-private-key");
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    public BilledRequest {
        Objects.requireNonNull(method, "method");
        if (!method.matches("[A-Z]{3,7}")) {
            throw new IllegalArgumentException("method must be an upper-case HTTP method");
        }
        Objects.requireNonNull(uri, "uri");
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getRawAuthority() == null) {
            throw new IllegalArgumentException("uri must be an absolute http(s) URL");
        }
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        for (String name : headers.keySet()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (CREDENTIAL_HEADERS.contains(lower) || RESTRICTED.contains(lower)) {
                throw new IllegalArgumentException("header " + name + " is set by the client, not the caller");
            }
        }
        body = body == null ? new byte[0] : body.clone();
    }

    public static BilledRequest get(URI uri) {
        return new BilledRequest("GET", uri, Map.of("Accept", "application/json"), null);
    }

    /** A POST of JSON text (UTF-8). */
    public static BilledRequest postJson(URI uri, String json) {
        return new BilledRequest("POST", uri, Map.of("Content-Type", "application/json", "Accept", "application/json"),
                json.getBytes(StandardCharsets.UTF_8));
    }

    /** This request with one more header (e.g. {@code Accept: text/event-stream}). */
    public BilledRequest withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.keySet().removeIf(k -> k.equalsIgnoreCase(name));
        h.put(name, value);
        return new BilledRequest(method, uri, h, body);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
