package dev.tollgate.gateway.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.gateway.api.JsonBodies;
import dev.tollgate.gateway.x402.X402Offers;
import dev.tollgate.lockbox.BillingAuthorization;
import dev.tollgate.lockbox.BillingAuthorizationStore;
import dev.tollgate.lockbox.BillingAuthorizationStore.NewAuthorization;
import dev.tollgate.lockbox.Job;
import dev.tollgate.lockbox.JobState;
import dev.tollgate.lockbox.Lockbox;
import dev.tollgate.lockbox.NewJob;
import dev.tollgate.pricing.FeeSplit;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The billing API's work, protocol-side (BILLING-DESIGN.md): offers from the terms; authorize by the one credential
 * kind that takes the client's credential, reserved in PostgreSQL (by payment key, or within what is spendable);
 * settle exactly once (RESERVED -> SETTLING by compare-and-set), creating the job with the output sealed and the
 * terms' payee, fee recipient and fee, then paying it through the core; release gives a reservation back.
 */
@Singleton
public class BillingService {
    static final String SOURCE = "tollgate_billing";

    private final BillingTermsReader termsReader;
    private final List<BillingCredential> kinds;
    private final BillingOffers offers;
    private final BillingAuthorizationStore store;
    private final Lockbox lockbox;
    private final BillingPrices prices;
    private final BillingConfig config;
    private final X402Offers jobOffers;
    private final JsonBodies json;
    private final Clock clock;

    BillingService(BillingTermsReader termsReader, List<BillingCredential> kinds, BillingOffers offers,
                   BillingAuthorizationStore store, Lockbox lockbox, BillingPrices prices, BillingConfig config,
                   X402Offers jobOffers, JsonBodies json, Clock clock) {
        this.termsReader = termsReader;
        this.kinds = kinds;
        this.offers = offers;
        this.store = store;
        this.lockbox = lockbox;
        this.prices = prices;
        this.config = config;
        this.jobOffers = jobOffers;
        this.json = json;
        this.clock = clock;
    }

    public BillingAnswer offers(JsonNode body) {
        return new BillingAnswer(HttpStatus.OK, offers.offers(termsReader.read(body.get("terms"))));
    }

    public BillingAnswer authorize(JsonNode body) {
        BillingTerms terms = termsReader.read(body.get("terms"));
        try {
            return new BillingAnswer(HttpStatus.OK, authorize(terms, body));
        } catch (BillingRefusal refusal) {
            if (refusal.status() != HttpStatus.PAYMENT_REQUIRED) {
                throw refusal;
            }
            Map<String, Object> answer = BillingErrors.body(refusal);
            // what to pay instead, as the offers answer says it: the x402 offers and the allowances a payer can grant
            // (a refused sign-in is most often a payer that has not granted yet)
            Map<String, Object> instead = offers.offers(terms);
            answer.put("payment_required", instead.get("payment_required"));
            answer.put("allowances", instead.get("allowances"));
            return new BillingAnswer(HttpStatus.PAYMENT_REQUIRED, answer);
        }
    }

    private Map<String, Object> authorize(BillingTerms terms, JsonNode body) {
        BigDecimal estimate = estimate(terms, body);
        PresentedCredential credential = BillingRequests.credential(body.get("credential"));
        BillingCredential kind = kinds.stream().filter(k -> k.accepts(credential)).findFirst()
                .orElseThrow(() -> BillingRefusal.paymentRefused("unsupported_scheme", "No payment kind of this gateway"
                        + " takes this credential" + credential.x402Scheme().map(s -> " (scheme " + s + ")").orElse("")
                        + "."));
        BillingCredential.Reservation r = kind.authorize(terms, estimate, credential);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("terms", json.readTree(terms.json()));
        details.put("credential", r.details());
        NewAuthorization wanted = new NewAuthorization(UUID.randomUUID(), kind.kind(), r.network(), r.asset(),
                r.payer(), r.paymentKey(), r.units(), r.jobId(), json.write(details),
                Duration.ofSeconds(config.authorizationTtlSeconds()));
        Optional<BillingAuthorization> stored = r.spendable() == null ? store.reserve(wanted)
                : store.tryReserveWithin(wanted, r.spendable());
        BillingAuthorization a = stored.orElseThrow(() -> r.spendable() == null
                ? BillingRefusal.payment("payment_already_used", "This payment already authorised a request.")
                : BillingRefusal.payment(kind.kind().equals("allowance") ? "allowance_insufficient"
                : "insufficient_funds", "What the payer can spend does not cover this request with its other open"
                + " requests."));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("authorization_id", a.id().toString());
        answer.put("kind", a.kind());
        answer.put("network", a.network());
        answer.put("asset", a.asset());
        answer.put("payer", a.payer());
        answer.put("reserved_units", a.units().toString());
        answer.put("expires_at", a.expiresAt().toString());
        return answer;
    }

