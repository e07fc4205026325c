package dev.tollgate.gateway.billing;

import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.pricing.FeeSplit;
import java.util.UUID;

/**
 * The payment a billed request's job will ask for, before the job exists: the same intent
 * {@code JobIntents.intent(job, rail)} derives once the job is locked under {@code jobId} with these amounts and
 * addresses (memo {@code ATP:<job id>}), so an offer made now matches the job later.
 */
public final class BillingIntents {
    private BillingIntents() {
    }

    /** @param payer the payer when known, else null */
    public static PaymentIntent intent(UUID jobId, BillingTerms.Rail rail, String payer, FeeSplit split) {
        String id = jobId.toString();
        return new PaymentIntent(id, rail.binding().rail().network(), rail.asset(), payer, rail.payTo(),
                rail.feeRecipient(), split.net(), split.fee(), PaymentIntent.atpMemo(id));
    }
}
