package dev.tollgate.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** JSON over java.net.http to the gateway; answers are size-checked before they are parsed. */
final class GatewayHttp {
    /** Far above any answer (an agent output is capped by the gateway's body limits), far below harm. */
    static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;
    /**
     * Decimal amounts keep their exact text, scale included ({@code 0.025000} stays 6 decimals: the challenge reads
     * a token's decimals from it): never binary floating point, never trailing zeros stripped.
     */
    static final ObjectMapper JSON = JsonMapper.builder()
            .nodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true))
            .disable(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();

    private final URI base;
    private final HttpClient client;

    GatewayHttp(URI base, Duration connectTimeout) {
        this.base = base;
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    record Reply(int status, JsonNode body, Optional<String> retryAfter) {
        String code() {
            return body.path("error").path("code").asText("");
        }
    }

    URI base() {
        return base;
    }

    Reply post(String path, Map<String, Object> body, Map<String, String> headers, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        headers.forEach(b::header);
        return send(b.build());
    }

    Reply get(String path, Map<String, String> headers, Duration timeout) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Accept", "application/json").GET();
        headers.forEach(b::header);
        return send(b.build());
    }

    private Reply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        byte[] bytes;
        try (InputStream in = response.body()) {
            bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
        }
        if (bytes.length > MAX_ANSWER_BYTES) {
            throw new TollgateException(response.statusCode(), TollgateException.MALFORMED_RESPONSE,
                    "The gateway's answer is larger than " + MAX_ANSWER_BYTES + " bytes");
        }
        JsonNode json;
        try {
            json = bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new TollgateException(response.statusCode(), TollgateException.MALFORMED_RESPONSE,
                    "The gateway's answer (HTTP " + response.statusCode() + ") is not JSON");
        }
        return new Reply(response.statusCode(), json, response.headers().firstValue("Retry-After"));
    }
}
