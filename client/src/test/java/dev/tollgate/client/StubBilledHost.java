package dev.tollgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tollgate.chain.PaymentRail;
import dev.tollgate.gateway.proof.SiwxPayload;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
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
import java.util.function.Function;

/**
 * A stand-in for a host app behind issue 10's billing filter, speaking BILLING-DESIGN.md's wire contract to the
 * client (not a mock of our adapters: the chains it reads are the real local ones). Allowance endpoints check the
 * {@code SIGN-IN-WITH-X} header with the gateway's own parser ({@link SiwxPayload}) and the rail's wallet-signature
 * check, bound to the URL that was called (domain = host:port, uri = the URL), nonce once; then the payer's grant as
 * the chain reports it ({@code allowanceOnChain}), never the client's word. An exact endpoint, when configured,
 * verifies and settles {@code PAYMENT-SIGNATURE} with the gateway's {@code ExactScheme}.
 *
 * <ul>
 *   <li>{@code POST /v1/chat/completions}: JSON answer with {@code atp_usage} and {@code atp_settlement};</li>
 *   <li>{@code POST /v1/stream}: SSE answer with the {@code atp_settlement} trailer event;</li>
 *   <li>{@code POST /v1/quote}: x402 exact ({@link #exactHandler}).</li>
 * </ul>
 */
final class StubBilledHost implements AutoCloseable {
    /** What the exact endpoint does with a decoded PaymentPayload: settle it, answer the PAYMENT-RESPONSE object. */
    interface ExactHandler {
        JsonNode accept();

        Map<String, Object> settle(JsonNode paymentPayload) throws Exception;
    }

    private final HttpServer server;
    private final String network;
    private final PaymentRail rail;
    private final AllowanceOffer offer;
    private final BigInteger priceUnits;
    private final Function<String, BigInteger> allowanceOnChain;
    private volatile ExactHandler exactHandler;
    private final Set<String> nonces = ConcurrentHashMap.newKeySet();
    final List<String> signedInPayers = new CopyOnWriteArrayList<>();
    final List<String> refusals = new CopyOnWriteArrayList<>();
    private final Map<String, String> outputOwners = new ConcurrentHashMap<>();

