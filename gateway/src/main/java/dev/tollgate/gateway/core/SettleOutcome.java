package dev.tollgate.gateway.core;

import dev.tollgate.chain.VerificationCode;
import dev.tollgate.lockbox.Job;

/** What a settle came to, for a front-end to render. */
public sealed interface SettleOutcome {
    /** Paid and released, and the caller proved it is the payer: hand over {@code output}. */
    record Released(Job job, byte[] output) implements SettleOutcome {
    }

    /** Paid (the job is released), but nothing proves the caller is its payer: no output. */
    record PaidProofRequired(Job job) implements SettleOutcome {
    }

    /** Broadcast but not decided within the wait; the job stays SETTLING and the reconciler finishes it. */
    record Pending(Job job, String txId, VerificationCode verification) implements SettleOutcome {
    }

    record Refused(Refusal refusal) implements SettleOutcome {
    }
}
