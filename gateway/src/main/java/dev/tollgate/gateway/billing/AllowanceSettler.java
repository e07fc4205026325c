package dev.tollgate.gateway.billing;

import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.RailUnavailableException;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.allowance.AllowanceCharges;
import dev.tollgate.chain.allowance.AllowanceRefusedException;
import dev.tollgate.gateway.api.JsonBodies;
import dev.tollgate.gateway.config.GatewayConfig;
import dev.tollgate.gateway.core.PollPause;
import dev.tollgate.gateway.core.ExactReconciliation;
import dev.tollgate.gateway.core.JobIntents;
import dev.tollgate.gateway.rails.PaymentRails;
import dev.tollgate.gateway.rails.RailBinding;
import dev.tollgate.lockbox.Job;
import dev.tollgate.lockbox.JobNotSettlingException;
import dev.tollgate.lockbox.JobState;
import dev.tollgate.lockbox.Lockbox;
import dev.tollgate.lockbox.Released;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles a billed job from the payer's allowance, exactly once: claim the job (LOCKED -> SETTLING), have the rail
 * sign the charge (refused unsigned when the grant no longer covers it), record its tx id before broadcast,
 * broadcast once, then look until the charge is final at the terms' finality or the settle wait is over; release
 * the job on a verified charge, give it back (LOCKED, still payable) on a refused or failed one.
 *
 * <p>As the reconciler's first look ({@link ExactReconciliation}) it finishes charges whose request stopped waiting:
 * the rail's plain check cannot judge them (EVM: another contract emits {@code Paid}; Solana: the gateway's
 * delegate, not the payer, authorised the transfers), so a landed allowance charge of the job is judged only here
 * and released once final; anything else (unseen, failed, another kind of payment) is left to the plain check,
 * which judges those the same way.
 */
@Singleton
public class AllowanceSettler implements ExactReconciliation {
    private static final Logger LOG = LoggerFactory.getLogger(AllowanceSettler.class);

    private final Lockbox lockbox;
    private final PaymentRails rails;
    private final GatewayConfig config;
    private final JsonBodies json;
    private final Clock clock;

    AllowanceSettler(Lockbox lockbox, PaymentRails rails, GatewayConfig config, JsonBodies json, Clock clock) {
        this.lockbox = lockbox;
        this.rails = rails;
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    /** Charges {@code job} (LOCKED, created for {@code payer}) on {@code rail}; never twice. */
    BillingCredential.Settled settle(Job job, RailBinding rail, AllowanceCharges charges, String payer,
                                     Commitment finality) {
        switch (lockbox.claim(job.id())) {
            case CLAIMED -> { }
            case ALREADY_RELEASED -> {
                return new BillingCredential.Settled.Failed("already_settled", "already_settled",
                        "The job was already paid.", null);
            }
            case IN_PROGRESS -> {
                return new BillingCredential.Settled.Failed("settlement_in_progress", "settlement_in_progress",
                        "A settlement of this job is in progress.", null);
            }
            case NOT_FOUND, EXPIRED -> {
                return new BillingCredential.Settled.Failed("job_not_found", "job_not_found",
                        "The job expired or does not exist.", null);
            }
        }
        PaymentIntent intent = intent(job, rail, payer);
        SignedPayment signed;
        try {
            signed = charges.prepare(intent);
        } catch (AllowanceRefusedException e) {
            lockbox.returnToLocked(job, null);
            return new BillingCredential.Settled.Failed(e.reason(), e.reason(), "The allowance does not cover the"
                    + " charge (" + e.reason() + "); nothing was charged.", null);
        } catch (RuntimeException e) {
            lockbox.returnToLocked(job, null); // nothing was signed: the job stays payable
            throw e;
        }
        if (!lockbox.recordPendingTx(job, signed.txId(), signed.validUntil())) {
            charges.discard(signed); // our claim was lost: never broadcast
            return new BillingCredential.Settled.Failed("settlement_in_progress", "settlement_in_progress",
                    "A settlement of this job is in progress.", null);
        }
        try {
            charges.submit(signed);
        } catch (PaymentRejectedException e) {
            lockbox.returnToLocked(job, signed.txId());
            String reason = e.reason().name().toLowerCase(Locale.ROOT);
            return new BillingCredential.Settled.Failed("payment_failed", reason,
                    "The charge was refused by the network (" + reason + "); nothing was charged.", null);
        } catch (RailUnavailableException e) {
            return new BillingCredential.Settled.Pending(current(job), signed.txId(), null); // sent or not: look later
        }
        LOG.info("allowance charge {} for job {} sent", signed.txId(), job.id());
        return follow(job, rail, charges, intent, signed, finality);
    }

    private BillingCredential.Settled follow(Job job, RailBinding rail, AllowanceCharges charges, PaymentIntent intent,
                                             SignedPayment signed, Commitment finality) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(config.settleWaitSeconds());
        PollPause pause = new PollPause();
        while (true) {
            PaymentCheck check;
            try {
                check = charges.check(intent, signed.txId(), finality, signed.validUntil());
            } catch (RailUnavailableException e) {
                check = null;
            }
            if (check != null && check.status() == PaymentCheck.Status.VERIFIED) {
                return release(job, rail, signed.txId(), finality, intent.payer());
            }
            if (check != null && check.isFinal()) {
                lockbox.returnToLocked(job, signed.txId());
                LOG.info("allowance charge {} for job {} failed: {}", signed.txId(), job.id(), check.code().wireName());
                return new BillingCredential.Settled.Failed("payment_failed", check.code().wireName(),
                        "The charge did not pay the job (" + check.code().wireName() + "); nothing was charged.",
                        null);
            }
            if (System.nanoTime() - deadline >= 0) {
                return new BillingCredential.Settled.Pending(current(job), signed.txId(), null);
            }
            try {
                pause.sleep();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new BillingCredential.Settled.Pending(current(job), signed.txId(), null);
            }
        }
    }

