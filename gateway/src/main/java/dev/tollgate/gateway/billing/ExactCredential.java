package dev.tollgate.gateway.billing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.chain.RailUnavailableException;
import dev.tollgate.chain.x402.ExactPayment;
import dev.tollgate.chain.x402.ExactRefusedException;
import dev.tollgate.chain.x402.ExactRequirement;
import dev.tollgate.chain.x402.ExactScheme;
import dev.tollgate.gateway.api.JsonBodies;
import dev.tollgate.gateway.x402.X402Headers;
import dev.tollgate.gateway.x402.X402JobPayments;
import dev.tollgate.gateway.x402.X402OffersForJobs;
import dev.tollgate.lockbox.BillingAuthorization;
import dev.tollgate.lockbox.Job;
import dev.tollgate.lockbox.Lockbox;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * x402 v2 {@code exact} (fixed prices, USDC on every rail whose {@code ExactScheme} takes it): the offer is the
 * requirement the job will have, under a fresh job id ({@code extra.tollgateJobId}); authorize matches the client's
 * {@code accepted} against that offer re-derived from the terms, verifies the payload against our copy (nothing is
 * sent) and reserves it by its payment key; settle locks the job under that id with the same amounts and pays it
 * through the trade path's x402 settlement ({@link X402JobPayments}), exactly once.
 */
@Singleton
class ExactCredential implements BillingCredential {
    static final String KIND = "exact";
    private static final String HEADER = "header";

    private final X402OffersForJobs offers;
    private final X402JobPayments payments;
    private final Lockbox lockbox;
    private final BillingPrices prices;
    private final JsonBodies json;

