package dev.tollgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class RefusalsTest {

    private static Http.Reply reply(int status, String json) throws IOException {
        JsonNode body = Http.JSON.readTree(json);
        return new Http.Reply(status, body);
    }

    @Test
    void codeIsStatusErrorCodeAndTheBroadcastReason() throws IOException {
        assertThat(Refusals.code(reply(422, "{\"error\":{\"code\":\"blockhash_expired\",\"message\":\"sign again\"}}")))
                .isEqualTo("422 blockhash_expired");
        assertThat(Refusals.code(reply(400, "{\"error\":{\"code\":\"payment_rejected\","
                + "\"message\":\"the node refused it (nonce_too_low)\"}}")))
                .isEqualTo("400 payment_rejected nonce_too_low");
        assertThat(Refusals.code(reply(502, "null"))).isEqualTo("502 ?");
    }

    @Test
    void equalCausesAddUpAndHashesAreLeftOut() {
        Refusals r = new Refusals();
        r.count("409 tx_already_used");
        r.count("409 tx_already_used");
        r.count("signing:", new IllegalStateException("nonce for 0x" + "ab".repeat(20) + " taken"));
        r.count("signing:", new IllegalStateException("nonce for 0x" + "cd".repeat(20) + " taken"));
        assertThat(r.isEmpty()).isFalse();
        assertThat(r.toString()).isEqualTo("{409 tx_already_used=2, signing: IllegalStateException: nonce for … taken=2}");
    }

    @Test
    void x402LoadLineBecomesARow() throws IOException {
        LoadResult r = X402Load.parse("x", 8, 40, "{\"paid\":38,\"failed\":2,\"seconds\":4.0,\"p50_ms\":12.5,"
                + "\"p99_ms\":80,\"max_ms\":90.25,\"statuses\":{\"200\":38,\"402\":2}}");
        assertThat(r.ok()).isEqualTo(38);
        assertThat(r.failed()).isEqualTo(2);
        assertThat(r.okPerSecond()).isEqualTo(9.5);
        assertThat(r.p50Micros()).isEqualTo(12_500);
        assertThat(r.p99Micros()).isEqualTo(80_000);
        assertThat(r.maxMicros()).isEqualTo(90_250);
    }
}