    /** Fixed: the price. Usage: the filter's estimate (default and at most the ceiling). */
    private static BigDecimal estimate(BillingTerms terms, JsonNode body) {
        if (terms.price() instanceof BillingTerms.Fixed fixed) {
            return fixed.usd();
        }
        BigDecimal ceiling = terms.price().maxUsd();
        return BillingRequests.usd(body, "estimate_usd").map(e -> e.min(ceiling)).orElse(ceiling);
    }

    /** @param outputUrlBase the gateway's origin as the filter called it, for the output URL of a pending job */
    public BillingAnswer settle(JsonNode body, String outputUrlBase) {
        UUID id = BillingRequests.authorizationId(body);
        BillingAuthorization a = store.find(id).orElseThrow(BillingService::unknown);
        if (a.state() != BillingAuthorization.State.RESERVED) {
            throw used();
        }
        if (!a.expiresAt().isAfter(clock.instant())) {
            throw expired();
        }
        BillingCredential kind = kind(a);
        JsonNode details = json.readTree(a.detailsJson());
        BillingTerms terms = termsReader.read(details.get("terms"));
        BillingTerms.Rail rail = terms.rail(a.network(), a.asset()).orElseThrow(() ->
                new IllegalStateException("authorization " + id + " names no rail of its terms"));
        BigDecimal usd = terms.price() instanceof BillingTerms.Fixed fixed ? fixed.usd()
                : BillingRequests.usd(body, "usd").orElseThrow(() -> BillingRequests.invalid("usd",
                "usd is required for a usage price"));
        Map<String, BigInteger> usage = BillingRequests.usage(body);
        BillingRequests.Output output = BillingRequests.output(body);
        PresentedCredential credential = null;
        if (kind.needsCredentialAtSettle()) {
            credential = BillingRequests.credential(body.get("credential"));
            if (!kind.accepts(credential)) {
                throw BillingRefusal.invalidCredential("credential", "settle needs the " + kind.kind()
                        + " credential that authorised the request");
            }
        }
        BigDecimal price = prices.usdPerToken(rail.asset());
        BigInteger priced = BillingPrices.ceilUnits(usd, price, rail.asset().decimals());
        boolean overCeiling = usd.compareTo(terms.price().maxUsd()) > 0;
        BigInteger units = overCeiling ? priced : kind.charge(a, terms, priced);
        UUID jobId = a.jobId() != null ? a.jobId() : UUID.randomUUID();
        if (store.beginSettling(id, jobId) != BillingAuthorizationStore.SettleStart.STARTED) {
            throw store.find(id).map(x -> x.state() == BillingAuthorization.State.RESERVED ? expired() : used())
                    .orElseGet(BillingService::unknown);
        }
        Job job;
        try {
            FeeSplit split = BillingPrices.split(units, terms.feeBps());
            job = lockbox.lock(jobId, new NewJob(a.network(), a.asset(), a.payer(), rail.payTo(), rail.feeRecipient(),
                    split.total(), split.fee(), split.net(), terms.feeBps().value(), usd, price,
                    quoteRecord(a, terms, usd, usage), Duration.ofSeconds(config.jobTtlSeconds())),
                    sealed(output, usage));
        } catch (RuntimeException e) {
            store.releaseSettling(id);
            throw e;
        }
        String outputUrl = outputUrlBase + "/v1/agent/jobs/" + job.id() + "/output";
        if (overCeiling) {
            // never more than the ceiling: the output waits in the job, payable there (ATP settle, x402) until its TTL
            store.releaseSettling(id);
            return failed(job, outputUrl, new BillingCredential.Settled.Failed("amount_exceeds_ceiling",
                    "amount_exceeds_ceiling", "The actual cost exceeds the ceiling the request was authorised for.",
                    null));
        }
        BillingCredential.Settled settled;
        try {
            settled = kind.settle(a, terms, job, credential);
        } catch (RuntimeException e) {
            if (lockbox.find(job.id()).map(j -> j.state() == JobState.LOCKED).orElse(true)) {
                store.releaseSettling(id); // nothing was sent: the reservation is free again, the job payable
            }
            throw e;
        }
        return switch (settled) {
            case BillingCredential.Settled.Paid p -> {
                store.markSettled(id, units);
                yield new BillingAnswer(HttpStatus.OK, paid(a, terms, rail, p, usd, usage));
            }
            case BillingCredential.Settled.Pending p -> {
                store.markSettled(id, units); // broadcast: the job carries it from here (reconciler, output URL)
                yield pending(job, p.txId(), outputUrl, p.paymentResponse());
            }
            case BillingCredential.Settled.Failed f -> {
                Job now = lockbox.find(job.id()).orElse(job);
                if (now.state() == JobState.SETTLING || now.state() == JobState.RELEASED) {
                    // money may be moving after all: never free the reservation; the job decides from here
                    store.markSettled(id, units);
                    yield pending(now, now.txId(), outputUrl, f.paymentResponse());
                }
                store.releaseSettling(id);
                yield failed(now, outputUrl, f);
            }
        };
    }

