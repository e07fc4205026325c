package dev.tollgate.gateway.billing;

import dev.tollgate.chain.PaymentRail;
import dev.tollgate.gateway.x402.X402OffersForJobs;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Reading an x402 payload's {@code accepted} entry (the client's echo of one of our offers), for the credential kinds
 * that match it against the offer re-derived from the terms: which job it names and which rail of the terms it is on.
 * Only a lookup: the match itself compares with our own copy.
 */
final class AcceptedOffer {
    private AcceptedOffer() {
    }

    /** The job id in {@code extra.tollgateJobId}, when it has a UUID's form. */
    static Optional<UUID> jobReference(Map<?, ?> accepted) {
        if (accepted.get("extra") instanceof Map<?, ?> extra
                && extra.get(X402OffersForJobs.JOB_REFERENCE) instanceof String ref && ref.length() == 36) {
            try {
                return Optional.of(UUID.fromString(ref));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * The terms' token rail whose scheme ({@code caip2Of}: the rail's exact or upto scheme's advertised id, empty when
     * it has none) is {@code accepted.network}, for {@code accepted.asset}.
     */
    static Optional<BillingTerms.Rail> railOf(BillingTerms terms, Map<?, ?> accepted,
                                              Function<PaymentRail, Optional<String>> caip2Of) {
        if (!(accepted.get("network") instanceof String network) || !(accepted.get("asset") instanceof String asset)) {
            return Optional.empty();
        }
        return terms.rails().stream()
                .filter(r -> caip2Of.apply(r.binding().rail()).map(network::equals).orElse(false))
                .filter(r -> !r.asset().isNative() && r.asset().address().equalsIgnoreCase(asset))
                .findFirst();
    }
}
