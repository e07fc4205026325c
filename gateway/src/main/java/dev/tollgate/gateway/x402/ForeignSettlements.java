package dev.tollgate.gateway.x402;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.RailUnavailableException;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.x402.ExactPayment;
import dev.tollgate.chain.x402.ExactRefusedException;
import dev.tollgate.chain.x402.ExactRequirement;
import dev.tollgate.chain.x402.ExactScheme;
import dev.tollgate.gateway.core.PollPause;
import dev.tollgate.gateway.api.JsonBodies;
import dev.tollgate.gateway.config.GatewayConfig;
import dev.tollgate.gateway.rails.PaymentRails;
import dev.tollgate.gateway.rails.RailBinding;
import dev.tollgate.lockbox.X402Payment;
import dev.tollgate.lockbox.X402Payments;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The facilitator's work behind {@link FacilitatorController}: reading a request into a requirement one of our rails
 * settles, verifying, and settling exactly once per payment key (PostgreSQL, shared with the job path), with the
 * payment-identifier honoured, {@code settlement_pending} instead of a timeout, and the reconciler's look. The
 * settlement pays {@code payTo} exactly as the client signed it: no fee split applies to a price we did not set.
 */
@Singleton
class ForeignSettlements {
    private static final Logger LOG = LoggerFactory.getLogger(ForeignSettlements.class);

    private final PaymentRails rails;
    private final X402Payments payments;
    private final GatewayConfig config;
    private final JsonBodies json;

    ForeignSettlements(PaymentRails rails, X402Payments payments, GatewayConfig config, JsonBodies json) {
        this.rails = rails;
        this.payments = payments;
        this.config = config;
        this.json = json;
    }

    /** A request body read and matched: the rail's scheme, the requirement, the client's payment. */
    record Call(ExactScheme scheme, ExactRequirement requirement, PaymentHeader payment) { }

    /** A request that cannot be served; {@code reason} is x402's string. */
    static final class Invalid extends RuntimeException {
        final String reason;
        final String network;

        Invalid(String reason, String network) {
            super(reason, null, false, false);
            this.reason = reason;
            this.network = network;
        }
    }

    /** The same payment-identifier already names another payload: 409, nothing done. */
    static final class IdentifierConflict extends RuntimeException {
        IdentifierConflict() {
            super("payment-identifier conflict", null, false, false);
        }
    }

