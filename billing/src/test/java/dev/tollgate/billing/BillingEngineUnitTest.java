package dev.tollgate.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine's decisions against an in-memory gateway stub: a unit test, no HTTP and no chain. */
class BillingEngineUnitTest {

    private static final String CHAT = "/v1/chat/completions";
    private static final String QUOTE = "/v1/quote";

    private InMemoryBillingGateway gateway;
    private BillingEngine engine;

    @BeforeEach
    void setUp() {
        gateway = new InMemoryBillingGateway();
        BillingConfig config = BillingConfig.of(URI.create("http://gw"), "token",
                List.of(EndpointRule.perMillion(CHAT, "POST", new BigDecimal("2.5"), new BigDecimal("10"),
                                new BigDecimal("0.05")),
                        EndpointRule.fixed(QUOTE, null, new BigDecimal("0.01"))),
                List.of(new RailTerms("polygon-local", "USDC", "0xpay", "0xfee"))).withFeeBps(500)
                .withMaxResponseBytes(1000);
        engine = new BillingEngine(config, gateway);
    }

    private static BillingRequest request(String method, String path, Map<String, String> headers, String body) {
        Map<String, String> lower = new HashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(), v));
        return new BillingRequest(method, path, "http://host:8080", name -> lower.get(name.toLowerCase()),
                () -> body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode json(byte[] body) throws Exception {
        return BillingWire.mapper().readTree(body);
    }

    private BillingTicket proceed(BillingDecision decision) {
        assertThat(decision).isInstanceOf(BillingDecision.Proceed.class);
        return ((BillingDecision.Proceed) decision).ticket();
    }

    @Test
    void unbilledPathPassesWithoutCallingTheGateway() {
        assertThat(engine.before(request("GET", "/health", Map.of(), null))).isInstanceOf(BillingDecision.Pass.class);
        assertThat(engine.before(request("GET", CHAT, Map.of(), null))).as("method differs")
                .isInstanceOf(BillingDecision.Pass.class);
        assertThat(engine.mayBill("GET", "/health")).isFalse();
        assertThat(gateway.offered).isEmpty();
        assertThat(gateway.authorized).isEmpty();
    }

    @Test
    void noCredentialAnswers402WithPaymentRequired() throws Exception {
        BillingDecision decision = engine.before(request("GET", "/v1//quote/", Map.of(), null));
        BillingResponse response = ((BillingDecision.Respond) decision).response();
        assertThat(response.status()).isEqualTo(402);
        assertThat(response.keepHandlerHeaders()).isFalse();
        JsonNode header = json(Base64.getDecoder().decode(response.header("PAYMENT-REQUIRED")));
        assertThat(header).isEqualTo(InMemoryBillingGateway.PAYMENT_REQUIRED);
        JsonNode body = json(response.body());
        assertThat(body.at("/error/code").asText()).isEqualTo("payment_required");
        assertThat(body.get("x402Version").asInt()).isEqualTo(2);
        assertThat(body.get("accepts")).isEqualTo(InMemoryBillingGateway.PAYMENT_REQUIRED.get("accepts"));
        assertThat(body.get("resource")).isEqualTo(InMemoryBillingGateway.PAYMENT_REQUIRED.get("resource"));
        assertThat(body.get("allowances").isArray()).isTrue();
        assertThat(body.has("detail")).isTrue();
        BillingTerms terms = gateway.offered.getFirst();
        assertThat(terms.resource().url()).isEqualTo("http://host:8080/v1//quote/");
        assertThat(terms.fixedUsd()).isEqualByComparingTo("0.01");
        assertThat(terms.feeBps()).isEqualTo(500);
        assertThat(BillingWire.terms(terms).toString()).contains("\"fixed_usd\":\"0.01\"")
                .contains("\"pay_to\":\"0xpay\"").contains("\"fee_recipient\":\"0xfee\"")
                .contains("\"finality\":\"confirmed\"");
    }

    @Test
    void badCredentialAnswers402WithTheReasonAndTheHandlerNeverRuns() throws Exception {
        BillingDecision decision = engine.before(request("GET", QUOTE, Map.of("PAYMENT-SIGNATURE", "forged"), null));
        BillingResponse response = ((BillingDecision.Respond) decision).response();
        assertThat(response.status()).isEqualTo(402);
        JsonNode body = json(response.body());
        assertThat(body.get("reason").asText()).isEqualTo("invalid_signature");
        assertThat(body.at("/error/code").asText()).isEqualTo("payment_invalid");
        assertThat(body.get("accepts").size()).isEqualTo(1);
        assertThat(response.header("PAYMENT-REQUIRED")).isNotNull();
    }

    @Test
    void fixedPricePaidJsonGetsAtpFieldsAndPaymentResponse() throws Exception {
        BillingTicket ticket = proceed(engine.before(request("GET", QUOTE, Map.of("PAYMENT-SIGNATURE", "good"),
                null)));
        assertThat(gateway.authorized.getFirst().estimateUsd()).as("fixed: no estimate").isNull();
        assertThat(gateway.authorized.getFirst().credential()).isEqualTo(new Credential.X402("good"));
        BillingResponse response = engine.after(ticket, HandlerResponse.of(200, "application/json",
                "{\"quote\":42}".getBytes(StandardCharsets.UTF_8)));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.keepHandlerHeaders()).isTrue();
        assertThat(response.header("PAYMENT-RESPONSE")).isEqualTo("UEFJRA==");
        JsonNode body = json(response.body());
        assertThat(body.get("quote").asInt()).isEqualTo(42);
        assertThat(body.at("/atp_settlement/status").asText()).isEqualTo("paid");
        assertThat(body.get("atp_usage").has("input_tokens")).isTrue();
        SettleRequest settle = gateway.settled.getFirst();
        assertThat(settle.usd()).as("fixed: no usd").isNull();
        assertThat(new String(settle.output(), StandardCharsets.UTF_8)).isEqualTo("{\"quote\":42}");
        assertThat(settle.credential()).as("x402 credentials are not sent again").isNull();
        assertThatThrownBy(() -> engine.after(ticket, HandlerResponse.of(200, null, new byte[0])))
                .as("exactly once").isInstanceOf(IllegalStateException.class);
        assertThat(gateway.settled).hasSize(1);
    }

    @Test
    void usagePriceEstimatesReservesAndSettlesTheActualUsd() throws Exception {
        BillingTicket ticket = proceed(engine.before(request("POST", CHAT, Map.of("SIGN-IN-WITH-X", "good-siwx"),
                "{\"max_tokens\":100,\"messages\":[\"aaaa\"]}")));
        assertThat(gateway.authorized.getFirst().estimateUsd()).isEqualByComparingTo("0.001025");
        assertThat(gateway.authorized.getFirst().credential()).isInstanceOf(Credential.Siwx.class);
        BillingResponse response = engine.after(ticket, HandlerResponse.of(200, "application/json",
                "{\"usage\":{\"prompt_tokens\":1000,\"completion_tokens\":500}}".getBytes(StandardCharsets.UTF_8)));
        assertThat(gateway.settled.getFirst().usd()).isEqualByComparingTo("0.0075");
        assertThat(BillingWire.settle(gateway.settled.getFirst()).get("usd").asText()).isEqualTo("0.0075");
        JsonNode body = json(response.body());
        assertThat(body.at("/atp_usage/input_tokens").asLong()).isEqualTo(1000);
        assertThat(body.at("/atp_usage/output_tokens").asLong()).isEqualTo(500);
        assertThat(body.at("/atp_usage/total_tokens").asLong()).isEqualTo(1500);
    }

    @Test
    void handlerErrorIsPassedThroughAndReleased() {
        BillingTicket ticket = proceed(engine.before(request("GET", QUOTE, Map.of("PAYMENT-SIGNATURE", "good"),
                null)));
        BillingResponse response = engine.after(ticket, HandlerResponse.of(503, "text/plain",
                "busy".getBytes(StandardCharsets.UTF_8)));
        assertThat(response.status()).isEqualTo(503);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("busy");
        assertThat(response.keepHandlerHeaders()).isTrue();
        assertThat(gateway.released).containsExactly(ticket.authorization().id());
        assertThat(gateway.settled).isEmpty();
    }

    @Test
    void tooLargeIs502AndReleased() throws Exception {
        BillingTicket ticket = proceed(engine.before(request("GET", QUOTE, Map.of("PAYMENT-SIGNATURE", "good"),
                null)));
        BillingResponse response = engine.after(ticket, HandlerResponse.overLimit(200, "application/json"));
        assertThat(response.status()).isEqualTo(502);
        assertThat(json(response.body()).at("/error/code").asText()).isEqualTo("response_too_large");
        assertThat(gateway.released).hasSize(1);
        assertThat(gateway.settled).isEmpty();
    }

    @Test
    void usageMissingIs502WithheldAndReleased() throws Exception {
        BillingTicket ticket = proceed(engine.before(request("POST", CHAT, Map.of("PAYMENT-SIGNATURE", "good"),
                "{}")));
        BillingResponse response = engine.after(ticket, HandlerResponse.of(200, "application/json",
                "{\"secret\":\"output\"}".getBytes(StandardCharsets.UTF_8)));
        assertThat(response.status()).isEqualTo(502);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).doesNotContain("output\"")
                .contains("usage_missing");
        assertThat(gateway.released).hasSize(1);
        assertThat(gateway.settled).isEmpty();
    }

    @Test
    void failedSettlementWithholdsTheOutput() throws Exception {
        gateway.settleWith = r -> new SettleResult.Failed(InMemoryBillingGateway.json("{\"status\":\"failed\","
                + "\"error\":{\"code\":\"amount_exceeds_ceiling\",\"message\":\"too much\"},\"detail\":\"d\","
                + "\"reason\":\"amount_exceeds_ceiling\",\"job_id\":\"job-7\",\"payment_required\":{\"x402Version\":2}}"));
        BillingTicket ticket = proceed(engine.before(request("POST", CHAT, Map.of("PAYMENT-SIGNATURE", "good"),
                "{}")));
        BillingResponse response = engine.after(ticket, HandlerResponse.of(200, "application/json",
                "{\"answer\":\"SECRET\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}"
                        .getBytes(StandardCharsets.UTF_8)));
        assertThat(response.status()).isEqualTo(402);
        assertThat(response.keepHandlerHeaders()).isFalse();
        String text = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("SECRET");
        JsonNode body = json(response.body());
        assertThat(body.at("/error/code").asText()).isEqualTo("amount_exceeds_ceiling");
        assertThat(body.at("/atp_settlement/status").asText()).isEqualTo("failed");
        assertThat(body.at("/atp_settlement/reason").asText()).isEqualTo("amount_exceeds_ceiling");
        assertThat(body.at("/atp_settlement/job_id").asText()).isEqualTo("job-7");
        assertThat(body.at("/atp_usage/total_tokens").asLong()).isEqualTo(2);
        assertThat(response.header("PAYMENT-REQUIRED")).isNotNull();
    }

    @Test
    void pendingSettlementAnswers202WithTheOutputUrl() throws Exception {
        gateway.settleWith = r -> new SettleResult.Pending(InMemoryBillingGateway.json("{\"status\":\"pending\","
                + "\"job_id\":\"job-9\",\"tx_id\":\"0xabc\",\"output_url\":\"http://gw/v1/agent/jobs/job-9/output\"}"));
        BillingTicket ticket = proceed(engine.before(request("GET", QUOTE, Map.of("PAYMENT-SIGNATURE", "good"),
                null)));
        BillingResponse response = engine.after(ticket, HandlerResponse.of(200, "application/json",
                "{\"answer\":\"SECRET\"}".getBytes(StandardCharsets.UTF_8)));
        assertThat(response.status()).isEqualTo(202);
        String text = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("SECRET");
        JsonNode body = json(response.body());
        assertThat(body.get("status").asText()).isEqualTo("pending");
        assertThat(body.get("job_id").asText()).isEqualTo("job-9");
        assertThat(body.get("output_url").asText()).endsWith("/jobs/job-9/output");
        assertThat(body.has("atp_usage")).isTrue();
    }

    @Test
    void sseGetsATrailerEvent() throws Exception {
        BillingTicket ticket = proceed(engine.before(request("POST", CHAT, Map.of("PAYMENT-SIGNATURE", "good"),
                "{\"max_tokens\":5}")));
        String stream = "data: {\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}\n\n"
                + "data: {\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":2}}\n\ndata: [DONE]\n\n";
        BillingResponse response = engine.after(ticket, HandlerResponse.of(200, "text/event-stream",
                stream.getBytes(StandardCharsets.UTF_8)));
        String text = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(text).startsWith(stream);
        assertThat(text.substring(stream.length())).startsWith("event: atp_settlement\ndata: {").endsWith("}\n\n");
        List<String> events = UsageReader.eventData(text);
        JsonNode trailer = BillingWire.mapper().readTree(events.getLast());
        assertThat(trailer.at("/atp_usage/total_tokens").asLong()).isEqualTo(12);
        assertThat(trailer.at("/atp_settlement/status").asText()).isEqualTo("paid");
        assertThat(response.header("PAYMENT-RESPONSE")).isEqualTo("UEFJRA==");
        // 10 × 2.5 / 1e6 + 2 × 10 / 1e6
        assertThat(gateway.settled.getFirst().usd()).isEqualByComparingTo("0.000045");
    }

    @Test
    void nonObjectBodiesStayUnchangedWithTheSettlementInAHeader() throws Exception {
        gateway.settleWith = r -> new SettleResult.Paid(InMemoryBillingGateway.json("{\"status\":\"paid\","
                + "\"payment_response\":null,\"atp_settlement\":{\"status\":\"paid\",\"job_id\":\"j\"}}"));
        BillingTicket ticket = proceed(engine.before(request("GET", QUOTE, Map.of("SIGN-IN-WITH-X", "good"), null)));
        BillingResponse response = engine.after(ticket, HandlerResponse.of(200, "application/json",
                "[1,2,3]".getBytes(StandardCharsets.UTF_8)));
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("[1,2,3]");
        assertThat(response.header("PAYMENT-RESPONSE")).isNull();
        JsonNode settlement = json(Base64.getDecoder().decode(response.header("X-ATP-Settlement")));
        assertThat(settlement.get("job_id").asText()).isEqualTo("j");
    }

    @Test
    void encodedSlashBypassIsRefusedAndMalformedPathsToo() throws Exception {
        BillingResponse encoded = ((BillingDecision.Respond) engine.before(request("GET", "/v1%2Fquote", Map.of(),
                null))).response();
        assertThat(encoded.status()).isEqualTo(400);
        assertThat(json(encoded.body()).at("/error/code").asText()).isEqualTo("invalid_path");
        BillingResponse malformed = ((BillingDecision.Respond) engine.before(request("GET", "/v1/%zz", Map.of(),
                null))).response();
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(engine.before(request("GET", "/files/a%2Fb", Map.of(), null))).as("unbilled encoded slash passes")
                .isInstanceOf(BillingDecision.Pass.class);
        assertThat(gateway.offered).isEmpty();
    }

    @Test
    void privateKeyHeaderIsReadOnlyWhenEnabled() {
        BillingDecision disabled = engine.before(request("GET", QUOTE, Map.of("x-wallet-private-key", "good-key"),
                null));
        assertThat(disabled).as("header ignored: 402").isInstanceOf(BillingDecision.Respond.class);
        assertThat(gateway.authorized).isEmpty();

        BillingEngine enabled = new BillingEngine(engine.config().withPrivateKeyHeader(
                new PrivateKeyHeader(true, null)), gateway);
        BillingTicket ticket = proceed(enabled.before(request("GET", QUOTE, Map.of("X-Wallet-Private-Key",
                "good-key"), null)));
        assertThat(ticket.toString()).doesNotContain("good-key");
        assertThat(gateway.authorized.getFirst().toString()).doesNotContain("good-key");
        enabled.after(ticket, HandlerResponse.of(200, "application/json", "{}".getBytes(StandardCharsets.UTF_8)));
        SettleRequest settle = gateway.settled.getFirst();
        assertThat(settle.credential()).isEqualTo(new Credential.PrivateKey("good-key", null, null));
        assertThat(settle.toString()).doesNotContain("good-key");
        assertThat(ticket.takeCredential()).as("dropped after the call").isNull();
    }

    @Test
    void gatewayDownIs502BeforeTheHandler() throws Exception {
        gateway.down = true;
        BillingResponse response = ((BillingDecision.Respond) engine.before(request("GET", QUOTE, Map.of(), null)))
                .response();
        assertThat(response.status()).isEqualTo(502);
        assertThat(json(response.body()).at("/error/code").asText()).isEqualTo("billing_unavailable");
    }

    @Test
    void optionsIsNotBilledUnlessTheRuleSaysSo() {
        assertThat(engine.before(request("OPTIONS", QUOTE, Map.of(), null))).isInstanceOf(BillingDecision.Pass.class);
        assertThat(engine.before(request("DELETE", QUOTE, Map.of(), null)))
                .as("no method in the rule: other methods are billed").isInstanceOf(BillingDecision.Respond.class);
    }

    @Test
    void oversizedCredentialIsRefusedWithoutCallingTheGateway() throws Exception {
        String huge = "good" + "x".repeat(BillingEngine.MAX_CREDENTIAL_CHARS);
        BillingResponse response = ((BillingDecision.Respond) engine.before(request("GET", QUOTE,
                Map.of("PAYMENT-SIGNATURE", huge), null))).response();
        assertThat(response.status()).isEqualTo(400);
        assertThat(json(response.body()).at("/error/code").asText()).isEqualTo("invalid_credential");
        assertThat(gateway.authorized).isEmpty();
    }

    @Test
    void abandonReleasesOnce() {
        BillingTicket ticket = proceed(engine.before(request("GET", QUOTE, Map.of("PAYMENT-SIGNATURE", "good"),
                null)));
        engine.abandon(ticket);
        engine.abandon(ticket);
        assertThat(gateway.released).hasSize(1);
    }

    @Test
    void publicUrlOverridesTheHostHeader() {
        BillingEngine behindProxy = new BillingEngine(engine.config().withPublicUrl(URI.create("https://api.example/")),
                gateway);
        behindProxy.before(request("GET", QUOTE, Map.of(), null));
        assertThat(gateway.offered.getFirst().resource().url()).isEqualTo("https://api.example/v1/quote");
    }
}