    private static BillingAnswer pending(Job job, String txId, String outputUrl, String paymentResponse) {
        Map<String, Object> pending = new LinkedHashMap<>();
        pending.put("status", "pending");
        pending.put("job_id", job.id().toString());
        pending.put("tx_id", txId);
        pending.put("output_url", outputUrl);
        pending.put("payment_response", paymentResponse);
        return new BillingAnswer(HttpStatus.ACCEPTED, pending);
    }

    public BillingAnswer release(JsonNode body) {
        UUID id = BillingRequests.authorizationId(body);
        BillingAuthorization a = store.find(id).orElseThrow(BillingService::unknown);
        if (a.state() == BillingAuthorization.State.RESERVED && store.release(id)) {
            kinds.stream().filter(k -> k.kind().equals(a.kind())).findFirst().ifPresent(k -> k.release(a));
            return new BillingAnswer(HttpStatus.NO_CONTENT, null);
        }
        if (store.find(id).map(x -> x.state() == BillingAuthorization.State.RELEASED).orElse(false)) {
            return new BillingAnswer(HttpStatus.NO_CONTENT, null); // idempotent
        }
        throw used();
    }

    private BillingAnswer failed(Job job, String outputUrl, BillingCredential.Settled.Failed f) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("job_id", job.id().toString());
        facts.put("reason", f.reason());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "failed");
        body.putAll(BillingErrors.body(new BillingRefusal(HttpStatus.PAYMENT_REQUIRED, f.code(), f.reason(),
                f.message() + " The output waits in the job, payable until it expires.", facts)));
        body.put("job_id", job.id().toString());
        body.put("output_url", outputUrl);
        body.put("payment_response", f.paymentResponse());
        body.put("payment_required", jobOffers.paymentRequired(job, outputUrl, Map.of(), f.reason()));
        return new BillingAnswer(HttpStatus.PAYMENT_REQUIRED, body);
    }

    private Map<String, Object> paid(BillingAuthorization a, BillingTerms terms, BillingTerms.Rail rail,
                                     BillingCredential.Settled.Paid p, BigDecimal usd, Map<String, BigInteger> usage) {
        Job job = p.job();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "paid");
        body.put("job_id", job.id().toString());
        body.put("network", job.network());
        body.put("asset", job.asset());
        body.put("payer", a.payer());
        body.put("tx_id", p.txId());
        body.put("total_units", job.totalUnits().toString());
        body.put("fee_units", job.feeUnits().toString());
        body.put("net_units", job.netUnits().toString());
        body.put("usd", usd.toPlainString());
        body.put("payment_response", p.paymentResponse());
        body.put("atp_settlement", atpSettlement(job, terms, p.txId(), usd, usage));
        return body;
    }

    /** ATP's SettlePaymentResponse shape (ATP field names, integers exact). */
    static Map<String, Object> atpSettlement(Job job, BillingTerms terms, String txId, BigDecimal usd,
                                             Map<String, BigInteger> usage) {
        Map<String, Object> pricing = pricing(terms, usd, usage);
        Map<String, Object> treasury = new LinkedHashMap<>();
        treasury.put("pubkey", job.feeRecipient());
        treasury.put("amount_units", job.feeUnits());
        Map<String, Object> recipient = new LinkedHashMap<>();
        recipient.put("pubkey", job.payee());
        recipient.put("amount_units", job.netUnits());
        Map<String, Object> payment = new LinkedHashMap<>();
        payment.put("total_amount_units", job.totalUnits());
        payment.put("treasury", treasury);
        payment.put("recipient", recipient);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("status", "paid");
        s.put("transaction_signature", txId);
        s.put("job_id", job.id().toString());
        s.put("network", job.network());
        s.put("asset", job.asset());
        s.put("pricing", pricing);
        s.put("payment", payment);
        return s;
    }

    private static Map<String, Object> pricing(BillingTerms terms, BigDecimal usd, Map<String, BigInteger> usage) {
        Map<String, Object> pricing = new LinkedHashMap<>();
        pricing.put("usd_cost", usd.toPlainString());
        pricing.put("input_tokens", usage.get("input_tokens"));
        pricing.put("output_tokens", usage.get("output_tokens"));
        pricing.put("total_tokens", usage.get("total_tokens"));
        if (terms.price() instanceof BillingTerms.Usage u) {
            pricing.put("input_cost_per_million_usd", u.inputUsdPerMillion().toPlainString());
            pricing.put("output_cost_per_million_usd", u.outputUsdPerMillion().toPlainString());
        } else {
            pricing.put("input_cost_per_million_usd", null);
            pricing.put("output_cost_per_million_usd", null);
        }
        pricing.put("source", SOURCE);
        return pricing;
    }

    /** The facts the price was made of, kept with the job for audit (as trades keep theirs). */
    private String quoteRecord(BillingAuthorization a, BillingTerms terms, BigDecimal usd,
                               Map<String, BigInteger> usage) {
        Map<String, Object> billing = new LinkedHashMap<>();
        billing.put("authorization_id", a.id().toString());
        billing.put("kind", a.kind());
        billing.put("resource", terms.resource().url().toString());
        billing.put("finality", terms.finality().wireName()); // what the x402 settlement waits for
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("pricing", pricing(terms, usd, usage));
        stored.put("billing", billing);
        return json.write(stored);
    }

    /**
     * What the job seals, in the shape the output URL serves ({@code agent_output}, {@code usage}): a JSON body as
     * JSON, a text body as text, anything else as {@code {content_type, base64}}.
     */
    private byte[] sealed(BillingRequests.Output output, Map<String, BigInteger> usage) {
        ObjectNode payload = json.mapper().createObjectNode();
        String type = output.contentType().toLowerCase(java.util.Locale.ROOT);
        JsonNode content = null;
        if (type.startsWith("application/json") || type.contains("+json")) {
            try {
                content = json.mapper().readTree(output.bytes());
            } catch (java.io.IOException e) {
                content = null;
            }
        } else if (type.startsWith("text/")) {
            content = json.mapper().getNodeFactory().textNode(new String(output.bytes(),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        if (content == null) {
            ObjectNode raw = json.mapper().createObjectNode();
            raw.put("content_type", output.contentType());
            raw.put("base64", java.util.Base64.getEncoder().encodeToString(output.bytes()));
            content = raw;
        }
        payload.set("agent_output", content);
        payload.set("usage", json.mapper().valueToTree(usage));
        payload.put("content_type", output.contentType());
        return json.write(payload).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private BillingCredential kind(BillingAuthorization a) {
        return kinds.stream().filter(k -> k.kind().equals(a.kind())).findFirst().orElseThrow(() ->
                new BillingRefusal(HttpStatus.SERVICE_UNAVAILABLE, "kind_unavailable", "kind_unavailable",
                        "This gateway no longer settles " + a.kind() + " payments.", Map.of("kind", a.kind())));
    }

    private static BillingRefusal unknown() {
        return new BillingRefusal(HttpStatus.NOT_FOUND, "authorization_not_found", "authorization_not_found",
                "The authorization is unknown (never made, or purged after it expired).", Map.of());
    }

    private static BillingRefusal used() {
        return new BillingRefusal(HttpStatus.CONFLICT, "authorization_used", "authorization_used",
                "The authorization was already settled or released.", Map.of());
    }

    private static BillingRefusal expired() {
        return new BillingRefusal(HttpStatus.CONFLICT, "authorization_expired", "authorization_expired",
                "The authorization expired before it was settled; authorize again.", Map.of());
    }
}
