package dev.tollgate.gateway.core;

import dev.tollgate.chain.ClientPaymentRefusedException;
import dev.tollgate.chain.ClientPayments;
import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.CustodialSigner;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.PayerSecret;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.RailUnavailableException;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.VerificationCode;
import dev.tollgate.gateway.config.GatewayConfig;
import dev.tollgate.gateway.proof.PayerProofs;
import dev.tollgate.gateway.rails.PaymentRails;
import dev.tollgate.gateway.rails.RailBinding;
import dev.tollgate.lockbox.ClaimResult;
import dev.tollgate.lockbox.Job;
import dev.tollgate.lockbox.JobState;
import dev.tollgate.lockbox.Lockbox;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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
public class Settlement {
    private static final String EXPIRED = "The job is unknown or has expired.";

    private final Lockbox lockbox;
    private final PaymentRails rails;
    private final PaymentWatcher watcher;
    private final PayerProofs proofs;
    private final GatewayConfig config;
    private final Clock clock;

    private final java.util.List<ExactReconciliation> exact;
    private final PayerTurns turns;

    Settlement(Lockbox lockbox, PaymentRails rails, PaymentWatcher watcher, PayerProofs proofs, GatewayConfig config,
               Clock clock, java.util.List<ExactReconciliation> exact, PayerTurns turns) {
        this.exact = exact;
        this.turns = turns;
        this.lockbox = lockbox;
        this.rails = rails;
        this.watcher = watcher;
        this.proofs = proofs;
        this.config = config;
        this.clock = clock;
    }

    public SettleOutcome settle(SettleCommand request) {
        return settle(request, config.privateKeySettlement());
    }

    /**
     * A billed request's key-mode settle ({@code /v1/billing/settle}): allowed by {@code tollgate.billing.allow-private-key},
     * which its caller checked, rather than ATP's {@code TOLLGATE_PRIVATE_KEY_SETTLEMENT}; otherwise {@link #settle}.
     */
    public SettleOutcome settleBilled(SettleCommand request) {
        return settle(request, true);
    }

    private SettleOutcome settle(SettleCommand request, boolean keysAllowed) {
        try {
            return settleOrRefuse(request, keysAllowed);
        } catch (Refusal refusal) {
            return new SettleOutcome.Refused(refusal);
        } catch (RailUnavailableException e) {
            return new SettleOutcome.Refused(new Refusal(Code.RAIL_UNAVAILABLE,
                    "A chain node could not be reached; nothing was changed by this request. Try again."));
        }
    }

