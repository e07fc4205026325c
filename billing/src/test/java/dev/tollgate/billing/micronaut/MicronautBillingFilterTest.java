package dev.tollgate.billing.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.billing.BillingWire;
import dev.tollgate.billing.StubGatewayServer;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Micronaut filter inside a small Micronaut app, with the gateway's billing API served over real HTTP by
 * {@link StubGatewayServer}. Clients call the app over real HTTP with the JDK client.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MicronautBillingFilterTest implements TestPropertyProvider {

    private StubGatewayServer stub;
    private final HttpClient client = HttpClient.newHttpClient();

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        try {
            stub = new StubGatewayServer();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return hostProperties(stub, "micronaut");
    }

    static Map<String, String> hostProperties(StubGatewayServer stub, String host) {
        Map<String, String> keys = new HashMap<>();
        keys.put("billing-test.host", host);
        keys.put("tollgate.billing.gateway-url", stub.url().toString());
        keys.put("tollgate.billing.gateway-token", StubGatewayServer.TOKEN);
        keys.put("tollgate.billing.endpoints[0].path", "/v1/chat/completions");
        keys.put("tollgate.billing.endpoints[0].method", "POST");
        keys.put("tollgate.billing.endpoints[0].input-usd-per-million", "2.5");
        keys.put("tollgate.billing.endpoints[0].output-usd-per-million", "10");
        keys.put("tollgate.billing.endpoints[0].ceiling-usd", "0.05");
        keys.put("tollgate.billing.endpoints[1].path", "/v1/stream");
        keys.put("tollgate.billing.endpoints[1].input-usd-per-million", "2.5");
        keys.put("tollgate.billing.endpoints[1].output-usd-per-million", "10");
        keys.put("tollgate.billing.endpoints[1].ceiling-usd", "0.05");
        keys.put("tollgate.billing.endpoints[2].path", "/v1/*");
        keys.put("tollgate.billing.endpoints[2].method", "GET");
        keys.put("tollgate.billing.endpoints[2].fixed-usd", "0.01");
        keys.put("tollgate.billing.rails[0].network", "polygon-local");
        keys.put("tollgate.billing.rails[0].asset", "USDC");
        keys.put("tollgate.billing.rails[0].pay-to", "0x1111111111111111111111111111111111111111");
        keys.put("tollgate.billing.fee-bps", "500");
        keys.put("tollgate.billing.max-response-bytes", "4096");
        return keys;
    }

    @AfterAll
    void stopStub() {
        stub.close();
    }

    @BeforeEach
    void reset() {
        stub.settleMode = "paid";
        HostApp.RUNS.set(0);
    }

    private HttpResponse<byte[]> call(String method, String rawPath, String body, String... headers)
            throws Exception {
        return send(client, URI.create("http://127.0.0.1:" + server.getPort() + rawPath), method, body, headers);
    }

    static HttpResponse<byte[]> send(HttpClient client, URI uri, String method, String body, String... headers)
            throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The status of a GET sent byte for byte (the JDK client refuses malformed paths and resolves dot segments). */
    static int rawStatus(int port, String rawPath) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + rawPath + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1)).readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    static JsonNode json(HttpResponse<byte[]> response) throws IOException {
        return BillingWire.mapper().readTree(response.body());
    }

    static void contentLengthIsExact(HttpResponse<byte[]> response) {
        assertThat(response.headers().firstValueAsLong("Content-Length")).as("Content-Length")
                .hasValue(response.body().length);
    }

    @Test
    void noCredentialIs402WithPaymentRequiredAndTheHandlerNeverRuns() throws Exception {
        HttpResponse<byte[]> response = call("GET", "/v1/quote", null);
        assertThat(response.statusCode()).isEqualTo(402);
        JsonNode required = BillingWire.mapper().readTree(Base64.getDecoder().decode(
                response.headers().firstValue("PAYMENT-REQUIRED").orElseThrow()));
        assertThat(required.get("x402Version").asInt()).isEqualTo(2);
        assertThat(required.at("/accepts/0/scheme").asText()).isEqualTo("exact");
        JsonNode body = json(response);
        assertThat(body.at("/error/code").asText()).isEqualTo("payment_required");
        assertThat(body.at("/accepts/0/network").asText()).isEqualTo("polygon-local");
        assertThat(body.at("/allowances/0/spender").asText()).isEqualTo("0xspender");
        assertThat(body.at("/resource/url").asText()).isEqualTo("http://127.0.0.1:" + server.getPort()
                + "/v1/quote");
        contentLengthIsExact(response);
        assertThat(HostApp.RUNS.get()).isZero();
    }

    @Test
    void badCredentialIs402WithTheReason() throws Exception {
        HttpResponse<byte[]> response = call("GET", "/v1/quote", null, "PAYMENT-SIGNATURE", "forged");
        assertThat(response.statusCode()).isEqualTo(402);
        assertThat(json(response).get("reason").asText()).isEqualTo("invalid_exact_evm_payload_signature");
        assertThat(HostApp.RUNS.get()).isZero();
    }

    @Test
    void paidFixedPriceGetsBodyAtpFieldsAndPaymentResponse() throws Exception {
        HttpResponse<byte[]> response = call("GET", "/v1/quote", null, "PAYMENT-SIGNATURE", "good-x402");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("quote").asInt()).isEqualTo(42);
        assertThat(body.at("/atp_settlement/status").asText()).isEqualTo("paid");
        assertThat(body.has("atp_usage")).isTrue();
        assertThat(response.headers().firstValue("PAYMENT-RESPONSE")).isPresent();
        contentLengthIsExact(response);
        JsonNode settle = stub.settles.getLast();
        assertThat(new String(Base64.getDecoder().decode(settle.at("/output/base64").asText()),
                StandardCharsets.UTF_8)).contains("SECRET-QUOTE");
        assertThat(settle.has("usd")).isFalse();
    }

    @Test
    void paidUsagePriceSendsTheEstimateAndTheActualUsd() throws Exception {
        HttpResponse<byte[]> response = call("POST", "/v1/chat/completions", "{\"max_tokens\":100}",
                "SIGN-IN-WITH-X", "good-siwx");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("SECRET-ANSWER");
        assertThat(body.at("/atp_usage/total_tokens").asLong()).isEqualTo(1500);
        assertThat(body.at("/atp_settlement/transaction_signature").asText()).isEqualTo("0xtx");
        assertThat(response.headers().firstValue("PAYMENT-RESPONSE")).as("not x402").isEmpty();
        contentLengthIsExact(response);
        // 18 bytes → 5 input tokens × 2.5/1e6 + 100 × 10/1e6
        assertThat(stub.authorizations.getLast().get("estimate_usd").asText()).isEqualTo("0.0010125");
        assertThat(stub.settles.getLast().get("usd").asText()).isEqualTo("0.0075");
    }

    @Test
    void handlerErrorIsUnchangedAndReleased() throws Exception {
        int releases = stub.releases.size();
        HttpResponse<byte[]> response = call("GET", "/v1/broken", null, "PAYMENT-SIGNATURE", "good");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("upstream busy");
        assertThat(stub.releases).hasSize(releases + 1);
        assertThat(stub.settles.stream().noneMatch(s -> s.get("authorization_id").asText()
                .equals(stub.releases.getLast()))).isTrue();
    }

    @Test
    void failedSettlementWithholdsTheOutput() throws Exception {
        stub.settleMode = "failed";
        HttpResponse<byte[]> response = call("POST", "/v1/chat/completions", "{}", "PAYMENT-SIGNATURE", "good");
        assertThat(response.statusCode()).isEqualTo(402);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).doesNotContain("SECRET");
        JsonNode body = json(response);
        assertThat(body.at("/atp_settlement/status").asText()).isEqualTo("failed");
        assertThat(body.at("/atp_settlement/reason").asText()).isEqualTo("insufficient_funds");
        assertThat(body.at("/atp_usage/total_tokens").asLong()).isEqualTo(1500);
        contentLengthIsExact(response);
    }

    @Test
    void pendingSettlementIs202WithTheOutputUrl() throws Exception {
        stub.settleMode = "pending";
        HttpResponse<byte[]> response = call("GET", "/v1/quote", null, "PAYMENT-SIGNATURE", "good");
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).doesNotContain("SECRET");
        assertThat(json(response).get("output_url").asText()).contains("/v1/agent/jobs/");
    }

    @Test
    void streamedSseIsBufferedAndGetsTheTrailerEvent() throws Exception {
        HttpResponse<byte[]> response = call("POST", "/v1/stream", "{\"max_tokens\":5}", "PAYMENT-SIGNATURE",
                "good");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        String text = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(text).contains("SECRET-").contains("STREAM").contains("data: [DONE]");
        assertThat(text.indexOf("[DONE]")).isLessThan(text.indexOf("event: atp_settlement"));
        String trailer = text.substring(text.indexOf("event: atp_settlement\ndata: ") + 28).strip();
        JsonNode data = BillingWire.mapper().readTree(trailer);
        assertThat(data.at("/atp_usage/total_tokens").asLong()).isEqualTo(12);
        assertThat(data.at("/atp_settlement/status").asText()).isEqualTo("paid");
        assertThat(response.headers().firstValue("PAYMENT-RESPONSE")).isPresent();
        contentLengthIsExact(response);
        // 10 × 2.5/1e6 + 2 × 10/1e6
        assertThat(stub.settles.getLast().get("usd").asText()).isEqualTo("0.000045");
    }

    @Test
    void streamedJsonPublisherIsBufferedAsAnArrayWithTheSettlementInAHeader() throws Exception {
        HttpResponse<byte[]> response = call("GET", "/v1/list", null, "SIGN-IN-WITH-X", "good");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.isArray()).isTrue();
        assertThat(body.size()).isEqualTo(2);
        assertThat(body.get(1).get("n").asInt()).isEqualTo(2);
        JsonNode settlement = BillingWire.mapper().readTree(Base64.getDecoder().decode(
                response.headers().firstValue("X-ATP-Settlement").orElseThrow()));
        assertThat(settlement.get("status").asText()).isEqualTo("paid");
        contentLengthIsExact(response);
    }

    @Test
    void handlerExceptionIsNotChargedAndReleased() throws Exception {
        int releases = stub.releases.size();
        int settles = stub.settles.size();
        HttpResponse<byte[]> response = call("GET", "/v1/throws", null, "PAYMENT-SIGNATURE", "good");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(stub.releases).hasSize(releases + 1);
        assertThat(stub.settles).hasSize(settles);
    }

    @Test
    void concurrentPaidRequestsSettleOnceEach() throws Exception {
        int settles = stub.settles.size();
        int n = 8;
        java.util.List<java.util.concurrent.CompletableFuture<HttpResponse<byte[]>>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            calls.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort()
                            + "/v1/quote")).header("PAYMENT-SIGNATURE", "good-" + i).build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
        }
        java.util.Set<String> jobs = new java.util.HashSet<>();
        for (var call : calls) {
            HttpResponse<byte[]> response = call.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            jobs.add(json(response).at("/atp_settlement/job_id").asText());
        }
        assertThat(jobs).hasSize(n);
        assertThat(stub.settles).hasSize(settles + n);
        assertThat(HostApp.RUNS.get()).isEqualTo(n);
    }

    @Test
    void tooLargeIs502AndReleased() throws Exception {
        int releases = stub.releases.size();
        HttpResponse<byte[]> response = call("GET", "/v1/big", null, "PAYMENT-SIGNATURE", "good");
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(json(response).at("/error/code").asText()).isEqualTo("response_too_large");
        assertThat(stub.releases).hasSize(releases + 1);
    }

    @Test
    void unmatchedPathIsUntouched() throws Exception {
        int offers = stub.offers.size();
        HttpResponse<byte[]> response = call("GET", "/free", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("free");
        assertThat(response.headers().firstValue("PAYMENT-REQUIRED")).isEmpty();
        assertThat(stub.offers).hasSize(offers);
    }

    @Test
    void spellingsOfABilledPathAreBilledAndAnEncodedSlashIsRefused() throws Exception {
        assertThat(call("GET", "//v1//quote/", null).statusCode()).isEqualTo(402);
        assertThat(call("GET", "/v1/%71uote", null).statusCode()).isEqualTo(402);
        assertThat(rawStatus(server.getPort(), "/v1/./x/../quote")).isEqualTo(402);
        HttpResponse<byte[]> encoded = call("GET", "/v1%2Fquote", null);
        assertThat(encoded.statusCode()).isEqualTo(400);
        assertThat(json(encoded).at("/error/code").asText()).isEqualTo("invalid_path");
        assertThat(rawStatus(server.getPort(), "/v1/%zzquote")).isEqualTo(400);
        assertThat(HostApp.RUNS.get()).as("no spelling reached the handler unpaid").isZero();
    }
}