    /** GET /supported's body. */
    Map<String, Object> supported() {
        List<Map<String, Object>> kinds = new ArrayList<>();
        Map<String, List<String>> signers = new LinkedHashMap<>();
        for (RailBinding rail : rails.all()) {
            rail.rail().exactScheme().ifPresent(scheme -> {
                Map<String, Object> kind = new LinkedHashMap<>();
                kind.put("x402Version", 2);
                kind.put("scheme", ExactRequirement.SCHEME);
                kind.put("network", scheme.caip2());
                if (!scheme.supportedExtra().isEmpty()) {
                    kind.put("extra", scheme.supportedExtra());
                }
                kinds.add(kind);
                String family = scheme.caip2().substring(0, scheme.caip2().indexOf(':')) + ":*";
                List<String> list = signers.computeIfAbsent(family, f -> new ArrayList<>());
                scheme.signers().stream().filter(s -> !list.contains(s)).forEach(list::add);
            });
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kinds", kinds);
        body.put("extensions", List.of(X402OffersForJobs.PAYMENT_IDENTIFIER));
        body.put("signers", signers);
        return body;
    }

    /** POST /verify's answer for a readable call. */
    Map<String, Object> verify(Call call) {
        try {
            ExactPayment payment = call.scheme().verify(call.requirement(), call.payment().payload());
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("isValid", true);
            r.put("payer", payment.payer());
            return r;
        } catch (ExactRefusedException e) {
            return invalid(e.reason(), null);
        }
    }

    /** POST /settle's SettleResponse for a readable call. */
    Map<String, Object> settle(Call call) {
        ExactRequirement requirement = call.requirement();
        PaymentHeader header = call.payment();
        String network = requirement.network();
        if (header.paymentId() != null) {
            Optional<String> bound = payments.payloadOfId(header.paymentId());
            if (bound.isPresent() && !bound.get().equals(header.payloadHash())) {
                throw new IdentifierConflict();
            }
        }
        Optional<X402Payment> known = payments.findByPayload(network, header.payloadHash());
        if (known.isPresent()) {
            return resume(known.get(), call);
        }
        ExactPayment payment;
        try {
            payment = call.scheme().verifyForSettle(requirement, header.payload()); // prepareTransfer simulates
        } catch (ExactRefusedException e) {
            Optional<X402Payment> raced = payments.findByPayload(network, header.payloadHash());
            if (raced.isPresent()) {
                return resume(raced.get(), call); // a concurrent settle of the same payload spent its nonce
            }
            return X402Answers.settleResponse(false, e.reason(), "", network, null);
        }
        if (!payments.claim(network, payment.paymentKey(), header.payloadHash(), null, payment.payer(),
                PaymentHeader.json(WireRequirements.render(requirement)), PaymentHeader.json(header.payload()))) {
            Optional<X402Payment> other = payments.findByPayload(network, header.payloadHash());
            return other.isPresent() ? resume(other.get(), call)
                    : X402Answers.settleResponse(false, "payment_already_used", "", network, payment.payer());
        }
        if (header.paymentId() != null && !payments.bindPaymentId(header.paymentId(), header.payloadHash())
                .equals(header.payloadHash())) {
            payments.forget(network, payment.paymentKey(), null);
            throw new IdentifierConflict();
        }
        SignedPayment signed;
        try {
            signed = call.scheme().prepareTransfer(payment);
        } catch (ExactRefusedException e) {
            payments.forget(network, payment.paymentKey(), null);
            return X402Answers.settleResponse(false, e.reason(), "", network, payment.payer());
        } catch (RuntimeException e) {
            payments.forget(network, payment.paymentKey(), null);
            throw e;
        }
        if (!payments.markSent(network, payment.paymentKey(), signed.txId(), signed.validUntil())) {
            return X402Answers.settleResponse(false, "settlement_in_progress", "", network, payment.payer());
        }
        try {
            call.scheme().submit(signed);
        } catch (PaymentRejectedException e) {
            payments.forget(network, payment.paymentKey(), signed.txId());
            return X402Answers.settleResponse(false, e.reason().name().toLowerCase(Locale.ROOT), "", network,
                    payment.payer());
        } catch (RailUnavailableException e) {
            return pending(payment, signed.txId());
        }
        LOG.info("x402 facilitator payment {} on {} sent as {}", payment.paymentKey(), network, signed.txId());
        return follow(call.scheme(), payment, signed.txId(), signed.validUntil());
    }

    private Map<String, Object> resume(X402Payment known, Call call) {
        if (known.jobId() != null) {
            return X402Answers.settleResponse(false, "payment_already_used", "", known.network(), known.payer());
        }
        return switch (known.state()) {
            case SETTLED -> PaymentHeader.map(known.response());
            case CLAIMED -> X402Answers.settleResponse(false, "settlement_in_progress", "", known.network(),
                    known.payer());
            case SENT -> {
                ExactRequirement requirement = WireRequirements.read(PaymentHeader.map(known.requirement()))
                        .orElseThrow();
                Map<String, Object> payload = PaymentHeader.map(known.payload());
                ExactPayment payment = new ExactPayment(requirement, known.payer(), known.paymentKey(), payload);
                yield follow(call.scheme(), payment, known.txId(), known.validUntil() == null ? -1
                        : known.validUntil());
            }
        };
    }

    /** Looks until final or the settle wait is over; a final verdict moves the stored payment. */
    private Map<String, Object> follow(ExactScheme scheme, ExactPayment payment, String txId, long validUntil) {
        String network = payment.requirement().network();
        Commitment commitment = config.effectiveCommitment(Commitment.CONFIRMED);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(config.settleWaitSeconds());
        PollPause pause = new PollPause();
        while (true) {
            PaymentCheck check;
            try {
                check = scheme.checkTransfer(payment, txId, commitment, validUntil);
            } catch (RailUnavailableException e) {
                check = null;
            }
            if (check != null && check.status() == PaymentCheck.Status.VERIFIED) {
                Map<String, Object> response = X402Answers.settleResponse(true, null, txId, network, payment.payer());
                if (!payments.markSettled(network, payment.paymentKey(), txId, json.write(response))) {
                    return payments.find(network, payment.paymentKey()).filter(p -> p.response() != null)
                            .map(p -> PaymentHeader.map(p.response())).orElse(response);
                }
                return response;
            }
            if (check != null && check.isFinal()) {
                payments.forget(network, payment.paymentKey(), txId);
                return X402Answers.settleResponse(false, X402Answers.failedSettlementReason(network, check.code()), "",
                        network, payment.payer());
            }
            if (System.nanoTime() - deadline >= 0) {
                return pending(payment, txId);
            }
            try {
                pause.sleep();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return pending(payment, txId);
            }
        }
    }

    /**
     * The reconciler's look at a facilitator settlement still SENT (its resource server stopped asking): one check,
     * and a final verdict is stored (settled) or forgotten (moved nothing).
     */
    void reconcile(X402Payment sent) {
        ExactRequirement requirement = WireRequirements.read(PaymentHeader.map(sent.requirement())).orElse(null);
        if (requirement == null) {
            return;
        }
        Optional<ExactScheme> scheme = rails.all().stream().map(r -> r.rail().exactScheme()).flatMap(Optional::stream)
                .filter(s -> s.caip2().equals(requirement.network())).findFirst();
        if (scheme.isEmpty()) {
            return;
        }
        ExactPayment payment = new ExactPayment(requirement, sent.payer(), sent.paymentKey(),
                PaymentHeader.map(sent.payload()));
        long validUntil = sent.validUntil() == null ? -1 : sent.validUntil();
        PaymentCheck check = scheme.get().checkTransfer(payment, sent.txId(),
                config.effectiveCommitment(Commitment.CONFIRMED), validUntil);
        if (check.status() == PaymentCheck.Status.VERIFIED) {
            payments.markSettled(requirement.network(), sent.paymentKey(), sent.txId(), json.write(
                    X402Answers.settleResponse(true, null, sent.txId(), requirement.network(), sent.payer())));
        } else if (check.isFinal()) {
            payments.forget(requirement.network(), sent.paymentKey(), sent.txId());
        }
    }

    private static Map<String, Object> pending(ExactPayment payment, String txId) {
        return X402Answers.settleResponse(false, X402Answers.SETTLEMENT_PENDING, txId,
                payment.requirement().network(), payment.payer());
    }

    /** {x402Version, paymentPayload, paymentRequirements} → a call one of our rails can serve, or {@link Invalid}. */
    @SuppressWarnings("unchecked")
    Call read(String body) {
        JsonNode tree;
        try {
            tree = json.readObject(body);
        } catch (RuntimeException e) {
            throw new Invalid("invalid_payload", "");
        }
        Map<String, Object> request = PaymentHeader.map(tree.toString());
        Optional<ExactRequirement> requirement = WireRequirements.read(request.get("paymentRequirements"));
        if (requirement.isEmpty()) {
            throw new Invalid("invalid_payment_requirements", networkOf(request));
        }
        String network = requirement.get().network();
        if (!(request.get("paymentPayload") instanceof Map<?, ?> payloadObject)) {
            throw new Invalid("invalid_payload", network);
        }
        PaymentHeader payment;
        try {
            payment = PaymentHeader.parse((Map<String, Object>) payloadObject, false);
        } catch (PaymentHeader.Malformed e) {
            throw new Invalid(e.reason(), network);
        }
        if (!WireRequirements.matches(requirement.get(), payment.accepted(), json.mapper())) {
            throw new Invalid("invalid_payment_requirements", network);
        }
        ExactScheme scheme = rails.all().stream().map(r -> r.rail().exactScheme()).flatMap(Optional::stream)
                .filter(s -> s.caip2().equals(network)).findFirst()
                .orElseThrow(() -> new Invalid("invalid_network", network));
        Optional<String> refusal = scheme.refuseForeign(requirement.get());
        if (refusal.isPresent()) {
            throw new Invalid(refusal.get(), network);
        }
        return new Call(scheme, requirement.get(), payment);
    }

    private static String networkOf(Map<String, Object> request) {
        return request.get("paymentRequirements") instanceof Map<?, ?> m && m.get("network") instanceof String s
                && s.length() <= 72 ? s : "";
    }

    static Map<String, Object> invalid(String reason, String payer) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("isValid", false);
        r.put("invalidReason", reason);
        if (payer != null) {
            r.put("payer", payer);
        }
        return r;
    }

}
