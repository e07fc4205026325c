package dev.tollgate.gateway.core;

import dev.tollgate.lockbox.Job;

/**
 * A front-end whose settlements the rail's plain {@code checkPayment} cannot judge (x402's exact scheme pays a
 * vault or a settlement wallet, not the job's treasuries with its memo): the reconciler hands it each SETTLING job
 * first, so such a payment is never declared failed by the wrong check.
 */
public interface ExactReconciliation {
    /** Looks at {@code job}'s recorded settlement once if it is this front-end's; true when it was (handled). */
    boolean reconcile(Job job);
}