    ExactCredential(X402OffersForJobs offers, X402JobPayments payments, Lockbox lockbox, BillingPrices prices,
                    JsonBodies json) {
        this.offers = offers;
        this.payments = payments;
        this.lockbox = lockbox;
        this.prices = prices;
        this.json = json;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public boolean accepts(PresentedCredential credential) {
        return PresentedCredential.X402.equals(credential.type())
                && credential.x402Scheme().map(ExactRequirement.SCHEME::equals).orElse(false);
    }

    @Override
    public OfferPart offers(BillingTerms terms) {
        if (!(terms.price() instanceof BillingTerms.Fixed fixed)) {
            return OfferPart.NONE;
        }
        List<Map<String, Object>> accepts = new ArrayList<>();
        for (BillingTerms.Rail rail : terms.rails()) {
            if (rail.binding().rail().exactScheme().isEmpty() || rail.asset().isNative()) {
                continue;
            }
            requirement(terms, rail, fixed, UUID.randomUUID())
                    .ifPresent(r -> accepts.add(X402OffersForJobs.render(r)));
        }
        return OfferPart.accepts(accepts);
    }

    private Optional<ExactRequirement> requirement(BillingTerms terms, BillingTerms.Rail rail,
                                                   BillingTerms.Fixed fixed, UUID jobId) {
        BigInteger units = prices.units(rail.asset(), fixed.usd());
        return offers.requirement(rail.binding(), BillingIntents.intent(jobId, rail, null,
                BillingPrices.split(units, terms.feeBps())));
    }

    @Override
    public Reservation authorize(BillingTerms terms, BigDecimal estimateUsd, PresentedCredential credential) {
        if (!(terms.price() instanceof BillingTerms.Fixed fixed)) {
            throw BillingRefusal.paymentRefused("unsupported_scheme", "exact pays fixed prices only; a usage price"
                    + " is paid with upto or an allowance.");
        }
        Map<String, Object> payment = credential.x402();
        if (!(payment.get("accepted") instanceof Map<?, ?> accepted) || !(payment.get("payload") instanceof Map<?, ?> p)
                || !Integer.valueOf(2).equals(smallInt(payment.get("x402Version")))) {
            throw BillingRefusal.paymentRefused("invalid_payload", "The payment is not an x402 v2 PaymentPayload"
                    + " with accepted and payload.");
        }
        UUID jobId = AcceptedOffer.jobReference(accepted).orElseThrow(() -> BillingRefusal.paymentRefused(
                "invalid_payload", "accepted.extra." + X402OffersForJobs.JOB_REFERENCE
                        + " must be the id of one of our offers."));
        BillingTerms.Rail rail = AcceptedOffer.railOf(terms, accepted, r -> r.exactScheme().map(s -> s.caip2()))
                .orElseThrow(() -> BillingRefusal.paymentRefused("invalid_payment_requirements", "accepted names no rail of these terms."));
        ExactRequirement ours = requirement(terms, rail, fixed, jobId).orElseThrow(() ->
                BillingRefusal.paymentRefused("invalid_payment_requirements", "accepted names no offer of these terms."));
        if (!X402OffersForJobs.matches(ours, accepted)) {
            throw BillingRefusal.paymentRefused("invalid_payment_requirements",
                    "accepted is not our offer for these terms (x402: every field equal, extra a superset of ours).");
        }
        if (lockbox.find(jobId).isPresent()) {
            throw BillingRefusal.payment("payment_already_used", "This payment's offer was already settled.");
        }
        ExactScheme scheme = rail.binding().rail().exactScheme().orElseThrow();
        ExactPayment verified;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> payload = (Map<String, Object>) p;
            verified = scheme.verify(ours, payload);
        } catch (ExactRefusedException e) {
            throw BillingRefusal.paymentRefused(e.reason(), "The payment does not pay these terms (" + e.reason() + ").");
        } catch (RailUnavailableException e) {
            throw BillingRefusal.railUnavailable(rail.network());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(HEADER, credential.header());
        return new Reservation(rail.network(), rail.asset().symbol(),
                rail.binding().rail().canonicalAddress(verified.payer()), verified.paymentKey(), ours.amount(), jobId,
                details, null);
    }

    /** What was signed: the job is created for exactly the authorised amount. */
    @Override
    public BigInteger charge(BillingAuthorization authorization, BillingTerms terms, BigInteger pricedUnits) {
        return authorization.units();
    }

    @Override
    public Settled settle(BillingAuthorization authorization, BillingTerms terms, Job job,
                          PresentedCredential credential) {
        String header = json.readTree(authorization.detailsJson()).path("credential").path(HEADER).asText(null);
        if (header == null) {
            throw new IllegalStateException("authorization " + authorization.id() + " holds no payment");
        }
        // the trade path's x402 settlement, as if the payer had sent the payment to the job's output URL
        HttpRequest<?> request = HttpRequest.POST("http://localhost/v1/agent/jobs/" + job.id() + "/output", "")
                .header("Host", "localhost")
                .header(X402Headers.PAYMENT_SIGNATURE, header);
        HttpResponse<?> answer = payments.pay(job, request);
        String paymentResponse = answer.getHeaders().get(X402Headers.PAYMENT_RESPONSE);
        JsonNode settle = paymentResponse == null ? null : decode(paymentResponse);
        Job now = lockbox.find(job.id()).orElse(job);
        if (answer.getStatus() == HttpStatus.OK && settle != null && settle.path("success").asBoolean(false)) {
            return new Settled.Paid(now, settle.path("transaction").asText(now.txId()), paymentResponse);
        }
        if (settle != null && "settlement_pending".equals(settle.path("errorReason").asText())) {
            return new Settled.Pending(now, settle.path("transaction").asText(null), paymentResponse);
        }
        JsonNode error = answer.getBody(String.class).map(json::readTree).orElse(json.mapper().createObjectNode())
                .path("error");
        String code = error.path("code").asText("payment_failed");
        String reason = settle != null && settle.hasNonNull("errorReason") ? settle.path("errorReason").asText()
                : error.path("reason").asText(code);
        return new Settled.Failed(code, reason, error.path("message").asText("The settlement failed."),
                paymentResponse);
    }

    private JsonNode decode(String header) {
        return X402Headers.decode(header).map(m -> (JsonNode) json.mapper().valueToTree(m)).orElse(null);
    }

    private static Integer smallInt(Object value) {
        if (value instanceof Number n && new BigDecimal(n.toString()).compareTo(BigDecimal.valueOf(1000)) < 0) {
            return n.intValue();
        }
        return null;
    }
}
