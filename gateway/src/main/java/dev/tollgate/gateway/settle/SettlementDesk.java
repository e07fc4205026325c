package dev.tollgate.gateway.settle;

import dev.tollgate.chain.PayerSecret;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.RailUnavailableException;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.VerificationCode;
import dev.tollgate.gateway.api.ApiException;
import dev.tollgate.gateway.config.GatewayConfig;
import dev.tollgate.gateway.rails.PaymentRails;
import dev.tollgate.gateway.rails.RailBinding;
import dev.tollgate.lockbox.ClaimResult;
import dev.tollgate.lockbox.Job;
import dev.tollgate.lockbox.JobState;
import dev.tollgate.lockbox.Lockbox;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Settle: claim the job (LOCKED → SETTLING) before any money moves, so concurrent settles cannot both pay;
 * record the transaction id before broadcasting it, so a crash never loses money in flight; release only on a
 * payment verified on chain at the requested commitment.
 */
@Singleton
public class SettlementDesk {
    static final String EXPIRED_MESSAGE = "Trade session expired or invalid. Jobs expire after the TTL period.";
    private static final long POLL_MILLIS = 250;

    private final Lockbox lockbox;
    private final PaymentRails rails;
    private final PaymentWatcher watcher;
    private final SettlementResponses responses;
    private final GatewayConfig config;
    private final Clock clock;

    SettlementDesk(Lockbox lockbox, PaymentRails rails, PaymentWatcher watcher, SettlementResponses responses,
                   GatewayConfig config, Clock clock) {
        this.lockbox = lockbox;
        this.rails = rails;
        this.watcher = watcher;
        this.responses = responses;
        this.config = config;
        this.clock = clock;
    }

    /** The response body and its HTTP status (200 released, 202 still pending). */
    public record Answer(HttpStatus status, Map<String, Object> body) {
    }

    public Answer settle(SettleRequest request) {
        if (request.privateKey() != null && !config.privateKeySettlement()) {
            throw new ApiException(HttpStatus.FORBIDDEN, "private_key_settlement_disabled",
                    "This gateway does not accept private keys (TOLLGATE_PRIVATE_KEY_SETTLEMENT is off). Pay from your"
                            + " wallet and POST {job_id, tx_signature} instead.");
        }
        Job job = findLive(request.jobId());
        RailBinding rail = rails.byNetwork(dev.tollgate.chain.NetworkId.of(job.network()))
                .orElseThrow(() -> new ApiException(HttpStatus.CONFLICT, "network_unavailable",
                        "This job is payable on " + job.network() + ", which this gateway no longer settles."));
        return request.privateKey() != null ? settleWithKey(job, rail, request) : settleWithTransaction(job, rail, request);
    }

    private Job findLive(String jobId) {
        UUID id;
        try {
            id = UUID.fromString(jobId);
        } catch (IllegalArgumentException e) {
            throw notFound();
        }
        Job job = lockbox.find(id).orElseThrow(SettlementDesk::notFound);
        if (job.state() == JobState.EXPIRED || (job.state() == JobState.LOCKED && job.isExpired(clock.instant()))) {
            throw notFound();
        }
        return job;
    }

    private Answer settleWithKey(Job job, RailBinding rail, SettleRequest request) {
        try (PayerSecret secret = parseKey(rail, request.privateKey())) {
            if (!rail.rail().canonicalAddress(rail.rail().addressOf(secret)).equals(job.payer())) {
                throw ApiException.badRequest("payer_mismatch",
                        "Payer mismatch: private key does not correspond to the job sender wallet.");
            }
            if (job.state() == JobState.RELEASED) {
                return ok(responses.success(job, lockbox.releasedOutput(job.id())));
            }
            claim(job);
            SignedPayment signed;
            try {
                signed = rail.rail().signPayment(JobIntents.intent(job, rail), secret);
            } catch (PaymentRejectedException e) {
                lockbox.returnToLocked(job.id());
                throw rejected(e, job, null);
            } catch (RailUnavailableException e) {
                lockbox.returnToLocked(job.id());
                throw unavailable(job);
            } catch (RuntimeException e) {
                lockbox.returnToLocked(job.id()); // nothing was sent: the job stays settleable
                throw e;
            }
            // Recorded before broadcast: from here on the job is only moved by what the chain says.
            if (!lockbox.recordPendingTx(job.id(), signed.txId(), signed.validUntil())) {
                throw inProgress(job);
            }
            try {
                rail.rail().submit(signed, request.skipPreflight());
            } catch (PaymentRejectedException e) {
                if (e.reason() != PaymentRejectedException.Reason.ALREADY_PROCESSED) {
                    lockbox.returnToLocked(job.id(), signed.txId());
                    throw rejected(e, job, signed.txId());
                }
            } catch (RailUnavailableException e) {
                return pending(job, signed.txId(), "The node did not confirm receipt of the payment.");
            }
            return answer(job, signed.txId(), follow(job, rail, signed.txId(), signed.validUntil(), request,
                    config.settleWaitSeconds()));
        }
    }

