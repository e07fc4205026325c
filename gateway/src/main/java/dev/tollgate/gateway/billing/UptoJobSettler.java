package dev.tollgate.gateway.billing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.RailUnavailableException;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.x402.ExactPayment;
import dev.tollgate.chain.x402.ExactRefusedException;
import dev.tollgate.chain.x402.ExactRequirement;
import dev.tollgate.chain.x402.UptoScheme;
import dev.tollgate.gateway.api.JsonBodies;
import dev.tollgate.gateway.config.GatewayConfig;
import dev.tollgate.gateway.core.PollPause;
import dev.tollgate.gateway.core.ExactReconciliation;
import dev.tollgate.gateway.core.JobIntents;
import dev.tollgate.gateway.rails.PaymentRails;
import dev.tollgate.gateway.rails.RailBinding;
import dev.tollgate.gateway.x402.X402Headers;
import dev.tollgate.lockbox.ClaimResult;
import dev.tollgate.lockbox.Job;
import dev.tollgate.lockbox.JobNotSettlingException;
import dev.tollgate.lockbox.JobState;
import dev.tollgate.lockbox.Lockbox;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pays a billed request's job (LOCKED, created for the actual price with the output sealed) with a verified x402
 * {@code upto} payment, once: the actual total must be within the authorised ceiling; the job is claimed
 * (LOCKED → SETTLING, compare-and-set) before anything is signed, the tx id recorded before broadcast, and the job
 * released when the UptoSplitter's {@code Paid} names it at the terms' finality. A settlement still pending when the
 * answer is due stays with the job: the reconciler hands such jobs here first ({@link ExactReconciliation}), since the
 * rail's plain check looks for FeeSplitter's events, not the UptoSplitter's.
 */
@Singleton
class UptoJobSettler implements ExactReconciliation {
    private static final Logger LOG = LoggerFactory.getLogger(UptoJobSettler.class);

    private final Lockbox lockbox;
    private final PaymentRails rails;
    private final GatewayConfig config;
    private final JsonBodies json;
    private final Clock clock;

    UptoJobSettler(Lockbox lockbox, PaymentRails rails, GatewayConfig config, JsonBodies json, Clock clock) {
        this.lockbox = lockbox;
        this.rails = rails;
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    BillingCredential.Settled settle(Job job, RailBinding rail, ExactPayment payment, Commitment finality) {
        UptoScheme scheme = rail.rail().uptoScheme().orElseThrow(() -> new IllegalStateException(
                "x402 upto is no longer offered on " + job.network()));
        String network = payment.requirement().network();
        if (job.totalUnits().compareTo(payment.requirement().amount()) > 0) {
            return failed("amount_exceeds_ceiling", "amount_exceeds_ceiling", "The actual cost ("
                    + job.totalUnits() + " units) exceeds the ceiling the payment authorised ("
                    + payment.requirement().amount() + ").", null, network, payment.payer());
        }
        if (lockbox.claim(job.id()) != ClaimResult.CLAIMED) {
            return failed("settlement_in_progress", "settlement_in_progress", "The job is being settled already.",
                    null, network, payment.payer());
        }
        PaymentIntent intent = JobIntents.intent(job, rail);
        SignedPayment signed;
        try {
            signed = scheme.prepare(intent, payment);
        } catch (ExactRefusedException e) {
            lockbox.returnToLocked(job, null);
            return failed("payment_refused", e.reason(), "The payment does not pay the job (" + e.reason() + ").",
                    null, network, payment.payer());
        } catch (RuntimeException e) {
            lockbox.returnToLocked(job, null); // nothing was signed: the job stays payable
            throw e;
        }
        if (!lockbox.recordPendingTx(job, signed.txId(), signed.validUntil())) {
            scheme.discard(signed);
            return failed("settlement_in_progress", "settlement_in_progress", "The job is being settled already.",
                    null, network, payment.payer());
        }
        try {
            scheme.submit(signed);
        } catch (PaymentRejectedException e) {
            lockbox.returnToLocked(job, signed.txId());
            String reason = e.reason().name().toLowerCase(Locale.ROOT);
            return failed("payment_failed", reason, "The settlement was refused by the node; nothing was charged.",
                    signed.txId(), network, payment.payer());
        } catch (RailUnavailableException e) {
            // it may have reached the node: the job keeps the tx and the reconciler decides
            return new BillingCredential.Settled.Pending(current(job), signed.txId(),
                    response(false, "settlement_pending", signed.txId(), network, payment.payer(), null));
        }
        LOG.info("x402 upto payment {} for job {} sent as {}", payment.paymentKey(), job.id(), signed.txId());
        Commitment commitment = config.effectiveCommitment(finality);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(config.settleWaitSeconds());
        PollPause pause = new PollPause();
        while (true) {
            BillingCredential.Settled look;
            try {
                look = look(current(job), rail, scheme, signed.txId(), signed.validUntil(), commitment, payment.payer());
            } catch (RailUnavailableException e) {
                look = null;
            }
            if (look != null) {
                return look;
            }
            if (System.nanoTime() - deadline >= 0) {
                return new BillingCredential.Settled.Pending(current(job), signed.txId(),
                        response(false, "settlement_pending", signed.txId(), network, payment.payer(), null));
            }
            try {
                pause.sleep();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new BillingCredential.Settled.Pending(current(job), signed.txId(),
                        response(false, "settlement_pending", signed.txId(), network, payment.payer(), null));
            }
        }
    }

    /** One look at the sent settlement: Paid or Failed when final (the job moved), null while pending. */
    private BillingCredential.Settled look(Job job, RailBinding rail, UptoScheme scheme, String txId, long validUntil,
                                          Commitment commitment, String payer) {
        PaymentIntent intent = JobIntents.intent(job, rail);
        PaymentCheck check = scheme.check(intent, null, txId, commitment, validUntil);
        String network = scheme.caip2();
        return switch (check.status()) {
            case PENDING -> null;
            case VERIFIED -> {
                Job released = release(job, txId, commitment, payer);
                yield released == null
                        ? failed("settlement_in_progress", "settlement_in_progress", "The job moved meanwhile.",
                                txId, network, payer)
                        : new BillingCredential.Settled.Paid(released, txId,
                                response(true, null, txId, network, payer, job.totalUnits()));
            }
            case REJECTED, DROPPED -> {
                lockbox.returnToLocked(job, txId);
                LOG.info("x402 upto settlement {} for job {} failed: {}", txId, job.id(), check.code().wireName());
                String reason = "invalid_upto_evm_transaction_failed";
                yield failed("payment_failed", reason, "The settlement failed on chain; nothing was charged.", txId,
                        network, payer);
            }
        };
    }

    /** Releases the job for {@code txId}; the released job, or null when it is no longer this settlement's. */
    private Job release(Job job, String txId, Commitment commitment, String payer) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("commitment", commitment.wireName());
        facts.put("settled_at", clock.instant().toString());
        facts.put("x402_scheme", UptoScheme.SCHEME);
        facts.put("x402_payer", payer);
        try {
            Job released = lockbox.release(job.id(), job.network(), txId, json.write(facts)).job();
            LOG.info("released job {} paid by x402 upto settlement {}", job.id(), txId);
            return released;
        } catch (JobNotSettlingException e) {
            Job now = current(job);
            return now.state() == JobState.RELEASED && txId.equals(now.txId()) ? now : null;
        }
    }