    private SettleOutcome settleOrRefuse(SettleCommand request, boolean keysAllowed) {
        PayerProofs.Caller caller = request.caller();
        if (request.privateKey() != null && !keysAllowed) {
            throw new Refusal(Code.PRIVATE_KEY_SETTLEMENT_DISABLED,
                    "This gateway does not accept private keys (TOLLGATE_PRIVATE_KEY_SETTLEMENT is off). Pay from your"
                            + " wallet and POST {job_id, tx_signature} instead.");
        }
        String tx = request.txSignature();
        // the form of a tx id is checked before anything else: a malformed one never reaches a node or a job
        if (tx != null && rails.all().stream().noneMatch(r -> r.rail().isValidTxId(tx))) {
            throw Refusal.invalid("tx_signature", "tx_signature is not a transaction id on any network this"
                    + " gateway settles (Solana: base58 of 64 bytes; EVM: 0x and 64 hex digits)");
        }
        Job job = find(request.jobId());
        RailBinding rail = rails.byNetwork(NetworkId.of(job.network()))
                .orElseThrow(() -> new Refusal(Code.NETWORK_UNAVAILABLE,
                        "This job is payable on " + job.network() + ", which this gateway no longer settles."));
        if (tx != null && !rail.rail().isValidTxId(tx)) {
            throw Refusal.invalid("tx_signature", "tx_signature is not a transaction id on " + job.network());
        }
        // a proof sent along is checked on every path (also with a key), so a refused proof never passes unnoticed
        if (request.proof() != null) {
            proofs.require(request.proof(), job, rail.rail(), caller);
        }
        if (request.privateKey() != null) {
            return settleWithKey(job, rail, request);
        }
        if (request.clientPayment() != null) {
            return settleWithClientPayment(job, rail, request, request.proof() != null);
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
        return lockbox.find(id).orElseThrow(Settlement::notFound);
    }

    /**
     * The payer wallet's turn (see {@link PayerTurns}); a wait past the settle wait returns the claimed job to
     * LOCKED unpaid, and so does an interruption.
     */
    private PayerTurns.Held payerTurn(Job job) {
        PayerTurns.Held turn;
        try {
            turn = turns.take(job.network(), job.payer(), java.time.Duration.ofSeconds(config.settleWaitSeconds()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lockbox.returnToLocked(job, null);
            throw new Refusal(Code.INTERRUPTED, "The gateway is shutting down.");
        }
        if (turn == null) {
            lockbox.returnToLocked(job, null);
            throw new Refusal(Code.RAIL_UNAVAILABLE, "Other payments of this wallet on " + job.network()
                    + " are still being sent; nothing was sent for this job. Try again.",
                    Map.of("network", job.network()));
        }
        return turn;
    }

    private SettleOutcome settleWithKey(Job job, RailBinding rail, SettleCommand request) {
        CustodialSigner signer = rail.rail().custodialSigner().orElseThrow(() -> new Refusal(
                Code.PRIVATE_KEY_SETTLEMENT_DISABLED, "Payments on " + job.network() + " cannot be made from a key here."
                        + " Pay from your wallet and POST {job_id, tx_signature, payer_proof} instead."));
        try (PayerSecret secret = parseKey(signer, request.privateKey())) {
            if (!rail.rail().canonicalAddress(signer.addressOf(secret)).equals(job.payer())) {
                throw new Refusal(Code.PAYER_MISMATCH, "The private key does not belong to the job's wallet (user_wallet).");
            }
            if (job.state() == JobState.RELEASED) {
                return new SettleOutcome.Released(job, lockbox.releasedOutput(job.id()));
            }
            // no money moves for a job past its TTL: the key path pays only live jobs
            if (job.state() == JobState.EXPIRED || (job.state() == JobState.LOCKED && job.isExpired(clock.instant()))) {
                throw notFound();
            }
            claim(job);
            SignedPayment signed;
            // the wallet's turn from signing to broadcast: its next payment is signed on what this one leaves
            try (PayerTurns.Held turn = signer.signsInTurnPerPayer() ? payerTurn(job) : null) {
                try {
                    signed = signer.signPayment(JobIntents.intent(job, rail), secret);
                } catch (PaymentRejectedException e) {
                    lockbox.returnToLocked(job, null);
                    throw rejected(e, job, null);
                } catch (RailUnavailableException e) {
                    lockbox.returnToLocked(job, null);
                    throw unavailable(job);
                } catch (RuntimeException e) {
                    lockbox.returnToLocked(job, null); // nothing was sent: the job stays settleable
                    throw e;
                }
                // Recorded before broadcast: from here on the job is only moved by what the chain says.
                boolean recorded;
                try {
                    recorded = lockbox.recordPendingTx(job, signed.txId(), signed.validUntil());
                } catch (RuntimeException e) {
                    signer.discard(signed); // never sent: its nonce must not hold back the wallet's next payment
                    throw e;
                }
                if (!recorded) {
                    signer.discard(signed); // our claim was lost (a stale-claim sweep): this payment is never sent
                    throw inProgress(job);
                }
                try {
                    signer.submit(signed, request.skipPreflight()); // accepted or already known: both are watched alike
                } catch (PaymentRejectedException e) {
                    lockbox.returnToLocked(job, signed.txId());
                    throw rejected(e, job, signed.txId());
                } catch (RailUnavailableException e) {
                    return pending(job, signed.txId());
                }
            }
            Job claimed = current(job);
            return answer(claimed, signed.txId(), true, follow(() -> watcher.observe(claimed, rail,
                    signed.txId(), signed.validUntil(), commitment(request)), config.settleWaitSeconds()));
        }
    }

    /**
     * A payment the payer signed itself: claimed like the key path (no money moves for an expired job), inspected
     * (a refusal un-claims: nothing was sent), recorded, then broadcast and followed.
     *
     * <p>Who gets the output: signed bytes are secret only until they are broadcast (then anyone can copy them
     * from the mempool or the chain). So the bytes prove the caller is the payer only when this request's broadcast
     * was the first: our compare-and-set recorded them for the first time and the node said {@code ACCEPTED}. Bytes
     * the node already knew, bytes an earlier attempt already sent (it failed, was dropped or rejected), and a retry
     * of bytes already recorded for the job (after a lost response or a 202) are treated like a bare tx id: never
     * paid twice, the job is paid, and the output needs a wallet proof (payer_proof or SIGN-IN-WITH-X), which the
     * real payer can always make.
     */
    private SettleOutcome settleWithClientPayment(Job job, RailBinding rail, SettleCommand request, boolean proven) {
        ClientPayments payments = rail.rail().clientPayments().orElseThrow(() -> new Refusal(
                Code.CLIENT_PAYMENT_UNSUPPORTED, "Payments signed by the client are not taken on " + job.network()
                + ". Pay from your wallet and POST {job_id, tx_signature, payer_proof} instead.",
                Map.of("network", job.network())));
        String digest = ClientPaymentDigest.of(request.clientPayment());
        Optional<SettleOutcome> repeat = repeatedClientPayment(job, rail, request, digest, proven);
        if (repeat.isPresent()) {
            return repeat.get();
        }
        if (job.state() == JobState.EXPIRED || job.isExpired(clock.instant())) {
            throw notFound(); // a client-signed payment is only sent for a live job
        }
        ClaimResult claim = lockbox.claim(job.id());
        if (claim == ClaimResult.IN_PROGRESS || claim == ClaimResult.ALREADY_RELEASED) {
            // a concurrent settle, maybe of these very bytes: once it has recorded them, answer like a retry
            repeat = repeatedClientPayment(current(job), rail, request, digest, proven);
            if (repeat.isPresent()) {
                return repeat.get();
            }
        }
        requireClaimed(claim, job);
        SignedPayment signed;
        try {
            signed = payments.inspect(JobIntents.intent(job, rail), request.clientPayment());
        } catch (ClientPaymentRefusedException e) {
            lockbox.returnToLocked(job, null); // refused payments are never broadcast: the job stays settleable
            throw refused(e, job);
        } catch (RailUnavailableException e) {
            lockbox.returnToLocked(job, null);
            throw unavailable(job);
        } catch (RuntimeException e) {
            lockbox.returnToLocked(job, null);
            throw e;
        }
        // sent before (an attempt that failed, was dropped or rejected): it may be public, so it proves nothing
        boolean sentBefore = lockbox.clientPaymentTx(job.id(), job.network(), digest).isPresent();
        // Recorded before broadcast, with the digest of what the client sent: a retry finds this tx
        if (!lockbox.recordPendingClientTx(job.id(), signed.txId(), signed.validUntil(), digest)) {
            payments.discard(signed); // our claim was lost: never sent, and what inspection reserved is freed
            throw inProgress(current(job));
        }
        CustodialSigner.Submission submission;
        try {
            submission = payments.submit(signed);
        } catch (PaymentRejectedException e) {
            payments.discard(signed);
            lockbox.returnToLocked(job, signed.txId());
            throw rejected(e, job, signed.txId());
        } catch (RailUnavailableException e) {
            return pending(job, signed.txId());
        }
        boolean payerProven = proven || (submission == CustodialSigner.Submission.ACCEPTED && !sentBefore);
        Job claimed = current(job);
        return answer(claimed, signed.txId(), payerProven, follow(() -> watcher.observe(claimed, rail,
                signed.txId(), signed.validUntil(), commitment(request)), config.settleWaitSeconds()));
    }

    /**
     * The answer to a client payment already recorded for this job (same digest, same tx), looked at and never sent
     * again; empty when the job is not being paid or paid yet. A different payment for a job being paid or paid is
     * refused without being sent.
     */
    private Optional<SettleOutcome> repeatedClientPayment(Job job, RailBinding rail, SettleCommand request,
                                                          String digest, boolean proven) {
        if (job.state() != JobState.RELEASED && job.state() != JobState.SETTLING) {
            return Optional.empty();
        }
        boolean same = job.txId() != null && lockbox.clientPaymentTx(job.id(), job.network(), digest)
                .filter(job.txId()::equals).isPresent();
        if (job.state() == JobState.RELEASED) {
            if (!same) {
                throw new Refusal(Code.ALREADY_SETTLED, "The job was already paid by another transaction; this"
                        + " payment was not sent.", Map.of("network", job.network()));
            }
            return Optional.of(proven ? new SettleOutcome.Released(job, lockbox.releasedOutput(job.id()))
                    : new SettleOutcome.PaidProofRequired(job));
        }
        if (!same) {
            throw inProgress(job);
        }
        String txId = job.txId();
        return Optional.of(answer(job, txId, proven, follow(() -> watcher.observe(current(job), rail, txId,
                validUntil(job), commitment(request)), config.settleWaitSeconds())));
    }

    private SettleOutcome settleWithTransaction(Job job, RailBinding rail, SettleCommand request, boolean proven,
                                         PayerProofs.Caller caller) {
        String txId = lockbox.canonicalTxId(job.network(), request.txSignature());
        switch (job.state()) {
            case RELEASED -> {
                if (txId.equals(job.txId())) {
                    return proven ? new SettleOutcome.Released(job, lockbox.releasedOutput(job.id()))
                            : new SettleOutcome.PaidProofRequired(job);
                }
                // a second payment for a job already paid: the money is recorded as owed, never kept silently
                throw stray(job, rail, txId, "job_already_paid", request, facts -> new Refusal(
                        Code.ALREADY_SETTLED, "The job was already paid by another transaction.", facts));
            }
            case SETTLING -> {
                if (!txId.equals(job.txId())) {
                    throw inProgress(job);
                }
                if (exact.stream().anyMatch(e -> e.reconcile(job))) {
                    // an x402 settlement: only its scheme can judge it (the memo check would call it failed)
                    throw inProgress(current(job));
                }
                // the same payment again (e.g. after a 202): look at it, never claim twice
                return answer(job, txId, proven, follow(() -> watcher.observe(current(job), rail, txId,
                        validUntil(job), commitment(request)), config.settleWaitSeconds()));
            }
            default -> {
                boolean late = job.state() == JobState.EXPIRED || job.isExpired(clock.instant());
                ClaimResult claim = late ? lockbox.claimLate(job.id()) : lockbox.claim(job.id());
                if (late && claim == ClaimResult.EXPIRED) {
                    // past the grace: nothing can be released, but money that came for the job is recorded
                    throw stray(job, rail, txId, "job_expired", request,
                            facts -> new Refusal(Code.JOB_NOT_FOUND, EXPIRED, facts));
                }
                requireClaimed(claim, job);
            }
        }
        if (!lockbox.recordPendingTx(job, txId, -1)) {
            throw inProgress(job);
        }
        Job claimed = current(job);
        PaymentOutcome outcome = follow(() -> watcher.observe(claimed, rail, txId, -1, commitment(request)),
                config.unseenTxGraceSeconds());
        if (outcome instanceof PaymentOutcome.Pending p && p.check().code() == VerificationCode.TX_NOT_FOUND) {
            // A signature we have never seen must not hold the job hostage: release the claim.
            lockbox.returnToLocked(job, txId);
            throw new Refusal(Code.TX_NOT_FOUND, "Transaction " + txId + " was not found on "
                    + job.network() + ". If you just sent it, settle again in a few seconds.",
                    facts(job.network(), txId));
        }
        return answer(claimed, txId, proven, outcome);
    }

    /**
     * Waits for a payment to a job that can no longer take it (already paid, or expired past its grace) to be
     * decided, recording what it brought as owed, and returns the error to answer with, its facts saying whether a
     * refund is owed.
     */
    private Refusal stray(Job job, RailBinding rail, String txId, String reason, SettleCommand request,
                          Function<Map<String, Object>, Refusal> error) {
        PaymentOutcome outcome = follow(() -> {
            PaymentCheck check = watcher.recordStray(job, rail, txId, reason, commitment(request));
            return check.isFinal() ? new PaymentOutcome.Failed(error.apply(strayFacts(job, txId)))
                    : new PaymentOutcome.Pending(check);
        }, config.unseenTxGraceSeconds());
        return outcome instanceof PaymentOutcome.Failed f ? f.refusal() : error.apply(strayFacts(job, txId));
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
    private PaymentOutcome follow(Supplier<PaymentOutcome> look, int unseenSeconds) {
        // a wall-clock wait, not business time: the injected clock may be frozen in tests
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(config.settleWaitSeconds());
        long unseenDeadline = start + TimeUnit.SECONDS.toNanos(Math.min(unseenSeconds, config.settleWaitSeconds()));
        PaymentOutcome outcome;
        PollPause pause = new PollPause();
        while (true) {
            try {
                outcome = look.get();
            } catch (RailUnavailableException e) {
                // never echo the outage's text: it can carry an RPC URL holding a provider's key
                outcome = new PaymentOutcome.Pending(PaymentCheck.pending(VerificationCode.NOT_FINAL,
                        "the node could not be reached"));
            }
            if (!(outcome instanceof PaymentOutcome.Pending pending) || System.nanoTime() - deadline >= 0) {
                break;
            }
            if (pending.check().code() == VerificationCode.TX_NOT_FOUND && System.nanoTime() - unseenDeadline >= 0) {
                break;
            }
            sleep(pause);
        }
        return outcome;
    }

    private SettleOutcome answer(Job job, String txId, boolean proven, PaymentOutcome outcome) {
        return switch (outcome) {
            case PaymentOutcome.Released r -> proven ? new SettleOutcome.Released(r.job(), r.output())
                    : new SettleOutcome.PaidProofRequired(r.job());
            case PaymentOutcome.Failed f -> throw f.refusal();
            case PaymentOutcome.Pending p -> new SettleOutcome.Pending(job, txId, p.check().code());
        };
    }

    private void claim(Job job) {
        requireClaimed(lockbox.claim(job.id()), job);
    }

    private static void requireClaimed(ClaimResult result, Job job) {
        switch (result) {
            case CLAIMED -> { }
            case NOT_FOUND, EXPIRED -> throw notFound();
            case IN_PROGRESS -> throw inProgress(job);
            case ALREADY_RELEASED -> throw new Refusal(Code.ALREADY_SETTLED, "The job was already paid.");
        }
    }

    /** The job as stored now (after a claim: with its {@code settlingSince}). */
    private Job current(Job job) {
        return lockbox.find(job.id()).orElseThrow(Settlement::notFound);
    }

    private Commitment commitment(SettleCommand request) {
        return config.effectiveCommitment(request.commitment());
    }

    private static long validUntil(Job job) {
        return job.txValidUntil() == null ? -1 : job.txValidUntil();
    }

    private static PayerSecret parseKey(CustodialSigner signer, String text) {
        try {
            return signer.parseSecret(text);
        } catch (PaymentRejectedException e) {
            throw new Refusal(Code.INVALID_PRIVATE_KEY, "Invalid private_key: " + e.getMessage());
        }
    }

    /**
     * A refusal before anything landed. The node's own text is never echoed (it can carry RPC details); the
     * reason is a code with a sentence of ours.
     */
    private static Refusal rejected(PaymentRejectedException e, Job job, String txId) {
        Code code;
        String message;
        switch (e.reason()) {
            case INSUFFICIENT_FUNDS -> {
                code = Code.INSUFFICIENT_FUNDS;
                message = "The payer's balance does not cover the payment and the network fee";
            }
            case INVALID_KEY -> {
                code = Code.INVALID_PRIVATE_KEY;
                message = "The private key cannot sign this payment";
            }
            default -> {
                code = Code.PAYMENT_REJECTED;
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
        return new Refusal(code, message + ". Nothing was charged; the job can still be settled until it expires.", facts);
    }

    /** A client-signed payment refused before broadcast: its reason is the code; nothing was sent or charged. */
    private static Refusal refused(ClientPaymentRefusedException e, Job job) {
        Code code = switch (e.reason()) {
            case MALFORMED -> Code.INVALID_SIGNED_TRANSACTION;
            case UNSUPPORTED -> Code.CLIENT_PAYMENT_UNSUPPORTED;
            case WRONG_NETWORK -> Code.WRONG_NETWORK;
            case AMOUNT_MISMATCH -> Code.AMOUNT_MISMATCH;
            case WRONG_RECIPIENT -> Code.WRONG_RECIPIENT;
            case WRONG_ASSET -> Code.WRONG_ASSET;
            case MEMO_MISSING -> Code.MEMO_MISSING;
            case UNEXPECTED_INSTRUCTION -> Code.UNEXPECTED_INSTRUCTION;
            case FEE_PAYER_NOT_ALLOWED -> Code.FEE_PAYER_NOT_ALLOWED;
            case BLOCKHASH_EXPIRED -> Code.BLOCKHASH_EXPIRED;
            case WRONG_PAYER -> Code.WRONG_PAYER;
            case SIGNATURE_INVALID -> Code.SIGNATURE_INVALID;
            case AUTHORIZATION_EXPIRED -> Code.AUTHORIZATION_EXPIRED;
            case SPONSOR_BUDGET_EXCEEDED -> Code.SPONSOR_BUDGET_EXCEEDED;
        };
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("network", job.network());
        facts.put("reason", e.reason().wireName());
        facts.put("settleable_until", job.expiresAt().toString());
        // the rail's own sentence is not echoed: the reason is the stable fact
        String hint = switch (e.reason()) {
            case SPONSOR_BUDGET_EXCEEDED -> " The gateway will not pay the network fee for this payer now: pay it"
                    + " yourself (your wallet as fee payer) or try later.";
            case BLOCKHASH_EXPIRED, AUTHORIZATION_EXPIRED -> " Sign it again with a fresh blockhash or deadline.";
            default -> "";
        };
        return new Refusal(code, "The signed payment was refused before it was sent (" + e.reason().wireName()
                + "). Nothing was sent or charged; the job can still be settled until it expires." + hint, facts);
    }

    private static Refusal unavailable(Job job) {
        return new Refusal(Code.RAIL_UNAVAILABLE, "The " + job.network()
                + " node could not be reached; nothing was sent. Try again.", Map.of("network", job.network()));
    }

    private static Refusal inProgress(Job job) {
        return new Refusal(Code.SETTLEMENT_IN_PROGRESS, "A settlement of this job is in progress.",
                job.txId() == null ? Map.of() : Map.of("tx_signature", job.txId()));
    }

    static Refusal notFound() {
        return new Refusal(Code.JOB_NOT_FOUND, EXPIRED);
    }

    /** The payment is broadcast but the node did not confirm receipt: undecided, never a second payment. */
    private static SettleOutcome pending(Job job, String txId) {
        return new SettleOutcome.Pending(job, txId, VerificationCode.NOT_FINAL);
    }

    private static void sleep(PollPause pause) {
        try {
            pause.sleep();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refusal(Code.INTERRUPTED, "The gateway is shutting down.");
        }
    }

    /** Facts in a fixed order: a wire body must not change between runs. */
    private static Map<String, Object> facts(String network, String txId) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("network", network);
        facts.put("tx_signature", txId);
        return facts;
    }
}
