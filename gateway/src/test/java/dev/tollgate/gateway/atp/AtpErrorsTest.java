package dev.tollgate.gateway.atp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.gateway.core.Code;
import dev.tollgate.gateway.core.Refusal;
import io.micronaut.http.HttpStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every code of the core's catalogue has an ATP answer, and ATP's own wording wins where ATP has one. */
class AtpErrorsTest {

    @Test
    void everyCodeMapsToAnErrorStatus() {
        for (Code code : Code.values()) {
            assertThat((Object) AtpErrors.status(code)).as(code.name()).isNotNull();
            assertThat(AtpErrors.status(code).getCode()).as(code.name()).isBetween(400, 599);
        }
    }

    @Test
    void atpClientsReadAtpsMessagesAndTheFactsStay() {
        Refusal refusal = new Refusal(Code.JOB_NOT_FOUND, "core wording", Map.of("tx_signature", "abc"));
        Map<String, Object> body = AtpErrors.body(refusal);
        assertThat(body.get("detail")).isEqualTo("Trade session expired or invalid. Jobs expire after the TTL period.");
        @SuppressWarnings("unchecked")
        Map<String, Object> error = (Map<String, Object>) body.get("error");
        assertThat(error).containsEntry("code", "job_not_found").containsEntry("tx_signature", "abc");
        assertThat((Object) AtpErrors.status(Code.UPSTREAM_TIMEOUT)).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
        assertThat(AtpErrors.message(new Refusal(Code.PAYMENT_LATE, "landed late"))).isEqualTo("landed late");
    }
}
