package dev.tollgate.gateway.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.chain.RailUnavailableException;
import dev.tollgate.chain.x402.ExactPayment;
import dev.tollgate.chain.x402.ExactRefusedException;
import dev.tollgate.chain.x402.ExactRequirement;
import dev.tollgate.chain.x402.UptoScheme;
import dev.tollgate.gateway.api.JsonBodies;
import dev.tollgate.gateway.x402.X402OffersForJobs;
import dev.tollgate.lockbox.BillingAuthorization;
import dev.tollgate.lockbox.Job;
import dev.tollgate.lockbox.Lockbox;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * x402 v2 {@code upto} (EVM, Permit2; the stock {@code @x402/evm} {@code UptoEvmScheme}): the client authorises at most
 * the price's ceiling, and after the handler ran the gateway settles the actual amount. The offers are
 * {@link UptoOffers}' (listed by {@link BillingOffers} for usage prices, under a fresh {@code extra.tollgateJobId});
 * authorize re-derives that offer from the job id the client accepted, matches {@code accepted} against it, verifies
 * the payload against our copy ({@link UptoScheme#verify}: signature, witness, deadline, nonce, balance and Permit2
 * allowance cover the ceiling; nothing is sent) and reserves the ceiling by the payload's payment key
 * ({@code permit2:<from>:<nonce>}, so one payload authorises one request); settle pays the job (created for the actual
 * price) through {@link UptoJobSettler}, never more than the ceiling ({@code amount_exceeds_ceiling}, the output then
 * waits in the job).
 */
@Singleton
class UptoCredential implements BillingCredential {
    static final String KIND = "upto";
    static final String REQUIREMENT = "requirement";
    static final String PAYLOAD = "payload";

    private final UptoOffers offers;
    private final UptoJobSettler settler;
    private final Lockbox lockbox;
    private final JsonBodies json;

    UptoCredential(UptoOffers offers, UptoJobSettler settler, Lockbox lockbox, JsonBodies json) {
        this.offers = offers;
        this.settler = settler;
        this.lockbox = lockbox;
        this.json = json;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public boolean accepts(PresentedCredential credential) {
        return PresentedCredential.X402.equals(credential.type())
                && credential.x402Scheme().map(UptoScheme.SCHEME::equals).orElse(false);
    }

    /** {@link BillingOffers} lists the upto entries itself (one per rail with an UptoScheme, usage prices). */
    @Override
    public OfferPart offers(BillingTerms terms) {
        return OfferPart.NONE;
    }

    @Override
    public Reservation authorize(BillingTerms terms, BigDecimal estimateUsd, PresentedCredential credential) {
        Map<String, Object> payment = credential.x402();
        if (payment == null || !(payment.get("accepted") instanceof Map<?, ?> accepted)
                || !(payment.get("payload") instanceof Map<?, ?> p)
                || !(payment.get("x402Version") instanceof Integer version) || version != 2) {
            throw BillingRefusal.paymentRefused("invalid_payload", "The payment is not an x402 v2 PaymentPayload"
                    + " with accepted and payload.");
        }
        UUID jobId = AcceptedOffer.jobReference(accepted).orElseThrow(() -> BillingRefusal.paymentRefused(
                "invalid_payload", "accepted.extra." + X402OffersForJobs.JOB_REFERENCE
                        + " must be the id of one of our offers."));
        BillingTerms.Rail rail = AcceptedOffer.railOf(terms, accepted, r -> r.uptoScheme().map(s -> s.caip2()))
                .orElseThrow(() -> BillingRefusal.paymentRefused("invalid_payment_requirements", "accepted names no upto rail of these terms."));
        ExactRequirement ours = offers.requirement(terms, rail, jobId).orElseThrow(() ->
                BillingRefusal.paymentRefused("invalid_payment_requirements", "accepted names no offer of these terms."));
        if (!matches(ours, accepted)) {
            throw BillingRefusal.paymentRefused("invalid_payment_requirements",
                    "accepted is not our offer for these terms (x402: every field equal, extra a superset of ours).");
        }
        if (lockbox.find(jobId).isPresent()) {
            throw BillingRefusal.payment("payment_already_used", "This payment's offer was already settled.");
        }
        UptoScheme scheme = rail.binding().rail().uptoScheme().orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> payload = (Map<String, Object>) p;
        ExactPayment verified;
        try {
            verified = scheme.verify(ours, payload);
        } catch (ExactRefusedException e) {
            throw BillingRefusal.paymentRefused(e.reason(), "The payment does not pay these terms (" + e.reason() + ").");
        } catch (RailUnavailableException e) {
            throw BillingRefusal.railUnavailable(rail.network());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(REQUIREMENT, UptoOffers.render(ours));
        details.put(PAYLOAD, payload);
        return new Reservation(rail.network(), rail.asset().symbol(),
                rail.binding().rail().canonicalAddress(verified.payer()), verified.paymentKey(), ours.amount(), jobId,
                details, null);
    }

    /** The actual price; above the reserved ceiling the settle refuses it and the output waits in the job. */
    @Override
    public BigInteger charge(BillingAuthorization authorization, BillingTerms terms, BigInteger pricedUnits) {
        return pricedUnits;
    }

    @Override
    public Settled settle(BillingAuthorization authorization, BillingTerms terms, Job job,
                          PresentedCredential credential) {
        JsonNode details = json.readTree(authorization.detailsJson()).path("credential");
        ExactRequirement requirement = UptoJobSettler.requirement(details.path(REQUIREMENT))
                .orElseThrow(() -> new IllegalStateException("authorization " + authorization.id()
                        + " holds no upto requirement"));
        @SuppressWarnings("unchecked")
        Map<String, Object> payload = json.mapper().convertValue(details.path(PAYLOAD), Map.class);
        BillingTerms.Rail rail = terms.rail(authorization.network(), authorization.asset()).orElseThrow();
        ExactPayment payment = new ExactPayment(requirement, authorization.payer(), authorization.paymentKey(), payload);
        return settler.settle(job, rail.binding(), payment, terms.finality());
    }

    /** x402's match: every field of our entry equal in {@code accepted} (scheme upto), its extra a superset of ours. */
    boolean matches(ExactRequirement ours, Map<?, ?> accepted) {
        ObjectNode theirs = json.mapper().valueToTree(accepted);
        ObjectNode mine = json.mapper().valueToTree(UptoOffers.render(ours));
        JsonNode theirExtra = theirs.remove("extra");
        JsonNode myExtra = mine.remove("extra");
        // numbers through one parser, so 60 equals 60 however each side typed it
        if (!json.readTree(json.write(mine)).equals(json.readTree(json.write(theirs)))) {
            return false;
        }
        if (myExtra == null || myExtra.isEmpty()) {
            return true;
        }
        if (theirExtra == null || !theirExtra.isObject()) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = myExtra.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().equals(theirExtra.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

}
