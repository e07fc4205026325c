package dev.tollgate.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.jsonrpc.CappedBody;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@link BillingGateway} over HTTP ({@code POST <gateway-url>/v1/billing/*}, JSON, {@code Authorization: Bearer
 * <token>}) with the JDK client: a connect timeout and a per-call timeout, answers read into at most
 * {@value #MAX_ANSWER_BYTES} bytes. It never logs anything: not the token, not a credential, not the gateway's
 * text; exceptions carry only the operation and the HTTP status.
 */
public final class HttpBillingGateway implements BillingGateway {

    /** Gateway answers are small JSON (the largest holds a PaymentRequired with a few offers). */
    static final int MAX_ANSWER_BYTES = 1024 * 1024;

    private final URI base;
    private final String authorization;
    private final Duration timeout;
    private final HttpClient client;

    public HttpBillingGateway(URI gatewayUrl, String token, Duration timeout) {
        String url = gatewayUrl.toString();
        this.base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        this.authorization = "Bearer " + token;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public static HttpBillingGateway of(BillingConfig config) {
        return new HttpBillingGateway(config.gatewayUrl(), config.gatewayToken(),
                Duration.ofMillis(config.gatewayTimeoutMillis()));
    }

    @Override
    public Offers offers(BillingTerms terms) {
        ObjectNode body = BillingWire.JSON.createObjectNode();
        body.set("terms", BillingWire.terms(terms));
        Answer answer = post("offers", body);
        if (answer.status != 200) {
            throw unexpected("offers", answer.status);
        }
        try {
            return BillingWire.offers(answer.json());
        } catch (RuntimeException e) {
            throw new BillingGatewayException("offers", answer.status, "answer outside the contract");
        }
    }

    @Override
    public AuthorizeResult authorize(AuthorizeRequest request) {
        Answer answer = post("authorize", BillingWire.authorize(request));
        return switch (answer.status) {
            case 200 -> {
                try {
                    yield new AuthorizeResult.Authorized(BillingWire.authorization(answer.json()));
                } catch (RuntimeException e) {
                    throw new BillingGatewayException("authorize", 200, "answer outside the contract");
                }
            }
            case 400, 402, 403, 503 -> new AuthorizeResult.Refused(answer.status, answer.jsonOrEmpty());
            default -> throw unexpected("authorize", answer.status);
        };
    }

    @Override
    public SettleResult settle(SettleRequest request) {
        Answer answer = post("settle", BillingWire.settle(request));
        return switch (answer.status) {
            case 200 -> new SettleResult.Paid(answer.json());
            case 202 -> new SettleResult.Pending(answer.json());
            case 402 -> new SettleResult.Failed(answer.json());
            case 409 -> new SettleResult.AlreadyUsed(answer.jsonOrEmpty());
            default -> throw unexpected("settle", answer.status);
        };
    }

    @Override
    public void release(String authorizationId) {
        ObjectNode body = BillingWire.JSON.createObjectNode();
        body.put("authorization_id", authorizationId);
        Answer answer = post("release", body);
        if (answer.status != 204 && answer.status != 200) {
            throw unexpected("release", answer.status);
        }
    }

    private Answer post(String operation, ObjectNode body) {
        byte[] json;
        try {
            json = BillingWire.JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new BillingGatewayException(operation, 0, "request could not be encoded");
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/billing/" + operation))
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                .build();
        try {
            HttpResponse<byte[]> response = client.send(request, info -> new CappedBody(MAX_ANSWER_BYTES));
            return new Answer(operation, response.statusCode(), response.body());
        } catch (java.net.http.HttpTimeoutException e) {
            throw new BillingGatewayException(operation, 0, "gateway timed out");
        } catch (IOException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof CappedBody.TooLarge) {
                    throw new BillingGatewayException(operation, 0, "answer larger than " + MAX_ANSWER_BYTES
                            + " bytes");
                }
            }
            throw new BillingGatewayException(operation, 0, "gateway unreachable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BillingGatewayException(operation, 0, "interrupted");
        }
    }

    private static BillingGatewayException unexpected(String operation, int status) {
        return new BillingGatewayException(operation, status, "unexpected answer");
    }

    @Override
    public String toString() {
        return "HttpBillingGateway[" + base + "]";
    }

    private record Answer(String operation, int status, byte[] body) {

        JsonNode json() {
            try {
                JsonNode tree = BillingWire.JSON.readTree(new String(body, StandardCharsets.UTF_8));
                if (tree == null || !tree.isObject()) {
                    throw new BillingGatewayException(operation, status, "answer is not a JSON object");
                }
                return tree;
            } catch (IOException e) {
                throw new BillingGatewayException(operation, status, "answer is not JSON");
            }
        }

        JsonNode jsonOrEmpty() {
            try {
                return json();
            } catch (BillingGatewayException e) {
                return BillingWire.JSON.createObjectNode();
            }
        }
    }

}
