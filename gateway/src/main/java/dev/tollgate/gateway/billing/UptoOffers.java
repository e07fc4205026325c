package dev.tollgate.gateway.billing;

import dev.tollgate.chain.x402.ExactRequirement;
import dev.tollgate.chain.x402.UptoScheme;
import dev.tollgate.gateway.x402.X402Config;
import dev.tollgate.gateway.x402.X402OffersForJobs;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * x402 {@code upto} offers for usage-priced terms: on a rail with an {@link UptoScheme}, the requirement for the
 * price's ceiling (converted rounding up, split at the terms' fee) under a fresh job id ({@code extra.tollgateJobId}).
 * The offers list them; an upto credential re-derives the same requirement from the job id its client accepted.
 */
@Singleton
public class UptoOffers {
    private final BillingPrices prices;
    private final X402Config x402;

    UptoOffers(BillingPrices prices, X402Config x402) {
        this.prices = prices;
        this.x402 = x402;
    }

    /** The requirement for {@code terms}' ceiling on {@code rail} under {@code jobId}; empty when not offered there. */
    public Optional<ExactRequirement> requirement(BillingTerms terms, BillingTerms.Rail rail, UUID jobId) {
        Optional<UptoScheme> scheme = rail.binding().rail().uptoScheme();
        if (scheme.isEmpty() || rail.asset().isNative()) {
            return Optional.empty();
        }
        BigInteger ceiling = prices.units(rail.asset(), terms.price().maxUsd());
        try {
            ExactRequirement base = scheme.get().requirement(BillingIntents.intent(jobId, rail, null,
                    BillingPrices.split(ceiling, terms.feeBps())), x402.maxTimeoutSeconds());
            Map<String, Object> extra = new LinkedHashMap<>(base.extra());
            extra.put(X402OffersForJobs.JOB_REFERENCE, jobId.toString());
            return Optional.of(new ExactRequirement(base.network(), base.asset(), base.payTo(), base.amount(),
                    base.maxTimeoutSeconds(), extra));
        } catch (IllegalArgumentException | IllegalStateException e) {
            return Optional.empty(); // this rail's scheme does not take this asset or split
        }
    }

    /** As an {@code accepts[]} entry: x402's shape with scheme {@code upto}. */
    public static Map<String, Object> render(ExactRequirement requirement) {
        Map<String, Object> entry = new LinkedHashMap<>(X402OffersForJobs.render(requirement));
        entry.put("scheme", UptoScheme.SCHEME);
        return entry;
    }
}
