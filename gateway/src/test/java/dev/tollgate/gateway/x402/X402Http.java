package dev.tollgate.gateway.x402;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/** Test HTTP with x402's headers visible: status, body, and the decoded PAYMENT-* headers. */
final class X402Http {
    static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    X402Http(URI base) {
        this.base = base;
    }

    record Reply(int status, JsonNode body, String raw, java.net.http.HttpHeaders headers) {
        Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        /** The decoded JSON of an x402 header (standard base64), or a missing node. */
        JsonNode decoded(String name) {
            return header(name).map(X402Http::decode).orElse(JSON.missingNode());
        }

        String code() {
            return body.path("error").path("code").asText(null);
        }
    }

    static JsonNode decode(String header) {
        try {
            return JSON.readTree(Base64.getDecoder().decode(header));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String encode(Object value) {
        try {
            return Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Reply post(String path, Object body, Map<String, String> headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s
                            : JSON.writeValueAsString(body)));
            headers.forEach(request::header);
            return send(request);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Reply get(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).GET();
        headers.forEach(request::header);
        return send(request);
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(90)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
            return new Reply(response.statusCode(), body, response.body(), response.headers());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
