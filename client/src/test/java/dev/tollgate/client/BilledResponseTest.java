package dev.tollgate.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reading a billed endpoint's answers exactly as BILLING-DESIGN.md fixes them: a paid JSON body, an SSE stream with
 * its {@code atp_settlement} trailer, a non-JSON body with {@code X-ATP-Settlement}, x402's {@code PAYMENT-RESPONSE},
 * a 202 pending answer, and the 402 (header and body, allowances, refusal reasons, a withheld output). No I/O.
 */
class BilledResponseTest {
    private static final String SETTLEMENT = "{\"status\":\"paid\",\"transaction_signature\":\"5xYz\",\"job_id\":"
            + "\"3f1c\",\"network\":\"solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1\",\"asset\":\"USDC\",\"pricing\":{"
            + "\"usd_cost\":\"0.000135\",\"input_tokens\":10,\"output_tokens\":11,\"total_tokens\":21,"
            + "\"source\":\"tollgate_billing\"},\"payment\":{\"total_amount_units\":\"135\"}}";
    private static final String USAGE = "{\"input_tokens\":10,\"output_tokens\":11,\"total_tokens\":21}";

    private static HttpHeaders headers(Map<String, String> h) {
        return HttpHeaders.of(h.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                e -> List.of(e.getValue()))), (a, b) -> true);
    }

    private static BilledResponse response(int status, Map<String, String> h, String body) {
        return new BilledResponse(status, headers(h), body.getBytes(StandardCharsets.UTF_8));
    }

    private static String b64(String json) {
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aPaidJsonBodyCarriesUsageAndSettlement() {
        BilledResponse r = response(200, Map.of("Content-Type", "application/json"),
                "{\"choices\":[{\"message\":{\"content\":\"hi\"}}],\"atp_usage\":" + USAGE + ",\"atp_settlement\":"
                        + SETTLEMENT + "}");

        assertThat(r.paid()).isTrue();
        assertThat(r.usage().orElseThrow().path("total_tokens").asInt()).isEqualTo(21);
        assertThat(r.settlement().orElseThrow().path("transaction_signature").asText()).isEqualTo("5xYz");
        assertThat(r.json().orElseThrow().path("choices").path(0).path("message").path("content").asText()).isEqualTo("hi");
        assertThat(r.pending()).isEmpty();
        assertThat(r.challenge()).isEmpty();
    }

    @Test
    void anEventStreamEndsWithTheSettlementTrailer() {
        String sse = "data: {\"choices\":[{\"delta\":{\"content\":\"h\"}}]}\n\n"
                + ": keep-alive\n\n"
                + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":11}}\n\n"
                + "data: [DONE]\n\n"
                + "event: atp_settlement\r\ndata: {\"atp_usage\":" + USAGE + ",\"atp_settlement\":" + SETTLEMENT + "}\r\n\r\n";
        BilledResponse r = response(200, Map.of("Content-Type", "text/event-stream; charset=utf-8"), sse);

        assertThat(r.events()).hasSize(4);
        assertThat(r.handlerEvents()).extracting(BilledResponse.SseEvent::data).containsExactly(
                "{\"choices\":[{\"delta\":{\"content\":\"h\"}}]}",
                "{\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":11}}", "[DONE]");
        assertThat(r.usage().orElseThrow().path("output_tokens").asInt()).isEqualTo(11);
        assertThat(r.settlement().orElseThrow().path("status").asText()).isEqualTo("paid");
        assertThat(r.paid()).isTrue();
    }

    @Test
    void anEventStreamWithoutTheTrailerIsNotPaid() {
        BilledResponse r = response(200, Map.of("Content-Type", "text/event-stream"), "data: {\"x\":1}\n\n");
        assertThat(r.settlement()).isEmpty();
        assertThat(r.paid()).isFalse();
    }

    @Test
    void otherBodiesCarryTheSettlementInAHeader() {
        BilledResponse text = response(200, Map.of("Content-Type", "text/plain", "X-ATP-Settlement", b64(SETTLEMENT)),
                "plain answer");
        BilledResponse array = response(200, Map.of("Content-Type", "application/json",
                "X-ATP-Settlement", b64(SETTLEMENT)), "[1,2,3]");

        assertThat(text.paid()).isTrue();
        assertThat(text.text()).isEqualTo("plain answer");
        assertThat(array.settlement().orElseThrow().path("job_id").asText()).isEqualTo("3f1c");
        assertThat(response(200, Map.of("X-ATP-Settlement", "%%%not base64"), "x").settlement()).isEmpty();
    }

    @Test
    void anX402PaymentIsConfirmedByPaymentResponse() {
        BilledResponse r = response(200, Map.of("Content-Type", "application/json", "PAYMENT-RESPONSE",
                b64("{\"success\":true,\"transaction\":\"0xabc\",\"network\":\"eip155:137\",\"payer\":\"0x1\"}")),
                "{\"quote\":42}");

        assertThat(r.paymentResponse().orElseThrow().path("transaction").asText()).isEqualTo("0xabc");
        assertThat(r.paid()).isTrue();
        assertThat(response(200, Map.of(), "{\"quote\":42}").paid()).as("no proof of payment").isFalse();
    }

    @Test
    void aPendingPaymentNamesWhereTheOutputWaits() {
        BilledResponse r = response(202, Map.of("Content-Type", "application/json"), "{\"status\":\"pending\","
                + "\"job_id\":\"3f1c\",\"output_url\":\"http://127.0.0.1:8080/v1/agent/jobs/3f1c/output\",\"atp_usage\":"
                + USAGE + "}");

        BilledResponse.Pending pending = r.pending().orElseThrow();
        assertThat(pending.jobId()).isEqualTo("3f1c");
        assertThat(pending.outputUrl()).isEqualTo(URI.create("http://127.0.0.1:8080/v1/agent/jobs/3f1c/output"));
        assertThat(pending.usage().path("total_tokens").asInt()).isEqualTo(21);
        assertThat(r.paid()).isFalse();
    }

    @Test
    void the402NamesWhatToPayInItsHeaderAndBody() {
        String required = "{\"x402Version\":2,\"error\":\"payment_required\",\"resource\":{\"url\":"
                + "\"http://h:1/v1/chat\"},\"accepts\":[{\"scheme\":\"upto\",\"network\":\"eip155:137\",\"amount\":"
                + "\"50000\",\"asset\":\"0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359\",\"payTo\":\"0x1\","
                + "\"maxTimeoutSeconds\":60}],\"extensions\":{\"sign-in-with-x\":{\"info\":{\"domain\":\"h:1\","
                + "\"uri\":\"http://h:1/v1/chat\",\"nonce\":\"abcdefgh12\",\"issuedAt\":\"2030-01-01T00:00:00Z\"}}}}";
        String body = "{\"error\":{\"code\":\"payment_required\",\"message\":\"pay\"},\"detail\":\"pay\","
                + "\"x402Version\":2,\"accepts\":[],\"allowances\":["
                + "{\"network\":\"eip155:137\",\"asset\":\"USDC\",\"asset_address\":"
                + "\"0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359\",\"spender\":\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\","
                + "\"decimals\":6},"
                + "{\"network\":\"solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1\",\"asset\":\"USDC\",\"asset_address\":"
                + "\"4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU\",\"spender\":\"9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin\","
                + "\"decimals\":6},"
                + "{\"network\":\"eip155:137\",\"asset\":\"USDC\",\"asset_address\":\"0xnot\",\"spender\":\"0x1\",\"decimals\":6}]}";
        BilledResponse r = response(402, Map.of("Content-Type", "application/json", "PAYMENT-REQUIRED", b64(required)), body);

        BillingChallenge c = r.challenge().orElseThrow();
        assertThat(c.code()).isEqualTo("payment_required");
        assertThat(c.reason()).isEqualTo("payment_required");
        assertThat(c.accepts()).hasSize(1); // from the header, not the body's empty list
        assertThat(c.accept("upto", "eip155:137")).isPresent();
        assertThat(c.accept("exact", "eip155:137")).isEmpty();
        assertThat(c.allowances()).as("the malformed entry is dropped").hasSize(2);
        AllowanceOffer polygon = c.allowance("eip155:137", "USDC").orElseThrow();
        assertThat(polygon.spender()).isEqualTo("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
        assertThat(c.allowance("solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1", null).orElseThrow().isEvm()).isFalse();
        assertThat(c.priceUnits("eip155:137", polygon.assetAddress().toLowerCase())).contains(BigInteger.valueOf(50_000));
        assertThat(c.priceUnits("solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1", "4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU"))
                .isEmpty();
        assertThat(c.signInWithXInfo().orElseThrow().path("domain").asText()).isEqualTo("h:1");
    }

    @Test
    void aRefusedCredentialOrAFailedPaymentSaysWhy() {
        BilledResponse refused = response(402, Map.of("Content-Type", "application/json"),
                "{\"error\":{\"code\":\"payment_failed\",\"message\":\"no\"},\"detail\":\"no\",\"reason\":"
                        + "\"allowance_insufficient\",\"allowances\":[]}");
        BilledResponse failed = response(402, Map.of("Content-Type", "application/json"),
                "{\"error\":{\"code\":\"payment_failed\",\"message\":\"the charge failed\"},\"detail\":\"x\","
                        + "\"atp_settlement\":{\"status\":\"failed\",\"reason\":\"balance_insufficient\",\"job_id\":\"j1\"},"
                        + "\"atp_usage\":" + USAGE + "}");

        assertThat(refused.challenge().orElseThrow().reason()).isEqualTo("allowance_insufficient");
        BillingChallenge c = failed.challenge().orElseThrow();
        assertThat(c.reason()).isEqualTo("balance_insufficient");
        assertThat(c.message()).isEqualTo("the charge failed");
        assertThat(c.failedSettlement().orElseThrow().path("job_id").asText()).isEqualTo("j1");
        assertThat(failed.paid()).isFalse();
        JsonNode usage = failed.usage().orElseThrow();
        assertThat(usage.path("input_tokens").asInt()).isEqualTo(10);
    }

    @Test
    void a402WithoutJsonIsStillAChallenge() {
        BilledResponse r = response(402, Map.of("Content-Type", "text/html"), "<html>pay</html>");
        BillingChallenge c = r.challenge().orElseThrow();
        assertThat(c.allowances()).isEmpty();
        assertThat(c.accepts()).isEmpty();
        assertThat(c.code()).isEmpty();
    }
}
