package dev.tollgate.gateway.settle;

import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.PayerSecret;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.RailUnavailableException;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.VerificationCode;
import dev.tollgate.gateway.api.ApiException;
import dev.tollgate.gateway.api.RequestFields;
import dev.tollgate.gateway.config.GatewayConfig;
import dev.tollgate.gateway.proof.PayerProofs;
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
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Settle: claim the job (LOCKED → SETTLING) before any money moves, so concurrent settles cannot both pay;
 * record the transaction id before broadcasting it, so a crash never loses money in flight; release only on a
 * payment verified on chain at the requested commitment; hand the output only to a caller that proves it is the
 * payer (its key, or a wallet-signed proof). A payment named without proof still pays the job.
 */
@Singleton
public class SettlementDesk {
    static final String EXPIRED_MESSAGE = "Trade session expired or invalid. Jobs expire after the TTL period.";
    private static final long POLL_MILLIS = 250;

    private final Lockbox lockbox;
    private final PaymentRails rails;
    private final PaymentWatcher watcher;
    private final SettlementResponses responses;
    private final PayerProofs proofs;
    private final GatewayConfig config;
    private final Clock clock;

    SettlementDesk(Lockbox lockbox, PaymentRails rails, PaymentWatcher watcher, SettlementResponses responses,
                   PayerProofs proofs, GatewayConfig config, Clock clock) {
        this.lockbox = lockbox;
        this.rails = rails;
        this.watcher = watcher;
        this.responses = responses;
        this.proofs = proofs;
        this.config = config;
        this.clock = clock;
    }

    /** The response body and its HTTP status (200 released, 202 still pending). */
    public record Answer(HttpStatus status, Map<String, Object> body) {
    }

    public Answer settle(SettleRequest request, PayerProofs.Caller caller) {
        if (request.privateKey() != null && !config.privateKeySettlement()) {
            throw new ApiException(HttpStatus.FORBIDDEN, "private_key_settlement_disabled",
                    "This gateway does not accept private keys (TOLLGATE_PRIVATE_KEY_SETTLEMENT is off). Pay from your"
                            + " wallet and POST {job_id, tx_signature} instead.");
        }
        String tx = request.txSignature();
        // the form of a tx id is checked before anything else: a malformed one never reaches a node or a job
        if (tx != null && rails.all().stream().noneMatch(r -> r.rail().isValidTxId(tx))) {
            throw RequestFields.invalid("tx_signature", "tx_signature is not a transaction id on any network this"
                    + " gateway settles (Solana: base58 of 64 bytes; EVM: 0x and 64 hex digits)");
        }
        Job job = find(request.jobId());
        RailBinding rail = rails.byNetwork(NetworkId.of(job.network()))
                .orElseThrow(() -> new ApiException(HttpStatus.CONFLICT, "network_unavailable",
                        "This job is payable on " + job.network() + ", which this gateway no longer settles."));
        if (tx != null && !rail.rail().isValidTxId(tx)) {
            throw RequestFields.invalid("tx_signature", "tx_signature is not a transaction id on " + job.network());
        }
        if (request.privateKey() != null) {
            return settleWithKey(job, rail, request);
        }
        if (request.proof() != null) {
            proofs.require(request.proof(), job, rail.rail(), caller);
        }
        return settleWithTransaction(job, rail, request, request.proof() != null, caller);
    }