    /**
     * @param priceUnits       what one request may cost (the upto ceiling advertised in {@code accepts}): the
     *                         grant must cover it
     * @param allowanceOnChain the payer's allowance to {@code offer.spender()}, read from the chain
     */
    StubBilledHost(String network, PaymentRail rail, AllowanceOffer offer, BigInteger priceUnits,
                   Function<String, BigInteger> allowanceOnChain) throws IOException {
        this.network = network;
        this.rail = rail;
        this.offer = offer;
        this.priceUnits = priceUnits;
        this.allowanceOnChain = allowanceOnChain;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", ex -> allowance(ex, false));
        server.createContext("/v1/stream", ex -> allowance(ex, true));
        server.createContext("/v1/quote", this::exact);
        server.createContext("/v1/slow", this::slow);
        server.createContext("/v1/agent/jobs/", this::output);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    void exactHandler(ExactHandler handler) {
        this.exactHandler = handler;
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private void allowance(HttpExchange ex, boolean sse) throws IOException {
        try (ex) {
            ex.getRequestBody().readAllBytes();
            String url = url(ex.getRequestURI().getPath()).toString();
            String header = ex.getRequestHeaders().getFirst("SIGN-IN-WITH-X");
            if (header == null) {
                challenge(ex, url, "payment_required", null);
                return;
            }
            SiwxPayload proof = signedIn(header, url);
            if (proof == null) {
                challenge(ex, url, "payment_failed", refusals.get(refusals.size() - 1));
                return;
            }
            signedInPayers.add(proof.address());
            if (allowanceOnChain.apply(proof.address()).compareTo(priceUnits) < 0) {
                challenge(ex, url, "payment_failed", "allowance_insufficient");
                return;
            }
            String usage = "{\"input_tokens\":12,\"output_tokens\":7,\"total_tokens\":19}";
            String settlement = "{\"status\":\"paid\",\"transaction_signature\":\"stub-tx\",\"job_id\":"
                    + "\"0b7d7c7e-3c39-4c55-9d0f-2b8f1f0e4a11\",\"network\":\"" + network + "\",\"asset\":\"USDC\","
                    + "\"pricing\":{\"usd_cost\":\"0.000100\",\"source\":\"tollgate_billing\"},"
                    + "\"payment\":{\"total_amount_units\":\"100\"}}";
            if (sse) {
                send(ex, 200, "text/event-stream", "data: {\"choices\":[{\"delta\":{\"content\":\"he\"}}]}\n\n"
                        + "data: {\"choices\":[{\"delta\":{\"content\":\"llo\"}}],\"usage\":{\"prompt_tokens\":12,"
                        + "\"completion_tokens\":7}}\n\ndata: [DONE]\n\n"
                        + "event: atp_settlement\ndata: {\"atp_usage\":" + usage + ",\"atp_settlement\":" + settlement
                        + "}\n\n", Map.of());
            } else {
                send(ex, 200, "application/json", "{\"id\":\"chatcmpl-1\",\"choices\":[{\"message\":{\"role\":"
                        + "\"assistant\",\"content\":\"hello\"}}],\"atp_usage\":" + usage + ",\"atp_settlement\":"
                        + settlement + "}", Map.of());
            }
        } catch (RuntimeException e) {
            refusals.add("stub_error: " + e);
            throw e;
        }
    }

    /** The verified sign-in for {@code url}, or null (the reason appended to {@link #refusals}). */
    private SiwxPayload signedIn(String header, String url) {
        SiwxPayload proof;
        try {
            proof = SiwxPayload.fromHeader(header, GatewayHttp.JSON);
        } catch (RuntimeException e) {
            refusals.add("siwx_malformed");
            return null;
        }
        String why = null;
        if (!proof.domain().equals(URI.create(url).getRawAuthority())) {
            why = "siwx_domain_mismatch";
        } else if (!proof.uri().equals(url)) {
            why = "siwx_uri_mismatch";
        } else if (!proof.chainId().equals(network)) {
            why = "siwx_chain_mismatch";
        } else if (!rail.verifyWalletSignature(proof.address(), proof.message().text(), proof.signature())) {
            why = "siwx_signature_invalid";
        } else if (!nonces.add(proof.nonce())) {
            why = "siwx_nonce_used";
        }
        if (why != null) {
            refusals.add(why);
            return null;
        }
        return proof;
    }

    /** {@code POST /v1/slow}: signed in and granted, then paid but not final: 202 naming where the output waits. */
    private void slow(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getRequestBody().readAllBytes();
            String url = url(ex.getRequestURI().getPath()).toString();
            String header = ex.getRequestHeaders().getFirst("SIGN-IN-WITH-X");
            SiwxPayload proof = header == null ? null : signedIn(header, url);
            if (proof == null || allowanceOnChain.apply(proof.address()).compareTo(priceUnits) < 0) {
                challenge(ex, url, "payment_required", null);
                return;
            }
            String jobId = UUID.randomUUID().toString();
            outputOwners.put(jobId, proof.address());
            send(ex, 202, "application/json", "{\"status\":\"pending\",\"job_id\":\"" + jobId + "\",\"output_url\":\""
                    + url("/v1/agent/jobs/" + jobId + "/output") + "\",\"atp_usage\":{\"total_tokens\":3}}", Map.of());
        }
    }

    /**
     * {@code GET /v1/agent/jobs/{id}/output}, like the gateway's: the payer signed in for this URL naming the job as
     * {@code requestId}; a proof that does not name it gets 402 declaring {@code sign-in-with-x} with what to sign.
     */
    private void output(HttpExchange ex) throws IOException {
        try (ex) {
            String url = url(ex.getRequestURI().getPath()).toString();
            String[] parts = ex.getRequestURI().getPath().split("/");
            String jobId = parts.length > 4 ? parts[4] : "";
            String header = ex.getRequestHeaders().getFirst("SIGN-IN-WITH-X");
            SiwxPayload proof = header == null ? null : signedIn(header, url);
            if (proof != null && jobId.equals(proof.requestId()) && proof.address().equals(outputOwners.get(jobId))) {
                send(ex, 200, "application/json", "{\"job_id\":\"" + jobId + "\",\"output\":\"the answer\"}", Map.of());
                return;
            }
            ObjectNode required = paymentRequired(url, "sign_in_required");
            ObjectNode info = required.putObject("extensions").putObject("sign-in-with-x").putObject("info");
            java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            info.put("domain", URI.create(url).getRawAuthority());
            info.put("uri", url);
            info.put("statement", "Collect the output of job " + jobId);
            info.put("version", "1");
            info.put("nonce", UUID.randomUUID().toString().replace("-", ""));
            info.put("issuedAt", now.toString());
            info.put("expirationTime", now.plusSeconds(300).toString());
            info.put("requestId", jobId);
            send(ex, 402, "application/json", body("sign_in_required", null, required).toString(),
                    Map.of("PAYMENT-REQUIRED", b64(required.toString())));
        }
    }

    private void exact(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getRequestBody().readAllBytes();
            ExactHandler handler = exactHandler;
            String url = url(ex.getRequestURI().getPath()).toString();
            String header = ex.getRequestHeaders().getFirst("PAYMENT-SIGNATURE");
            ObjectNode required = paymentRequired(url, "payment_required");
            ((ArrayNode) required.get("accepts")).add(handler.accept());
            if (header == null) {
                send(ex, 402, "application/json", body("payment_required", null, required).toString(),
                        Map.of("PAYMENT-REQUIRED", b64(required.toString())));
                return;
            }
            try {
                JsonNode payload = GatewayHttp.JSON.readTree(Base64.getDecoder().decode(header));
                if (!payload.path("accepted").toString().equals(handler.accept().toString())) {
                    throw new IllegalArgumentException("accepted is not our requirement");
                }
                Map<String, Object> response = handler.settle(payload);
                send(ex, 200, "application/json", "{\"quote\":42}",
                        Map.of("PAYMENT-RESPONSE", b64(GatewayHttp.JSON.writeValueAsString(response))));
            } catch (Exception e) {
                refusals.add("exact: " + e);
                send(ex, 402, "application/json", body("payment_failed", "invalid_payload", required).toString(),
                        Map.of("PAYMENT-REQUIRED", b64(required.toString())));
            }
        }
    }

