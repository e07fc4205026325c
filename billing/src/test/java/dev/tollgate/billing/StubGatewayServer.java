package dev.tollgate.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A stand-in for the gateway's {@code /v1/billing/*} served over real HTTP (JDK HttpServer), implementing the
 * wire contract of BILLING-DESIGN.md with scripted outcomes: credentials whose header starts with "good" are
 * authorised (x402 → exact/upto, siwx → allowance), others refused 402; settle answers per {@link #settleMode};
 * an authorization settles or releases once (409 after). No chain: it checks the filter, not payments.
 */
public final class StubGatewayServer implements AutoCloseable {

    public static final String TOKEN = "stub-billing-token";

    public final List<JsonNode> offers = new CopyOnWriteArrayList<>();
    public final List<JsonNode> authorizations = new CopyOnWriteArrayList<>();
    public final List<JsonNode> settles = new CopyOnWriteArrayList<>();
    public final List<String> releases = new CopyOnWriteArrayList<>();
    public volatile String settleMode = "paid";
    private final Map<String, String> kinds = new ConcurrentHashMap<>();
    private final Set<String> used = ConcurrentHashMap.newKeySet();
    private final HttpServer server;

    public StubGatewayServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/v1/billing/", this::handle);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, "{\"error\":{\"code\":\"unauthorized\",\"message\":\"token\"}}");
                return;
            }
            JsonNode body = BillingWire.mapper().readTree(exchange.getRequestBody().readAllBytes());
            String operation = exchange.getRequestURI().getPath().substring("/v1/billing/".length());
            switch (operation) {
                case "offers" -> {
                    offers.add(body);
                    send(exchange, 200, offersAnswer(body.get("terms")).toString());
                }
                case "authorize" -> authorize(exchange, body);
                case "settle" -> settle(exchange, body);
                case "release" -> {
                    String id = body.get("authorization_id").asText();
                    releases.add(id);
                    used.add(id);
                    exchange.sendResponseHeaders(204, -1);
                }
                default -> send(exchange, 404, "{\"error\":{\"code\":\"not_found\",\"message\":\"x\"}}");
            }
        }
    }

    static ObjectNode paymentRequired(JsonNode terms) {
        ObjectNode required = BillingWire.mapper().createObjectNode();
        required.put("x402Version", 2);
        required.put("error", "payment_required");
        required.set("resource", terms.get("resource"));
        var accepts = required.putArray("accepts");
        boolean usage = terms.path("price").has("ceiling_usd");
        for (JsonNode rail : terms.get("rails")) {
            ObjectNode accept = accepts.addObject();
            accept.put("scheme", usage ? "upto" : "exact");
            accept.set("network", rail.get("network"));
            accept.put("amount", usage ? "50000" : "10000");
            accept.set("payTo", rail.get("pay_to"));
            accept.putObject("extra").put("tollgateJobId", UUID.randomUUID().toString());
        }
        required.putObject("extensions").putObject("sign-in-with-x");
        return required;
    }

    private static ObjectNode offersAnswer(JsonNode terms) {
        ObjectNode answer = BillingWire.mapper().createObjectNode();
        answer.set("payment_required", paymentRequired(terms));
        ObjectNode allowance = answer.putArray("allowances").addObject();
        allowance.put("network", "eip155:31337");
        allowance.put("asset", "USDC");
        allowance.put("spender", "0xspender");
        allowance.put("decimals", 6);
        return answer;
    }

    private void authorize(HttpExchange exchange, JsonNode body) throws IOException {
        authorizations.add(body);
        JsonNode credential = body.get("credential");
        String secret = credential.has("key") ? credential.get("key").asText() : credential.get("header").asText();
        if (!secret.startsWith("good")) {
            ObjectNode refusal = BillingWire.mapper().createObjectNode();
            refusal.putObject("error").put("code", "payment_invalid").put("message", "The payment was refused.");
            refusal.put("detail", "the signature does not verify");
            refusal.put("reason", "invalid_exact_evm_payload_signature");
            refusal.set("payment_required", paymentRequired(body.get("terms")));
            send(exchange, 402, refusal.toString());
            return;
        }
        String type = credential.get("type").asText();
        boolean usage = body.get("terms").path("price").has("ceiling_usd");
        String kind = switch (type) {
            case "x402" -> usage ? "upto" : "exact";
            case "siwx" -> "allowance";
            default -> "private_key";
        };
        String id = UUID.randomUUID().toString();
        kinds.put(id, kind);
        ObjectNode answer = BillingWire.mapper().createObjectNode();
        answer.put("authorization_id", id);
        answer.put("kind", kind);
        answer.put("network", "eip155:31337");
        answer.put("asset", "USDC");
        answer.put("payer", "0xpayer");
        answer.put("reserved_units", "50000");
        answer.put("expires_at", "2030-01-01T00:00:00Z");
        send(exchange, 200, answer.toString());
    }

    private void settle(HttpExchange exchange, JsonNode body) throws IOException {
        settles.add(body);
        String id = body.get("authorization_id").asText();
        String kind = kinds.get(id);
        if (kind == null || !used.add(id)) {
            send(exchange, 409, "{\"error\":{\"code\":\"authorization_used\",\"message\":\"used\"}}");
            return;
        }
        String jobId = UUID.randomUUID().toString();
        ObjectNode answer = BillingWire.mapper().createObjectNode();
        switch (settleMode) {
            case "paid" -> {
                answer.put("status", "paid");
                answer.put("job_id", jobId);
                answer.put("network", "eip155:31337");
                answer.put("asset", "USDC");
                answer.put("payer", "0xpayer");
                answer.put("tx_id", "0xtx");
                answer.put("total_units", "7500");
                answer.put("fee_units", "375");
                answer.put("net_units", "7125");
                answer.set("usd", body.get("usd"));
                if (kind.equals("exact") || kind.equals("upto")) {
                    answer.put("payment_response", Base64.getEncoder().encodeToString(
                            ("{\"success\":true,\"transaction\":\"0xtx\",\"network\":\"eip155:31337\"}")
                                    .getBytes(StandardCharsets.UTF_8)));
                } else {
                    answer.putNull("payment_response");
                }
                ObjectNode atp = answer.putObject("atp_settlement");
                atp.put("status", "paid");
                atp.put("transaction_signature", "0xtx");
                atp.put("job_id", jobId);
                ObjectNode payment = atp.putObject("payment");
                payment.put("total_amount_units", 7500);
                send(exchange, 200, answer.toString());
            }
            case "pending" -> {
                answer.put("status", "pending");
                answer.put("job_id", jobId);
                answer.put("tx_id", "0xtx");
                answer.put("output_url", "http://gateway/v1/agent/jobs/" + jobId + "/output");
                send(exchange, 202, answer.toString());
            }
            default -> {
                answer.put("status", "failed");
                answer.putObject("error").put("code", "settlement_failed").put("message", "The payment failed.");
                answer.put("detail", "insufficient funds");
                answer.put("reason", "insufficient_funds");
                answer.put("job_id", jobId);
                send(exchange, 402, answer.toString());
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
