package dev.tollgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.client.BilledResponse;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the filter section counts as a paid request, and how it names the rest. */
class FilterPaidAnswerTest {
    private static final String PAID_JSON = "{\"quote\":\"q\",\"atp_settlement\":{\"status\":\"paid\",\"job_id\":\"j\"}}";

    private static BilledResponse answer(int status, String body, Map<String, String> headers) {
        Map<String, List<String>> h = new java.util.HashMap<>();
        h.put("Content-Type", List.of("application/json"));
        headers.forEach((k, v) -> h.put(k, List.of(v)));
        return new BilledResponse(status, HttpHeaders.of(h, (a, b) -> true), body.getBytes(StandardCharsets.UTF_8));
    }

    private static String paymentResponse(boolean success) {
        return Base64.getEncoder().encodeToString(("{\"success\":" + success + ",\"transaction\":\"0xab\"}")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anAllowancePaymentIsPaidWithItsSettlementInTheBody() {
        assertThat(FilterScenario.paidWithSettlement(answer(200, PAID_JSON, Map.of()), false)).isTrue();
    }

    @Test
    void anX402PaymentAlsoNeedsASuccessfulPaymentResponse() {
        assertThat(FilterScenario.paidWithSettlement(answer(200, PAID_JSON, Map.of()), true)).isFalse();
        assertThat(FilterScenario.paidWithSettlement(
                answer(200, PAID_JSON, Map.of("PAYMENT-RESPONSE", paymentResponse(false))), true)).isFalse();
        assertThat(FilterScenario.paidWithSettlement(
                answer(200, PAID_JSON, Map.of("PAYMENT-RESPONSE", paymentResponse(true))), true)).isTrue();
    }

    @Test
    void pendingRefusedAndUnsettledAnswersAreFailuresNamedByStatusAndCode() {
        BilledResponse pending = answer(202, "{\"status\":\"pending\",\"job_id\":\"j\",\"output_url\":\"http://h/o\"}",
                Map.of());
        BilledResponse refused = answer(402, "{\"error\":{\"code\":\"allowance_insufficient\"}}", Map.of());
        BilledResponse failed = answer(402, "{\"atp_settlement\":{\"status\":\"failed\",\"job_id\":\"j\"}}", Map.of());
        BilledResponse unsettled = answer(200, "{\"quote\":\"q\"}", Map.of());

        for (BilledResponse r : List.of(pending, refused, failed, unsettled)) {
            assertThat(FilterScenario.paidWithSettlement(r, false)).as(r.text()).isFalse();
        }
        assertThat(FilterScenario.failureKind(pending)).isEqualTo("202 pending");
        assertThat(FilterScenario.failureKind(refused)).isEqualTo("402 allowance_insufficient");
        assertThat(FilterScenario.failureKind(failed)).isEqualTo("402 failed");
        assertThat(FilterScenario.failureKind(unsettled)).isEqualTo("200");
    }
}