    private void challenge(HttpExchange ex, String url, String code, String reason) throws IOException {
        ObjectNode required = paymentRequired(url, code);
        ObjectNode upto = ((ArrayNode) required.get("accepts")).addObject();
        upto.put("scheme", "upto");
        upto.put("network", network);
        upto.put("amount", priceUnits.toString());
        upto.put("asset", offer.assetAddress());
        upto.put("payTo", offer.spender());
        upto.put("maxTimeoutSeconds", 300);
        ObjectNode info = required.putObject("extensions").putObject("sign-in-with-x").putObject("info");
        info.put("domain", URI.create(url).getRawAuthority());
        info.put("uri", url); // the resource, as the filter declares it: without the request's query
        info.put("version", "1");
        info.put("nonce", UUID.randomUUID().toString().replace("-", ""));
        info.put("issuedAt", java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        ObjectNode body = body(code, reason, required);
        ArrayNode allowances = body.putArray("allowances");
        ObjectNode a = allowances.addObject();
        a.put("network", offer.network());
        a.put("asset", offer.asset());
        a.put("asset_address", offer.assetAddress());
        a.put("spender", offer.spender());
        a.put("decimals", offer.decimals());
        send(ex, 402, "application/json", body.toString(), Map.of("PAYMENT-REQUIRED", b64(required.toString())));
    }

    private static ObjectNode paymentRequired(String url, String code) {
        ObjectNode required = GatewayHttp.JSON.createObjectNode();
        required.put("x402Version", 2);
        required.put("error", code);
        required.putObject("resource").put("url", url).put("mimeType", "application/json");
        required.putArray("accepts");
        return required;
    }

    private static ObjectNode body(String code, String reason, ObjectNode required) {
        ObjectNode body = GatewayHttp.JSON.createObjectNode();
        body.putObject("error").put("code", code).put("message", "payment is required");
        body.put("detail", "payment is required");
        if (reason != null) {
            body.put("reason", reason);
        }
        body.put("x402Version", 2);
        body.set("accepts", required.get("accepts"));
        body.set("resource", required.get("resource"));
        return body;
    }

    private static String b64(String json) {
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String contentType, String body, Map<String, String> headers)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
