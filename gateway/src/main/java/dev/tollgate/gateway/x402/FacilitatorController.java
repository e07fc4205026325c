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
import dev.tollgate.gateway.api.ErrorBody;
import dev.tollgate.gateway.api.JsonBodies;
import dev.tollgate.gateway.config.GatewayConfig;
import dev.tollgate.gateway.rails.PaymentRails;
import dev.tollgate.gateway.rails.RailBinding;
import dev.tollgate.lockbox.X402Payment;
import dev.tollgate.lockbox.X402Payments;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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
 * x402 v2's facilitator API (x402.md §4), so a stock resource server (e.g. {@code @x402/express}) settles through
 * Tollgate. It settles requirements another server made, not our jobs: the payment goes to {@code payTo} exactly as
 * the client signed it (an EIP-3009 authorisation names its recipient; no fee split applies to a price we did not
 * set), on a network we settle, in an asset configured there (the rail decides, {@link ExactScheme#refuseForeign}).
 * Exactly once per payment key in PostgreSQL (shared with the job path), the payment-identifier honoured, a
 * confirmation timeout answered {@code settlement_pending} (never a new demand), an outage 503. Optional bearer
 * token ({@code TOLLGATE_FACILITATOR_TOKEN}).
 */
@Controller("/x402")
@ExecuteOn(TaskExecutors.VIRTUAL)
public class FacilitatorController {
    private static final Logger LOG = LoggerFactory.getLogger(FacilitatorController.class);
    private static final long POLL_MILLIS = 250;

    private final PaymentRails rails;
    private final X402Payments payments;
    private final X402Config x402;
    private final GatewayConfig config;
    private final JsonBodies json;

    FacilitatorController(PaymentRails rails, X402Payments payments, X402Config x402, GatewayConfig config,
                          JsonBodies json) {
        this.rails = rails;
        this.payments = payments;
        this.x402 = x402;
        this.config = config;
        this.json = json;
    }

    /** A request body read and matched: the rail's scheme, the requirement, the client's payment. */
    private record Call(ExactScheme scheme, ExactRequirement requirement, PaymentHeader payment) { }

    /** A request that cannot be served; {@code reason} is x402's string. */
    private static final class Invalid extends RuntimeException {
        private final String reason;
        private final String network;

        Invalid(String reason, String network) {
            super(reason, null, false, false);
            this.reason = reason;
            this.network = network;
        }
    }

    @Get(value = "/supported", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> supported(@Nullable @Header("Authorization") String authorization) {
        HttpResponse<String> denied = guard(authorization);
        if (denied != null) {
            return denied;
        }
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
        return ok(body);
    }

    @Post(value = "/verify", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> verify(@Nullable @Header("Authorization") String authorization, @Body String body) {
        HttpResponse<String> denied = guard(authorization);
        if (denied != null) {
            return denied;
        }
        try {
            Call call = read(body);
            ExactPayment payment = call.scheme().verify(call.requirement(), call.payment().payload());
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("isValid", true);
            r.put("payer", payment.payer());
            return ok(r);
        } catch (Invalid e) {
            return ok(invalid(e.reason, null));
        } catch (ExactRefusedException e) {
            return ok(invalid(e.reason(), null));
        } catch (RailUnavailableException e) {
            return outage();
        }
    }

    @Post(value = "/settle", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> settle(@Nullable @Header("Authorization") String authorization, @Body String body) {
        HttpResponse<String> denied = guard(authorization);
        if (denied != null) {
            return denied;
        }
        Call call;
        try {
            call = read(body);
        } catch (Invalid e) {
            return ok(X402Answers.settleResponse(false, e.reason, "", e.network, null));
        }
        try {
            return settle(call);
        } catch (RailUnavailableException e) {
            return outage();
        }
    }

    private HttpResponse<String> settle(Call call) {
        ExactRequirement requirement = call.requirement();
        PaymentHeader header = call.payment();
        String network = requirement.network();
        if (header.paymentId() != null) {
            Optional<String> bound = payments.payloadOfId(header.paymentId());
            if (bound.isPresent() && !bound.get().equals(header.payloadHash())) {
                return conflict(header);
            }
        }
        Optional<X402Payment> known = payments.findByPayload(network, header.payloadHash());
        if (known.isPresent()) {
            return resume(known.get(), call);
        }
        ExactPayment payment;
        try {
            payment = call.scheme().verify(requirement, header.payload());
        } catch (ExactRefusedException e) {
            Optional<X402Payment> raced = payments.findByPayload(network, header.payloadHash());
            if (raced.isPresent()) {
                return resume(raced.get(), call); // a concurrent settle of the same payload spent its nonce
            }
            return ok(X402Answers.settleResponse(false, e.reason(), "", network, null));
        }
        if (!payments.claim(network, payment.paymentKey(), header.payloadHash(), null, payment.payer(),
                PaymentHeader.json(WireRequirements.render(requirement)), PaymentHeader.json(header.payload()))) {
            Optional<X402Payment> other = payments.findByPayload(network, header.payloadHash());
            return other.isPresent() ? resume(other.get(), call)
                    : ok(X402Answers.settleResponse(false, "payment_already_used", "", network, payment.payer()));
        }
        if (header.paymentId() != null && !payments.bindPaymentId(header.paymentId(), header.payloadHash())
                .equals(header.payloadHash())) {
            payments.forget(network, payment.paymentKey(), null);
            return conflict(header);
        }
        SignedPayment signed;
        try {
            signed = call.scheme().prepareTransfer(payment);
        } catch (ExactRefusedException e) {
            payments.forget(network, payment.paymentKey(), null);
            return ok(X402Answers.settleResponse(false, e.reason(), "", network, payment.payer()));
        } catch (RuntimeException e) {
            payments.forget(network, payment.paymentKey(), null);
            throw e;
        }
        if (!payments.markSent(network, payment.paymentKey(), signed.txId(), signed.validUntil())) {
            return ok(X402Answers.settleResponse(false, "settlement_in_progress", "", network, payment.payer()));
        }
        try {
            call.scheme().submit(signed);
        } catch (PaymentRejectedException e) {
            payments.forget(network, payment.paymentKey(), signed.txId());
            return ok(X402Answers.settleResponse(false, e.reason().name().toLowerCase(Locale.ROOT), "", network,
                    payment.payer()));
        } catch (RailUnavailableException e) {
            return ok(pending(payment, signed.txId()));
        }
        LOG.info("x402 facilitator payment {} on {} sent as {}", payment.paymentKey(), network, signed.txId());
        return ok(follow(call.scheme(), payment, signed.txId(), signed.validUntil()));
    }

    private HttpResponse<String> resume(X402Payment known, Call call) {
        if (known.jobId() != null) {
            return ok(X402Answers.settleResponse(false, "payment_already_used", "", known.network(), known.payer()));
        }
        return switch (known.state()) {
            case SETTLED -> HttpResponse.<String>ok(known.response()).contentType(MediaType.APPLICATION_JSON_TYPE);
            case CLAIMED -> ok(X402Answers.settleResponse(false, "settlement_in_progress", "", known.network(),
                    known.payer()));
            case SENT -> {
                ExactRequirement requirement = WireRequirements.read(PaymentHeader.map(known.requirement()))
                        .orElseThrow();
                Map<String, Object> payload = PaymentHeader.map(known.payload());
                ExactPayment payment = new ExactPayment(requirement, known.payer(), known.paymentKey(), payload);
                yield ok(follow(call.scheme(), payment, known.txId(), known.validUntil() == null ? -1
                        : known.validUntil()));
            }
        };
    }

    /** Looks until final or the settle wait is over; a final verdict moves the stored payment. */
    private Map<String, Object> follow(ExactScheme scheme, ExactPayment payment, String txId, long validUntil) {
        String network = payment.requirement().network();
        Commitment commitment = config.effectiveCommitment(Commitment.CONFIRMED);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(config.settleWaitSeconds());
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
                return X402Answers.settleResponse(false, check.code().wireName(), "", network, payment.payer());
            }
            if (System.nanoTime() - deadline >= 0) {
                return pending(payment, txId);
            }
            try {
                Thread.sleep(POLL_MILLIS);
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
    private Call read(String body) {
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

    private static Map<String, Object> invalid(String reason, String payer) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("isValid", false);
        r.put("invalidReason", reason);
        if (payer != null) {
            r.put("payer", payer);
        }
        return r;
    }

    /** Null when the call may proceed. */
    private HttpResponse<String> guard(String authorization) {
        if (!x402.facilitatorEnabled()) {
            return error(HttpStatus.NOT_FOUND, "facilitator_disabled", "This gateway does not act as a facilitator.");
        }
        if (!x402.facilitatorAuthRequired()) {
            return null;
        }
        byte[] expected = ("Bearer " + x402.facilitatorToken()).getBytes(StandardCharsets.UTF_8);
        byte[] given = (authorization == null ? "" : authorization).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given) ? null
                : error(HttpStatus.UNAUTHORIZED, "unauthorized", "A valid facilitator bearer token is required.");
    }

    private HttpResponse<String> conflict(PaymentHeader header) {
        return error(HttpStatus.CONFLICT, "payment_identifier_conflict",
                "This payment-identifier already names another payment payload.");
    }

    private HttpResponse<String> outage() {
        return error(HttpStatus.SERVICE_UNAVAILABLE, "rail_unavailable",
                "A chain node could not be reached; try again.");
    }

    private HttpResponse<String> error(HttpStatus status, String code, String message) {
        return HttpResponse.<String>status(status).contentType(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store").body(json.write(ErrorBody.of(code, message, Map.of())));
    }

    private HttpResponse<String> ok(Map<String, Object> body) {
        return HttpResponse.<String>ok(json.write(body)).contentType(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store");
    }
}
