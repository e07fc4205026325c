package dev.tollgate.gateway.core;

import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.lockbox.Job;

/** Where one look at a broadcast payment left its job. */
sealed interface PaymentOutcome {
    /** Paid and released: the job and its unsealed output (handed over only to a proven payer). */
    record Released(Job job, byte[] output) implements PaymentOutcome {
    }

    /** Definitively not paid; the job is settleable again (or, if expired, stays so). */
    record Failed(Refusal refusal) implements PaymentOutcome {
    }

    /** Not decided yet; the job stays SETTLING with its transaction recorded. */
    record Pending(PaymentCheck check) implements PaymentOutcome {
    }
}
