package dev.tollgate.gateway.settle;

import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.gateway.api.ApiException;
import java.util.Map;

/** Where one look at a broadcast payment left its job. */
sealed interface SettlementOutcome {
    /** Paid and released: the 200 body. */
    record Released(Map<String, Object> response) implements SettlementOutcome {
    }

    /** Definitively not paid; the job is settleable again. */
    record Failed(ApiException error) implements SettlementOutcome {
    }

    /** Not decided yet; the job stays SETTLING with its transaction recorded. */
    record Pending(PaymentCheck check) implements SettlementOutcome {
    }
}
