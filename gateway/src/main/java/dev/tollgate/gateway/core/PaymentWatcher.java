package dev.tollgate.gateway.core;

import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.ObservedPayment;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.VerificationCode;
import dev.tollgate.gateway.api.JsonBodies;
import dev.tollgate.gateway.rails.RailBinding;
import dev.tollgate.lockbox.Job;
import dev.tollgate.lockbox.JobNotSettlingException;
import dev.tollgate.lockbox.JobState;
import dev.tollgate.lockbox.Lockbox;
import dev.tollgate.lockbox.Released;
import dev.tollgate.lockbox.TxAlreadyUsedException;
import dev.tollgate.lockbox.UnhonouredPayment;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at a broadcast payment once and moves its job accordingly: release on a verified payment, back to LOCKED
 * on a definitive failure, nothing while undecided. Both the settle request and the reconciler use it, and the
 * lockbox's compare-and-set makes their races harmless: exactly one release wins.
 *
 * <p>Money that reaches the job's treasuries but cannot be honoured is never dropped: a payment that landed after
 * the job expired, the excess of an overpayment, an underpayment or one from another wallet is recorded as owed.
 */
@Singleton
class PaymentWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(PaymentWatcher.class);

    private final Lockbox lockbox;
    private final JsonBodies json;
    private final Clock clock;

    PaymentWatcher(Lockbox lockbox, JsonBodies json, Clock clock) {
        this.lockbox = lockbox;
        this.json = json;
        this.clock = clock;
    }

    /** @param job the job as it is now, SETTLING with {@code txId} recorded */
    PaymentOutcome observe(Job job, RailBinding rail, String txId, long validUntil, Commitment commitment) {
        PaymentIntent intent = JobIntents.intent(job, rail);
        PaymentCheck check = rail.rail().checkPayment(intent, txId, commitment, validUntil);
        return switch (check.status()) {
            case VERIFIED -> honour(job, intent, txId, commitment, check.observed());
            case PENDING -> new PaymentOutcome.Pending(check);
            // the node itself refused the id as malformed: the caller's input, never a stranded job
            case REJECTED -> check.code() == VerificationCode.INVALID_TX_ID
                    ? fail(job, txId, Code.INVALID_REQUEST,
                            "tx_signature is not a transaction id the " + job.network() + " node accepts", check)
                    : fail(job, txId, Code.PAYMENT_FAILED, "Payment verification failed: " + check.detail(), check);
            case DROPPED -> fail(job, txId, Code.PAYMENT_DROPPED,
                    "The payment never landed and can no longer land; nothing was charged. Settle again.", check);
        };
    }

    /**
     * Looks once at a payment for a job it can no longer pay (already paid by another transaction, or expired past
     * its grace) and records what it brought as owed. Moves no job.
     *
     * @return the check, so the caller can wait while it is pending
     */
    PaymentCheck recordStray(Job job, RailBinding rail, String txId, String reason, Commitment commitment) {
        PaymentCheck check = rail.rail().checkPayment(JobIntents.intent(job, rail), txId, commitment, -1);
        if (check.status() == PaymentCheck.Status.VERIFIED || check.status() == PaymentCheck.Status.REJECTED) {
            ObservedPayment seen = check.observed();
            if (isForThisJob(check) && seen.total().signum() > 0) {
                owe(job, txId, reason, seen, seen.toPayee(), seen.toFeeRecipient());
            }
        }
        return check;
    }

    private PaymentOutcome honour(Job job, PaymentIntent intent, String txId, Commitment commitment,
                                     ObservedPayment seen) {
        if (claimedLate(job) && (seen.blockTime() == null || !seen.blockTime().isBefore(job.expiresAt()))) {
            // the payer paid after the deadline: the output is not theirs, the money is
            owe(job, txId, "late", seen, seen.toPayee(), seen.toFeeRecipient());
            lockbox.returnToLocked(job, txId);
            LOG.info("payment {} for job {} landed after its expiry; recorded as owed", txId, job.id());
            Map<String, Object> facts = facts(job, txId);
            facts.put("expired_at", job.expiresAt().toString());
            if (seen.blockTime() != null) {
                facts.put("landed_at", seen.blockTime().toString());
            }
            facts.put("refund_owed", true);
            return new PaymentOutcome.Failed(new Refusal(Code.PAYMENT_LATE,
                    "The payment landed after the job expired, so its output cannot be released. The payment is"
                            + " recorded as owed back to the payer.", facts));
        }
        BigInteger extraNet = seen.toPayee().subtract(intent.netUnits()).max(BigInteger.ZERO);
        BigInteger extraFee = seen.toFeeRecipient().subtract(intent.feeUnits()).max(BigInteger.ZERO);
        UnhonouredPayment excess = extraNet.signum() == 0 && extraFee.signum() == 0 ? null
                : UnhonouredPayment.of(job, txId, "overpaid", seen.payer(), extraNet, extraFee, seen.blockTime());
        return release(job, txId, commitment, excess);
    }

    /** Claimed only after its TTL had passed: then only a payment that landed before the TTL may release it. */
    private static boolean claimedLate(Job job) {
        return job.settlingSince() != null && !job.settlingSince().isBefore(job.expiresAt());
    }

    private PaymentOutcome release(Job job, String txId, Commitment commitment, UnhonouredPayment excess) {
        try {
            Released released = lockbox.release(job.id(), job.network(), txId, facts(commitment), excess);
            LOG.info("released job {} paid by {} on {}", job.id(), txId, job.network());
            return new PaymentOutcome.Released(released.job(), released.output());
        } catch (TxAlreadyUsedException e) {
            lockbox.returnToLocked(job, txId);
            return new PaymentOutcome.Failed(new Refusal(Code.TX_ALREADY_USED,
                    "This transaction already paid another job; one payment settles one job.",
                    facts(job.network(), txId)));
        } catch (JobNotSettlingException e) {
            return releasedElsewhere(job.id());
        }
    }

    /** Someone else (a concurrent request or the reconciler) released it first: answer with their result. */
    private PaymentOutcome releasedElsewhere(UUID id) {
        Job now = lockbox.find(id).orElseThrow();
        if (now.state() == JobState.RELEASED) {
            return new PaymentOutcome.Released(now, lockbox.releasedOutput(id));
        }
        return new PaymentOutcome.Failed(new Refusal(Code.SETTLEMENT_IN_PROGRESS,
                "The job changed state while settling; look it up and try again."));
    }

    private PaymentOutcome fail(Job job, String txId, Code code, String message, PaymentCheck check) {
        ObservedPayment seen = check.observed();
        if (isForThisJob(check)) {
            // money that came for this job but does not pay it (too little, from another wallet) is owed back
            owe(job, txId, check.code().wireName(), seen, seen.toPayee(), seen.toFeeRecipient());
        }
        lockbox.returnToLocked(job, txId);
        LOG.info("payment {} for job {} failed: {}", txId, job.id(), check.code().wireName());
        Map<String, Object> facts = facts(job, txId);
        facts.put("verification", check.code().wireName());
        if (lockbox.findUnhonoured(job.network(), txId).isPresent()) {
            facts.put("refund_owed", true);
        }
        if (code == Code.INVALID_REQUEST) {
            facts.put("field", "tx_signature");
        }
        return new PaymentOutcome.Failed(new Refusal(code, message, facts));
    }

    /**
     * Whether the money seen was meant for this job: the transaction names it (a memo or job reference for another
     * job means the money belongs to that job's settlement, not here).
     */
    private static boolean isForThisJob(PaymentCheck check) {
        return check.observed() != null && check.code() != VerificationCode.MEMO_MISSING
                && check.code() != VerificationCode.WRONG_NETWORK;
    }

    private boolean owe(Job job, String txId, String reason, ObservedPayment seen, BigInteger toPayee,
                        BigInteger toFee) {
        if (toPayee.signum() == 0 && toFee.signum() == 0) {
            return false;
        }
        boolean recorded = lockbox.recordUnhonoured(UnhonouredPayment.of(job, txId, reason, seen.payer(), toPayee,
                toFee, seen.blockTime()));
        if (recorded) {
            LOG.warn("payment {} on {} for job {} is owed back ({}): {} + {} units of {}", txId, job.network(),
                    job.id(), reason, toPayee, toFee, job.asset());
        }
        return recorded;
    }

    /**
     * What is stored with a released job beyond its own columns: protocol-neutral facts a front-end renders
     * (ATP's settlement_details reads these two keys, which its earlier, fuller record also had).
     */
    private String facts(Commitment commitment) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("commitment", commitment.wireName());
        facts.put("settled_at", clock.instant().toString());
        return json.write(facts);
    }

    private static Map<String, Object> facts(Job job, String txId) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("network", job.network());
        facts.put("tx_signature", txId);
        return facts;
    }

    /** Facts in a fixed order: a wire body must not change between runs. */
    private static Map<String, Object> facts(String network, String txId) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("network", network);
        facts.put("tx_signature", txId);
        return facts;
    }
}
