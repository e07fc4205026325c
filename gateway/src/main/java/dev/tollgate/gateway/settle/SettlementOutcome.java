package dev.tollgate.gateway.settle;

import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.gateway.api.ApiException;
import dev.tollgate.lockbox.Job;

/** Where one look at a broadcast payment left its job. */
sealed interface SettlementOutcome {
    /** Paid and released: the job and its unsealed output (handed over only to a proven payer). */
    record Released(Job job, byte[] output) implements SettlementOutcome {
    }

    /** Definitively not paid; the job is settleable again (or, if expired, stays so). */
    record Failed(ApiException error) implements SettlementOutcome {
    }

    /** Not decided yet; the job stays SETTLING with its transaction recorded. */
    record Pending(PaymentCheck check) implements SettlementOutcome {
    }
}
