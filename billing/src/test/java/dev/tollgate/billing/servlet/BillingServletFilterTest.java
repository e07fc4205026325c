package dev.tollgate.billing.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.billing.BillingWire;
import dev.tollgate.billing.StubGatewayServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The servlet filter inside an embedded Tomcat 11, configured from init parameters (as in web.xml) with the
 * {@code tollgate.billing.*} keys, and the gateway's billing API served over real HTTP by
 * {@link StubGatewayServer}.
 */
class BillingServletFilterTest {

    private static StubGatewayServer stub;
    private static Tomcat tomcat;
    private static int port;
    private static Path base;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        stub = new StubGatewayServer();
        base = Files.createTempDirectory("billing-tomcat");
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("/api", base.toString());
        Tomcat.addServlet(context, "host", new HostServlets());
        context.addServletMappingDecoded("/*", "host");
        FilterDef filter = new FilterDef();
        filter.setFilterName("billing");
        filter.setFilterClass(BillingServletFilter.class.getName());
        Map<String, String> keys = new HashMap<>();
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
        keys.put("tollgate.billing.endpoints[2].fixed-usd", "0.01");
        keys.put("tollgate.billing.rails[0].network", "polygon-local");
        keys.put("tollgate.billing.rails[0].asset", "USDC");
        keys.put("tollgate.billing.rails[0].pay-to", "0x1111111111111111111111111111111111111111");
        keys.put("tollgate.billing.max-response-bytes", "4096");
        keys.forEach(filter::addInitParameter);
        context.addFilterDef(filter);
        FilterMap mapping = new FilterMap();
        mapping.setFilterName("billing");
        mapping.addURLPatternDecoded("/*");
        context.addFilterMap(mapping);
        tomcat.start();
        port = tomcat.getConnector().getLocalPort();
    }

    @AfterAll
    static void stop() throws Exception {
        tomcat.stop();
        tomcat.destroy();
        stub.close();
        try (var files = Files.walk(base)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @BeforeEach
    void reset() {
        stub.settleMode = "paid";
        HostServlets.RUNS.set(0);
    }

    private HttpResponse<byte[]> call(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api" + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonNode json(HttpResponse<byte[]> response) throws IOException {
        return BillingWire.mapper().readTree(response.body());
    }

    private static void contentLengthIsExact(HttpResponse<byte[]> response) {
        assertThat(response.headers().firstValueAsLong("Content-Length")).as("Content-Length")
                .hasValue(response.body().length);
    }

    @Test
    void noCredentialIs402WithPaymentRequired() throws Exception {
        HttpResponse<byte[]> response = call("GET", "/v1/quote", null);
        assertThat(response.statusCode()).isEqualTo(402);
        assertThat(response.headers().firstValue("PAYMENT-REQUIRED")).isPresent();
        JsonNode body = json(response);
        assertThat(body.at("/error/code").asText()).isEqualTo("payment_required");
        assertThat(body.at("/accepts/0/scheme").asText()).isEqualTo("exact");
        assertThat(body.at("/resource/url").asText()).isEqualTo("http://127.0.0.1:" + port + "/api/v1/quote");
        contentLengthIsExact(response);
        assertThat(HostServlets.RUNS.get()).isZero();
    }

    @Test
    void badCredentialIs402WithTheReason() throws Exception {
        HttpResponse<byte[]> response = call("GET", "/v1/quote", null, "PAYMENT-SIGNATURE", "forged");
        assertThat(response.statusCode()).isEqualTo(402);
        assertThat(json(response).get("reason").asText()).isEqualTo("invalid_exact_evm_payload_signature");
        assertThat(HostServlets.RUNS.get()).isZero();
    }

    @Test
    void paidFixedPriceKeepsHandlerHeadersAndRecomputesContentLength() throws Exception {
        HttpResponse<byte[]> response = call("GET", "/v1/quote", null, "PAYMENT-SIGNATURE", "good");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("quote").asInt()).isEqualTo(42);
        assertThat(body.at("/atp_settlement/status").asText()).isEqualTo("paid");
        assertThat(response.headers().firstValue("X-Host")).hasValue("kept");
        assertThat(response.headers().firstValue("PAYMENT-RESPONSE")).isPresent();
        contentLengthIsExact(response);
    }

    @Test
    void paidUsagePriceAndTheHandlerStillReadsTheRequestBody() throws Exception {
        String request = "{\"max_tokens\":100}";
        HttpResponse<byte[]> response = call("POST", "/v1/chat/completions", request, "SIGN-IN-WITH-X", "good");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(HostServlets.lastRequestBody).isEqualTo(request);
        JsonNode body = json(response);
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("SECRET-ANSWER");
        assertThat(body.at("/atp_usage/total_tokens").asLong()).isEqualTo(1500);
        contentLengthIsExact(response);
        assertThat(stub.authorizations.getLast().get("estimate_usd").asText()).isEqualTo("0.0010125");
        assertThat(stub.settles.getLast().get("usd").asText()).isEqualTo("0.0075");
    }

    @Test
    void handlerErrorIsNotChargedAndReleased() throws Exception {
        int releases = stub.releases.size();
        int settles = stub.settles.size();
        HttpResponse<byte[]> response = call("GET", "/v1/broken", null, "PAYMENT-SIGNATURE", "good");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(stub.releases).hasSize(releases + 1);
        assertThat(stub.settles).hasSize(settles);
    }

    @Test
    void failedSettlementWithholdsTheOutput() throws Exception {
        stub.settleMode = "failed";
        HttpResponse<byte[]> response = call("POST", "/v1/chat/completions", "{}", "PAYMENT-SIGNATURE", "good");
        assertThat(response.statusCode()).isEqualTo(402);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).doesNotContain("SECRET");
        assertThat(json(response).at("/atp_settlement/status").asText()).isEqualTo("failed");
        contentLengthIsExact(response);
    }

    @Test
    void sseGetsTheTrailerEvent() throws Exception {
        HttpResponse<byte[]> response = call("POST", "/v1/stream", "{}", "PAYMENT-SIGNATURE", "good");
        assertThat(response.statusCode()).isEqualTo(200);
        String text = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("data: {\"choices\":[{\"delta\":{\"content\":\"SECRET-STREAM\"}}]}\n\n");
        assertThat(text).contains("data: [DONE]\n\nevent: atp_settlement\ndata: {");
        JsonNode trailer = BillingWire.mapper().readTree(text.substring(text.lastIndexOf("data: ") + 6).strip());
        assertThat(trailer.at("/atp_settlement/status").asText()).isEqualTo("paid");
        assertThat(trailer.at("/atp_usage/total_tokens").asLong()).isEqualTo(12);
        contentLengthIsExact(response);
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
        assertThat(stub.offers).hasSize(offers);
    }

    @Test
    void spellingsOfABilledPathCannotBypassIt() throws Exception {
        assertThat(call("GET", "//v1//quote/", null).statusCode()).isEqualTo(402);
        assertThat(call("GET", "/v1/quote;jsessionid=x", null).statusCode()).isEqualTo(402);
        assertThat(call("GET", "/v1/%71uote", null).statusCode()).isEqualTo(402);
        assertThat(call("GET", "/v1%2Fquote", null).statusCode()).as("encoded slash: refused (400)")
                .isEqualTo(400);
        assertThat(HostServlets.RUNS.get()).as("no spelling reached the handler unpaid").isZero();
    }
}
