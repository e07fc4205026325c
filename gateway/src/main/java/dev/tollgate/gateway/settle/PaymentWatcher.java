package dev.tollgate.gateway.settle;

import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.gateway.api.ApiException;
import dev.tollgate.gateway.rails.RailBinding;
import dev.tollgate.lockbox.Job;
import dev.tollgate.lockbox.JobNotSettlingException;
import dev.tollgate.lockbox.Lockbox;
import dev.tollgate.lockbox.Released;
import dev.tollgate.lockbox.TxAlreadyUsedException;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at a broadcast payment once and moves its job accordingly: release on a verified payment, back to LOCKED
 * on a definitive failure, nothing while undecided. Both the settle request and the reconciler use it, and the
 * lockbox's compare-and-set makes their races harmless: exactly one release wins.
 */
@Singleton
class PaymentWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(PaymentWatcher.class);

    private final Lockbox lockbox;
    private final SettlementResponses responses;
    private final Clock clock;

    PaymentWatcher(Lockbox lockbox, SettlementResponses responses, Clock clock) {
        this.lockbox = lockbox;
        this.responses = responses;
        this.clock = clock;
    }

    SettlementOutcome observe(Job job, RailBinding rail, String txId, long validUntil, Commitment commitment) {
        PaymentIntent intent = JobIntents.intent(job, rail);
        PaymentCheck check = rail.rail().checkPayment(intent, txId, commitment, validUntil);
        return switch (check.status()) {
            case VERIFIED -> release(job, txId, commitment);
            case PENDING -> new SettlementOutcome.Pending(check);
            case REJECTED -> fail(job, txId, HttpStatus.BAD_REQUEST, "payment_failed",
                    "Payment verification failed: " + check.detail(), check);
            case DROPPED -> fail(job, txId, HttpStatus.CONFLICT, "payment_dropped",
                    "The payment never landed and can no longer land; nothing was charged. Settle again.", check);
        };
    }

    private SettlementOutcome release(Job job, String txId, Commitment commitment) {
        try {
            Released released = lockbox.release(job.id(), job.network(), txId,
                    responses.details(job, txId, commitment, clock.instant()));
            LOG.info("released job {} paid by {} on {}", job.id(), txId, job.network());
            return new SettlementOutcome.Released(responses.success(released.job(), released.output()));
        } catch (TxAlreadyUsedException e) {
            lockbox.returnToLocked(job.id(), txId);
            return new SettlementOutcome.Failed(new ApiException(HttpStatus.CONFLICT, "tx_already_used",
                    "This transaction already paid another job; one payment settles one job.",
                    Map.of("network", job.network(), "tx_signature", txId)));
        } catch (JobNotSettlingException e) {
            return releasedElsewhere(job.id());
        }
    }

    /** Someone else (a concurrent request or the reconciler) released it first: answer with their result. */
    private SettlementOutcome releasedElsewhere(UUID id) {
        Job now = lockbox.find(id).orElseThrow();
        if (now.state() == dev.tollgate.lockbox.JobState.RELEASED) {
            return new SettlementOutcome.Released(responses.success(now, lockbox.releasedOutput(id)));
        }
        return new SettlementOutcome.Failed(new ApiException(HttpStatus.CONFLICT, "settlement_in_progress",
                "The job changed state while settling; look it up and try again."));
    }

    private SettlementOutcome fail(Job job, String txId, HttpStatus status, String code, String message,
                                   PaymentCheck check) {
        lockbox.returnToLocked(job.id(), txId);
        LOG.info("payment {} for job {} failed: {} ({})", txId, job.id(), check.code(), check.detail());
        return new SettlementOutcome.Failed(new ApiException(status, code, message, Map.of(
                "network", job.network(), "tx_signature", txId, "verification", check.code().wireName())));
    }
}
