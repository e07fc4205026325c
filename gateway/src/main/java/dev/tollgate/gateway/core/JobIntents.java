package dev.tollgate.gateway.core;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.gateway.rails.RailBinding;
import dev.tollgate.lockbox.Job;

/** The payment a locked job asks for, as the rails understand it. */
public final class JobIntents {
    private JobIntents() {
    }

    public static PaymentIntent intent(Job job, RailBinding rail) {
        ChainAsset asset = rail.asset(job.asset()).orElseThrow(() -> new IllegalStateException(
                "job " + job.id() + " is priced in " + job.asset() + ", which " + rail.alias() + " no longer offers"));
        String id = job.id().toString();
        return new PaymentIntent(id, rail.rail().network(), asset, job.payer(), job.payee(), job.feeRecipient(),
                job.netUnits(), job.feeUnits(), PaymentIntent.atpMemo(id), job.expiresAt());
    }
}
