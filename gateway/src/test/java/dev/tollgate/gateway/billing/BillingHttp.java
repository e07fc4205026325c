package dev.tollgate.gateway.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/** A billing filter's calls to {@code /v1/billing/*} over real HTTP, and the terms objects tests send. */
public final class BillingHttp {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String RESOURCE = "http://api.host.test:8080/v1/quote";

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public BillingHttp(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    public record Reply(int status, JsonNode body, String raw) {
        public String code() {
            return body.path("error").path("code").asText(null);
        }
    }

    public Reply call(String endpoint, Object body) {
        return call(endpoint, body, token == null ? null : "Bearer " + token);
    }

    public Reply call(String endpoint, Object body, String authorization) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/v1/billing/" + endpoint))
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(90))
                    .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s
                            : JSON.writeValueAsString(body)));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode json = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
            return new Reply(response.statusCode(), json, response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Reply get(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(response.statusCode(), response.body().isBlank() ? JSON.createObjectNode()
                    : JSON.readTree(response.body()), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Terms with a fixed price on one rail. */
    public static ObjectNode fixedTerms(String usd, String network, String payTo, String feeRecipient, int feeBps) {
        ObjectNode terms = base(network, payTo, feeRecipient, feeBps);
        terms.putObject("price").put("fixed_usd", usd);
        return terms;
    }

    /** Terms with a usage price on one rail. */
    public static ObjectNode usageTerms(String in, String out, String ceiling, String network, String payTo,
                                        String feeRecipient, int feeBps) {
        ObjectNode terms = base(network, payTo, feeRecipient, feeBps);
        terms.putObject("price").put("input_usd_per_million", in).put("output_usd_per_million", out)
                .put("ceiling_usd", ceiling);
        return terms;
    }

    private static ObjectNode base(String network, String payTo, String feeRecipient, int feeBps) {
        ObjectNode terms = JSON.createObjectNode();
        terms.putObject("resource").put("url", RESOURCE).put("description", "a quote")
                .put("mimeType", "application/json");
        ObjectNode rail = terms.putArray("rails").addObject();
        rail.put("network", network).put("asset", "USDC").put("pay_to", payTo).put("fee_recipient", feeRecipient);
        terms.put("fee_bps", feeBps);
        terms.put("finality", "confirmed");
        return terms;
    }

    public static ObjectNode wrap(String field, JsonNode value) {
        ObjectNode body = JSON.createObjectNode();
        body.set(field, value);
        return body;
    }

    public static ObjectNode x402(String header) {
        ObjectNode c = JSON.createObjectNode();
        c.put("type", "x402").put("header", header);
        return c;
    }

    public static ObjectNode output(String json) {
        ObjectNode o = JSON.createObjectNode();
        o.put("content_type", "application/json");
        o.put("base64", Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)));
        return o;
    }

    public static JsonNode decode(String header) {
        try {
            return JSON.readTree(Base64.getDecoder().decode(header));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String encode(Object value) {
        try {
            return Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code {"authorization_id": id, "output": {...}}} plus {@code more}. */
    public static ObjectNode settleBody(String authorizationId, String outputJson, Map<String, Object> more) {
        ObjectNode body = JSON.createObjectNode();
        body.put("authorization_id", authorizationId);
        body.set("output", output(outputJson));
        more.forEach((k, v) -> body.set(k, JSON.valueToTree(v)));
        return body;
    }
}