    private BillingCredential.Settled release(Job job, RailBinding rail, String txId, Commitment finality,
                                              String payer) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("commitment", finality.wireName());
        facts.put("settled_at", clock.instant().toString());
        facts.put("allowance_payer", payer);
        try {
            Released released = lockbox.release(job.id(), rail.rail().network().value(), txId, json.write(facts), null);
            LOG.info("released job {} paid by allowance charge {}", job.id(), txId);
            return new BillingCredential.Settled.Paid(released.job(), txId, null);
        } catch (JobNotSettlingException e) {
            Job now = current(job);
            if (now.state() == JobState.RELEASED && txId.equals(now.txId())) {
                return new BillingCredential.Settled.Paid(now, txId, null); // the reconciler was first
            }
            return new BillingCredential.Settled.Failed("settlement_in_progress", "settlement_in_progress",
                    "A settlement of this job is in progress.", null);
        }
    }

    /** A SETTLING job whose recorded tx is a verified allowance charge of it is released here; else not ours. */
    @Override
    public boolean reconcile(Job job) {
        if (job.txId() == null || job.payer() == null) {
            return false;
        }
        Optional<RailBinding> rail = rails.byNetwork(NetworkId.of(job.network()));
        Optional<AllowanceCharges> charges = rail.flatMap(r -> r.rail().allowanceCharges());
        if (charges.isEmpty() || rail.get().asset(job.asset()).filter(a -> !a.isNative()).isEmpty()) {
            return false;
        }
        PaymentIntent intent = intent(job, rail.get(), job.payer());
        long validUntil = job.txValidUntil() == null ? -1 : job.txValidUntil();
        // Landed and an allowance charge of this job? (EVM judges events at once when asked for PROCESSED; Solana
        // reads contents at confirmed at least.) If not: unseen, failed or no charge of ours, which the plain check
        // judges the same way.
        PaymentCheck landed = charges.get().check(intent, job.txId(), Commitment.PROCESSED, validUntil);
        if (landed.status() != PaymentCheck.Status.VERIFIED) {
            return false;
        }
        // Ours from here: only this check may judge it (the plain one would call a landed charge a wrong payment).
        Commitment commitment = config.effectiveCommitment(requested(job));
        PaymentCheck check = charges.get().check(intent, job.txId(), commitment, validUntil);
        if (check.status() == PaymentCheck.Status.VERIFIED) {
            release(job, rail.get(), job.txId(), commitment, job.payer());
        }
        return true;
    }

    /** The finality the billed request's terms asked for (its job's quote records billing.finality), else CONFIRMED. */
    private Commitment requested(Job job) {
        if (job.quoteJson() != null && job.quoteJson().contains("\"finality\"")) {
            com.fasterxml.jackson.databind.JsonNode finality = json.readTree(job.quoteJson()).path("billing")
                    .path("finality");
            if (finality.isTextual()) {
                try {
                    return Commitment.parse(finality.asText());
                } catch (IllegalArgumentException e) {
                    return Commitment.CONFIRMED;
                }
            }
        }
        return Commitment.CONFIRMED;
    }

    /** The job's payment with its payer fixed: an allowance charge pulls from that wallet only. */
    static PaymentIntent intent(Job job, RailBinding rail, String payer) {
        PaymentIntent i = JobIntents.intent(job, rail);
        return new PaymentIntent(i.jobId(), i.network(), i.asset(), payer, i.payee(), i.feeRecipient(), i.netUnits(),
                i.feeUnits(), i.memo(), i.payBy());
    }

    private Job current(Job job) {
        return lockbox.find(job.id()).orElse(job);
    }
}