    private Job find(String jobId) {
        UUID id;
        try {
            id = UUID.fromString(jobId);
        } catch (IllegalArgumentException e) {
            throw notFound();
        }
        return lockbox.find(id).orElseThrow(SettlementDesk::notFound);
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
            // no money moves for a job past its TTL: the key path pays only live jobs
            if (job.state() == JobState.EXPIRED || (job.state() == JobState.LOCKED && job.isExpired(clock.instant()))) {
                throw notFound();
            }
            claim(job);
            SignedPayment signed;
            try {
                signed = rail.rail().signPayment(JobIntents.intent(job, rail), secret);
            } catch (PaymentRejectedException e) {
                lockbox.returnToLocked(job.id(), null);
                throw rejected(e, job, null);
            } catch (RailUnavailableException e) {
                lockbox.returnToLocked(job.id(), null);
                throw unavailable(job);
            } catch (RuntimeException e) {
                lockbox.returnToLocked(job.id(), null); // nothing was sent: the job stays settleable
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
                return pending(job, signed.txId(), "the node did not confirm receipt of the payment");
            }
            Job claimed = current(job);
            return answer(claimed, signed.txId(), true, null, follow(() -> watcher.observe(claimed, rail,
                    signed.txId(), signed.validUntil(), commitment(request)), config.settleWaitSeconds()));
        }
    }

    private Answer settleWithTransaction(Job job, RailBinding rail, SettleRequest request, boolean proven,
                                         PayerProofs.Caller caller) {
        String txId = lockbox.canonicalTxId(job.network(), request.txSignature());
        switch (job.state()) {
            case RELEASED -> {
                if (txId.equals(job.txId())) {
                    return proven ? ok(responses.success(job, lockbox.releasedOutput(job.id())))
                            : proofRequired(job, caller);
                }
                // a second payment for a job already paid: the money is recorded as owed, never kept silently
                throw stray(job, rail, txId, "job_already_paid", request, facts -> new ApiException(
                        HttpStatus.CONFLICT, "already_settled", "Trade was already settled or expired", facts));
            }
            case SETTLING -> {
                if (!txId.equals(job.txId())) {
                    throw inProgress(job);
                }
                // the same payment again (e.g. after a 202): look at it, never claim twice
                return answer(job, txId, proven, caller, follow(() -> watcher.observe(current(job), rail, txId,
                        validUntil(job), commitment(request)), config.settleWaitSeconds()));
            }
            default -> {
                boolean late = job.state() == JobState.EXPIRED || job.isExpired(clock.instant());
                ClaimResult claim = late ? lockbox.claimLate(job.id()) : lockbox.claim(job.id());
                if (late && claim == ClaimResult.EXPIRED) {
                    // past the grace: nothing can be released, but money that came for the job is recorded
                    throw stray(job, rail, txId, "job_expired", request,
                            facts -> new ApiException(HttpStatus.NOT_FOUND, "job_not_found", EXPIRED_MESSAGE, facts));
                }
                requireClaimed(claim, job);
            }
        }
        if (!lockbox.recordPendingTx(job.id(), txId, -1)) {
            throw inProgress(job);
        }
        Job claimed = current(job);
        SettlementOutcome outcome = follow(() -> watcher.observe(claimed, rail, txId, -1, commitment(request)),
                config.unseenTxGraceSeconds());
        if (outcome instanceof SettlementOutcome.Pending p && p.check().code() == VerificationCode.TX_NOT_FOUND) {
            // A signature we have never seen must not hold the job hostage: release the claim.
            lockbox.returnToLocked(job.id(), txId);
            throw new ApiException(HttpStatus.NOT_FOUND, "tx_not_found", "Transaction " + txId + " was not found on "
                    + job.network() + ". If you just sent it, settle again in a few seconds.",
                    Map.of("network", job.network(), "tx_signature", txId));
        }
        return answer(claimed, txId, proven, caller, outcome);
    }

    /**
     * Waits for a payment to a job that can no longer take it (already paid, or expired past its grace) to be
     * decided, recording what it brought as owed, and returns the error to answer with, its facts saying whether a
     * refund is owed.
     */
    private ApiException stray(Job job, RailBinding rail, String txId, String reason, SettleRequest request,
                               Function<Map<String, Object>, ApiException> error) {
        SettlementOutcome outcome = follow(() -> {
            PaymentCheck check = watcher.recordStray(job, rail, txId, reason, commitment(request));
            return check.isFinal() ? new SettlementOutcome.Failed(error.apply(strayFacts(job, txId)))
                    : new SettlementOutcome.Pending(check);
        }, config.unseenTxGraceSeconds());
        return outcome instanceof SettlementOutcome.Failed f ? f.error() : error.apply(strayFacts(job, txId));
    }

    private Map<String, Object> strayFacts(Job job, String txId) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("network", job.network());
        facts.put("tx_signature", txId);
        facts.put("refund_owed", lockbox.findUnhonoured(job.network(), txId).isPresent());
        return facts;
    }

    /**
     * Watches until decided or the request's wait is over. A transaction the node has not seen at all is given
     * only {@code unseenSeconds}; once seen, the full settle wait applies.
     */
    private SettlementOutcome follow(Supplier<SettlementOutcome> look, int unseenSeconds) {
        // a wall-clock wait, not business time: the injected clock may be frozen in tests
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(config.settleWaitSeconds());
        long unseenDeadline = start + TimeUnit.SECONDS.toNanos(Math.min(unseenSeconds, config.settleWaitSeconds()));
        SettlementOutcome outcome;
        while (true) {
            try {
                outcome = look.get();
            } catch (RailUnavailableException e) {
                // never echo the outage's text: it can carry an RPC URL holding a provider's key
                outcome = new SettlementOutcome.Pending(PaymentCheck.pending(VerificationCode.NOT_FINAL,
                        "the node could not be reached"));
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

    private Answer answer(Job job, String txId, boolean proven, PayerProofs.Caller caller, SettlementOutcome outcome) {
        return switch (outcome) {
            case SettlementOutcome.Released r -> proven ? ok(responses.success(r.job(), r.output()))
                    : proofRequired(r.job(), caller);
            case SettlementOutcome.Failed f -> throw f.error();
            case SettlementOutcome.Pending p -> pendingAnswer(job, txId, p.check());
        };
    }

    /**
     * 403: the job is paid, but nothing proves the caller is its payer (a transaction signature is public). The
     * payer settles again with a proof signed by user_wallet; the body says exactly what to sign.
     */
    private Answer proofRequired(Job job, PayerProofs.Caller caller) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", "payer_proof_required");
        error.put("message", "The payment is verified and the job is paid, but its output goes only to its payer:"
                + " settle again with a payer_proof (or the SIGN-IN-WITH-X header) signed by user_wallet.");
        error.put("job_id", job.id().toString());
        error.put("paid", true);
        error.put("network", job.network());
        error.put("tx_signature", job.txId());
        error.put("sign_in_with_x", proofs.challenge(job, caller));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("detail", error.get("message"));
        return new Answer(HttpStatus.FORBIDDEN, body);
    }

    private void claim(Job job) {
        requireClaimed(lockbox.claim(job.id()), job);
    }

    private static void requireClaimed(ClaimResult result, Job job) {
        switch (result) {
            case CLAIMED -> { }
            case NOT_FOUND, EXPIRED -> throw notFound();
            case IN_PROGRESS -> throw inProgress(job);
            case ALREADY_RELEASED -> throw new ApiException(HttpStatus.CONFLICT, "already_settled",
                    "Trade was already settled or expired");
        }
    }

    /** The job as stored now (after a claim: with its {@code settlingSince}). */
    private Job current(Job job) {
        return lockbox.find(job.id()).orElseThrow(SettlementDesk::notFound);
    }

    private Commitment commitment(SettleRequest request) {
        return config.effectiveCommitment(request.commitment());
    }

    private static long validUntil(Job job) {
        return job.txValidUntil() == null ? -1 : job.txValidUntil();
    }

    private static PayerSecret parseKey(RailBinding rail, String text) {
        try {
            return rail.rail().parseSecret(text);
        } catch (PaymentRejectedException e) {
            throw ApiException.badRequest("invalid_private_key", "Invalid private_key: " + e.getMessage());
        }
    }

    /**
     * A refusal before anything landed. The node's own text is never echoed (it can carry RPC details); the
     * reason is a code with a sentence of ours.
     */
    private static ApiException rejected(PaymentRejectedException e, Job job, String txId) {
        String code;
        String message;
        switch (e.reason()) {
            case INSUFFICIENT_FUNDS -> {
                code = "insufficient_funds";
                message = "The payer's balance does not cover the payment and the network fee";
            }
            case INVALID_KEY -> {
                code = "invalid_private_key";
                message = "The private key cannot sign this payment";
            }
            default -> {
                code = "payment_rejected";
                message = "The network refused the payment before it landed (" + e.reason().name()
                        .toLowerCase(java.util.Locale.ROOT) + ")";
            }
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("network", job.network());
        if (txId != null) {
            facts.put("tx_signature", txId);
        }
        facts.put("settleable_until", job.expiresAt().toString());
        return new ApiException(HttpStatus.BAD_REQUEST, code, message
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
     * repeat settle (or GET /v1/agent/jobs/{id}) shows the result. Never a second payment. The message states the
     * verification code only: a pending check's detail may come from a node.
     */
    private static Answer pendingAnswer(Job job, String txId, PaymentCheck check) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", "settlement_pending");
        error.put("message", "Payment sent but not yet final (" + check.code().wireName() + "). Do not pay again:"
                + " settle again or GET /v1/agent/jobs/" + job.id() + " to collect the output once it is final.");
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