    /**
     * The reconciler's look at a SETTLING job: handled here when the job is a billed request paid with upto (its quote
     * says so) and its settlement was sent; released when final and paid, back to LOCKED when it failed.
     */
    @Override
    public boolean reconcile(Job job) {
        JsonNode billing = billing(job);
        if (job.state() != JobState.SETTLING || job.txId() == null
                || !UptoCredential.KIND.equals(billing.path("kind").asText(null))) {
            return false;
        }
        Optional<RailBinding> rail = rails.byNetwork(NetworkId.of(job.network()));
        Optional<UptoScheme> scheme = rail.flatMap(r -> r.rail().uptoScheme());
        if (scheme.isEmpty()) {
            return false; // no longer offered: the plain check decides
        }
        look(job, rail.get(), scheme.get(), job.txId(), job.txValidUntil() == null ? -1 : job.txValidUntil(),
                config.effectiveCommitment(finality(billing)), job.payer());
        return true;
    }

    /** The {@code billing} facts of a billed request's job quote ({@code kind}, {@code finality}); missing otherwise. */
    private JsonNode billing(Job job) {
        if (job.quoteJson() == null || !job.quoteJson().contains("\"billing\"")) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        try {
            return json.readTree(job.quoteJson()).path("billing");
        } catch (RuntimeException malformed) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }

    /** The finality the request's terms asked for; CONFIRMED when unrecorded. */
    private static Commitment finality(JsonNode billing) {
        if (billing.path("finality").isTextual()) {
            try {
                return Commitment.parse(billing.path("finality").asText());
            } catch (IllegalArgumentException e) {
                return Commitment.CONFIRMED;
            }
        }
        return Commitment.CONFIRMED;
    }

    private Job current(Job job) {
        return lockbox.find(job.id()).orElse(job);
    }

    private BillingCredential.Settled.Failed failed(String code, String reason, String message, String txId,
                                                    String network, String payer) {
        return new BillingCredential.Settled.Failed(code, reason, message,
                response(false, reason, txId == null ? "" : txId, network, payer, null));
    }

    /** x402's SettleResponse as the PAYMENT-RESPONSE value (upto adds the amount settled). */
    private static String response(boolean success, String errorReason, String txId, String network, String payer,
                                   BigInteger amount) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("success", success);
        if (errorReason != null) {
            r.put("errorReason", errorReason);
        }
        r.put("transaction", txId);
        r.put("network", network);
        r.put("payer", payer);
        if (amount != null) {
            r.put("amount", amount.toString());
        }
        return X402Headers.encode(r);
    }

    /** The requirement an authorization stored ({@code UptoOffers.render} form), read back. */
    static Optional<ExactRequirement> requirement(JsonNode stored) {
        if (stored == null || !stored.isObject() || !stored.path("network").isTextual() || !stored.path("asset").isTextual()
                || !stored.path("payTo").isTextual() || !stored.path("amount").isTextual()
                || !stored.path("maxTimeoutSeconds").canConvertToInt()) {
            return Optional.empty();
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = stored.path("extra").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            extra.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
        }
        try {
            return Optional.of(new ExactRequirement(stored.path("network").asText(), stored.path("asset").asText(),
                    stored.path("payTo").asText(), new BigInteger(stored.path("amount").asText()),
                    stored.path("maxTimeoutSeconds").asInt(), extra));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