    private Answer settleWithTransaction(Job job, RailBinding rail, SettleRequest request) {
        String txId = request.txSignature();
        if (job.state() == JobState.RELEASED) {
            if (Lockbox.canonicalTxId(job.network(), txId).equals(job.txId())) {
                return ok(responses.success(job, lockbox.releasedOutput(job.id())));
            }
            throw new ApiException(HttpStatus.CONFLICT, "already_settled", "Trade was already settled or expired");
        }
        claim(job);
        if (!lockbox.recordPendingTx(job.id(), txId, -1)) {
            throw inProgress(job);
        }
        SettlementOutcome outcome = follow(job, rail, txId, -1, request, config.unseenTxGraceSeconds());
        if (outcome instanceof SettlementOutcome.Pending p && p.check().code() == VerificationCode.TX_NOT_FOUND) {
            // A signature we have never seen must not hold the job hostage: release the claim.
            lockbox.returnToLocked(job.id(), txId);
            throw new ApiException(HttpStatus.NOT_FOUND, "tx_not_found", "Transaction " + txId + " was not found on "
                    + job.network() + ". If you just sent it, settle again in a few seconds.",
                    Map.of("network", job.network(), "tx_signature", txId));
        }
        return answer(job, txId, outcome);
    }

    /**
     * Watches the payment until it is decided or the request's wait is over. A transaction the node has not seen
     * at all is given only {@code unseenSeconds}; once seen, the full settle wait applies.
     */
    private SettlementOutcome follow(Job job, RailBinding rail, String txId, long validUntil, SettleRequest request,
                                     int unseenSeconds) {
        // a wall-clock wait, not business time: the injected clock may be frozen in tests
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(config.settleWaitSeconds());
        long unseenDeadline = start + TimeUnit.SECONDS.toNanos(Math.min(unseenSeconds, config.settleWaitSeconds()));
        SettlementOutcome outcome;
        while (true) {
            try {
                outcome = watcher.observe(job, rail, txId, validUntil, config.effectiveCommitment(request.commitment()));
            } catch (RailUnavailableException e) {
                outcome = new SettlementOutcome.Pending(PaymentCheck.pending(VerificationCode.NOT_FINAL, e.getMessage()));
            }
            if (!(outcome instanceof SettlementOutcome.Pending pending) || System.nanoTime() - deadline >= 0) {
                break;
            }
            if (pending.check().code() == VerificationCode.TX_NOT_FOUND && System.nanoTime() - unseenDeadline >= 0) {
                break;
            }
            sleep();
        }
        return outcome;
    }

    private static Answer answer(Job job, String txId, SettlementOutcome outcome) {
        return switch (outcome) {
            case SettlementOutcome.Released r -> ok(r.response());
            case SettlementOutcome.Failed f -> throw f.error();
            case SettlementOutcome.Pending p -> pendingAnswer(job, txId, p.check());
        };
    }

    private void claim(Job job) {
        ClaimResult result = lockbox.claim(job.id());
        switch (result) {
            case CLAIMED -> { }
            case NOT_FOUND, EXPIRED -> throw notFound();
            case IN_PROGRESS -> throw inProgress(job);
            case ALREADY_RELEASED -> throw new ApiException(HttpStatus.CONFLICT, "already_settled",
                    "Trade was already settled or expired");
        }
    }

    private static PayerSecret parseKey(RailBinding rail, String text) {
        try {
            return rail.rail().parseSecret(text);
        } catch (PaymentRejectedException e) {
            throw ApiException.badRequest("invalid_private_key", "Invalid private_key: " + e.getMessage());
        }
    }

    private static ApiException rejected(PaymentRejectedException e, Job job, String txId) {
        String code = switch (e.reason()) {
            case INSUFFICIENT_FUNDS -> "insufficient_funds";
            case INVALID_KEY -> "invalid_private_key";
            default -> "payment_rejected";
        };
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("network", job.network());
        if (txId != null) {
            facts.put("tx_signature", txId);
        }
        facts.put("settleable_until", job.expiresAt().toString());
        return new ApiException(HttpStatus.BAD_REQUEST, code, e.getMessage()
                + ". Nothing was charged; the job can still be settled until it expires.", facts);
    }

    private static ApiException unavailable(Job job) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "rail_unavailable", "The " + job.network()
                + " node could not be reached; nothing was sent. Try again.", Map.of("network", job.network()));
    }

    private static ApiException inProgress(Job job) {
        return new ApiException(HttpStatus.CONFLICT, "settlement_in_progress",
                "Trade was already settled or expired: a settlement of this job is in progress.",
                job.txId() == null ? Map.of() : Map.of("tx_signature", job.txId()));
    }

    static ApiException notFound() {
        return new ApiException(HttpStatus.NOT_FOUND, "job_not_found", EXPIRED_MESSAGE);
    }

    private Answer pending(Job job, String txId, String why) {
        return pendingAnswer(job, txId, PaymentCheck.pending(VerificationCode.NOT_FINAL, why));
    }

    /**
     * 202: the payment is broadcast but not decided. The job stays SETTLING; the reconciler finishes it and a
     * repeat settle (or GET /v1/agent/jobs/{id}) shows the result. Never a second payment.
     */
    private static Answer pendingAnswer(Job job, String txId, PaymentCheck check) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", "settlement_pending");
        error.put("message", "Payment sent but not yet final (" + check.detail() + "). Do not pay again: settle"
                + " again or GET /v1/agent/jobs/" + job.id() + " to collect the output once it is final.");
        error.put("network", job.network());
        error.put("tx_signature", txId);
        error.put("verification", check.code().wireName());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "pending");
        body.put("job_id", job.id().toString());
        body.put("tx_signature", txId);
        body.put("error", error);
        body.put("detail", error.get("message"));
        return new Answer(HttpStatus.ACCEPTED, body);
    }

    private static Answer ok(Map<String, Object> body) {
        return new Answer(HttpStatus.OK, body);
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "interrupted", "The gateway is shutting down.");
        }
    }
}
