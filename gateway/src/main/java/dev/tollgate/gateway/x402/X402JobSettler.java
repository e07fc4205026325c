package dev.tollgate.gateway.x402;

import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.ObservedPayment;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.RailUnavailableException;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.x402.ExactPayment;
import dev.tollgate.chain.x402.ExactRefusedException;
import dev.tollgate.chain.x402.ExactRequirement;
import dev.tollgate.chain.x402.ExactScheme;
import dev.tollgate.chain.x402.SettledElsewhere;
import dev.tollgate.gateway.api.ErrorBody;
import dev.tollgate.gateway.api.JsonBodies;
import dev.tollgate.gateway.atp.AtpErrors;
import dev.tollgate.gateway.atp.SettlementView;
import dev.tollgate.gateway.config.GatewayConfig;
import dev.tollgate.gateway.core.PollPause;
import dev.tollgate.gateway.core.Code;
import dev.tollgate.gateway.core.ExactReconciliation;
import dev.tollgate.gateway.core.JobIntents;
import dev.tollgate.gateway.core.Refusal;
import dev.tollgate.gateway.core.SettleOutcome;
import dev.tollgate.gateway.core.SweepOrders;
import dev.tollgate.gateway.rails.PaymentRails;
import dev.tollgate.gateway.rails.RailBinding;
import dev.tollgate.lockbox.Job;
import dev.tollgate.lockbox.JobNotSettlingException;
import dev.tollgate.lockbox.JobState;
import dev.tollgate.lockbox.Lockbox;
import dev.tollgate.lockbox.Released;
import dev.tollgate.lockbox.TxAlreadyUsedException;
import dev.tollgate.lockbox.UnhonouredPayment;
import dev.tollgate.lockbox.X402Payment;
import dev.tollgate.lockbox.X402Payments;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pays a locked job with an x402 {@code exact} payment, exactly once across instances:
 * <ol>
 *   <li>a repeat is recognised BEFORE verification, by its payment-identifier or its payload hash, and gets the
 *       stored answer (or the pending settlement is looked at again); never a second payment;</li>
 *   <li>the client's {@code accepted} must match our own offer for the job; verification is against our copy;</li>
 *   <li>the job is claimed (LOCKED → SETTLING, compare-and-set) and the payment claimed (unique per network and
 *       payment key, and per payload) before anything is signed;</li>
 *   <li>the tx id is recorded (job and payment) before broadcast; from then on only the chain moves either;</li>
 *   <li>verified at the commitment → released once; the stored PAYMENT-RESPONSE is repeated to every repeat.</li>
 * </ol>
 * The agent is never run again: the job carries the output.
 */
@Singleton
class X402JobSettler implements X402JobPayments, ExactReconciliation {
    private static final Logger LOG = LoggerFactory.getLogger(X402JobSettler.class);
    /** Unhonoured reason: the authorisation was used by a transaction that did not pay the job's split vault. */
    static final String USED_ELSEWHERE = "authorization_used_elsewhere";
    /** Unhonoured reason: the transaction that used the authorisation already pays another job. */
    static final String TX_ALREADY_USED = "tx_already_used";

    private final Lockbox lockbox;
    private final X402Payments payments;
    private final PaymentRails rails;
    private final X402OffersForJobs offers;
    private final X402Answers answers;
    private final SettlementView view;
    private final SweepOrders sweeps;
    private final GatewayConfig config;
    private final JsonBodies json;
    private final Clock clock;

    X402JobSettler(Lockbox lockbox, X402Payments payments, PaymentRails rails, X402OffersForJobs offers,
                   X402Answers answers, SettlementView view, @Nullable SweepOrders sweeps, GatewayConfig config,
                   JsonBodies json, Clock clock) {
        this.lockbox = lockbox;
        this.payments = payments;
        this.rails = rails;
        this.offers = offers;
        this.answers = answers;
        this.view = view;
        this.sweeps = sweeps;
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    /** What one look at a sent settlement decided. */
    private sealed interface Look {
        record Released(Job job, byte[] output, String response) implements Look { }

        record Pending(String txId) implements Look { }

        record Failed(String reason) implements Look { }
    }

    /** A job's payment being settled: everything a look needs, rebuilt from the stored row after a restart. */
    private record Settling(Job job, RailBinding rail, ExactScheme scheme, ExactPayment payment, String txId,
                            long validUntil) { }

    @Override
    public HttpResponse<?> payTrade(HttpRequest<?> request) {
        PaymentHeader header;
        try {
            header = PaymentHeader.of(request);
        } catch (PaymentHeader.Malformed e) {
            Optional<Job> named = e.jobReference().flatMap(X402JobSettler::uuid).flatMap(lockbox::find);
            return named.isPresent() ? answers.refused(named.get(), request, e.reason(), e.getMessage())
                    : answers.unreadable(e.reason(), e.getMessage());
        }
        Optional<UUID> id = header.jobReference().flatMap(X402JobSettler::uuid);
        if (id.isEmpty()) {
            return answers.unreadable("invalid_payload", "accepted.extra." + X402OffersForJobs.JOB_REFERENCE
                    + " must name the job of the 402 (a UUID); trade without a payment header for a new offer");
        }
        Optional<Job> job = lockbox.find(id.get());
        if (job.isEmpty()) {
            return AtpErrors.response(new Refusal(Code.JOB_NOT_FOUND, "The job is unknown or has expired."), json);
        }
        return pay(job.get(), header, request);
    }

    @Override
    public HttpResponse<?> pay(Job job, HttpRequest<?> request) {
        PaymentHeader header;
        try {
            header = PaymentHeader.of(request);
        } catch (PaymentHeader.Malformed e) {
            return answers.refused(job, request, e.reason(), e.getMessage());
        }
        return pay(job, header, request);
    }

    private HttpResponse<?> pay(Job job, PaymentHeader header, HttpRequest<?> request) {
        try {
            return payOrRefuse(job, header, request);
        } catch (Refusal refusal) {
            return AtpErrors.response(refusal, json);
        } catch (RailUnavailableException e) {
            // never echo the outage's text: it can carry an RPC URL
            return AtpErrors.response(new Refusal(Code.RAIL_UNAVAILABLE, "The " + job.network()
                    + " node could not be reached; try again.", Map.of("network", job.network())), json);
        }
    }

    private HttpResponse<?> payOrRefuse(Job job, PaymentHeader header, HttpRequest<?> request) {
        RailBinding rail = rails.byNetwork(NetworkId.of(job.network())).orElseThrow(() -> new Refusal(
                Code.NETWORK_UNAVAILABLE, "This job is payable on " + job.network() + ", which this gateway no longer"
                        + " settles."));
        // 1. a repeat, recognised before verification (its nonce may be spent on chain by now)
        if (header.paymentId() != null) {
            Optional<String> bound = payments.payloadOfId(header.paymentId());
            if (bound.isPresent() && !bound.get().equals(header.payloadHash())) {
                return identifierConflict(header);
            }
        }
        Optional<X402Payment> known = payments.findByPayload(header.network(), header.payloadHash());
        if (known.isPresent()) {
            return resume(known.get(), job, rail, header);
        }
        // 2. our own offer, matched as x402 matches it
        Optional<ExactRequirement> ours = offers.requirement(job);
        if (ours.isEmpty() || !WireRequirements.matches(ours.get(), header.accepted(), json.mapper())) {
            return answers.refused(job, request, "invalid_payment_requirements",
                    "accepted is not this job's offer (x402: every field equal, extra a superset of ours)");
        }
        ExactScheme scheme = rail.rail().exactScheme().orElseThrow();
        switch (job.state()) {
            case RELEASED -> throw new Refusal(Code.ALREADY_SETTLED, "The job was already paid.");
            case SETTLING -> throw inProgress(job);
            case EXPIRED -> throw notFound();
            case LOCKED -> {
                if (job.isExpired(clock.instant())) {
                    throw notFound();
                }
            }
        }
        // 3. verify against our copy; nothing is sent (what needs the chain may be left to prepare's simulation)
        ExactPayment payment;
        try {
            payment = scheme.verifyForSettle(ours.get(), header.payload());
        } catch (ExactRefusedException e) {
            // the same payload may have been settled by a concurrent request meanwhile (its nonce is spent now)
            Optional<X402Payment> raced = payments.findByPayload(header.network(), header.payloadHash());
            if (raced.isPresent()) {
                return resume(raced.get(), job, rail, header);
            }
            // someone else may have submitted this very authorisation first: then it paid the job already
            Optional<SettledElsewhere> elsewhere = scheme.findSettlementElsewhere(ours.get(), header.payload());
            if (elsewhere.isPresent()) {
                return payElsewhere(job, rail, scheme, header, elsewhere.get(), request);
            }
            return answers.refused(job, request, e.reason(), "The payment does not pay this job (" + e.reason() + ").");
        }
        // 4. claim the job, then the payment: one winner for each
        switch (lockbox.claim(job.id())) {
            case CLAIMED -> { }
            case IN_PROGRESS -> throw inProgress(job);
            case ALREADY_RELEASED -> throw new Refusal(Code.ALREADY_SETTLED, "The job was already paid.");
            case NOT_FOUND, EXPIRED -> throw notFound();
        }
        String network = ours.get().network();
        if (!payments.claim(network, payment.paymentKey(), header.payloadHash(), job.id(), payment.payer(),
                PaymentHeader.json(WireRequirements.render(ours.get())), PaymentHeader.json(header.payload()))) {
            lockbox.returnToLocked(job.id(), null);
            Optional<X402Payment> other = payments.findByPayload(network, header.payloadHash());
            if (other.isPresent()) {
                return resume(other.get(), job, rail, header);
            }
            return answers.refused(job, request, "payment_already_used",
                    "This authorisation already pays another settlement; sign a new one.");
        }
        if (header.paymentId() != null && !payments.bindPaymentId(header.paymentId(), header.payloadHash())
                .equals(header.payloadHash())) {
            payments.forget(network, payment.paymentKey(), null);
            lockbox.returnToLocked(job.id(), null);
            return identifierConflict(header);
        }
        // 5. sign, record before broadcast, broadcast once
        PaymentIntent intent = JobIntents.intent(job, rail);
        SignedPayment signed;
        try {
            signed = scheme.prepare(intent, payment);
        } catch (ExactRefusedException e) {
            undo(job, payment, null);
            Optional<SettledElsewhere> elsewhere = scheme.findSettlementElsewhere(ours.get(), header.payload());
            if (elsewhere.isPresent()) { // submitted by someone else between our verify and our settle
                return payElsewhere(current(job), rail, scheme, header, elsewhere.get(), request);
            }
            return answers.refused(job, request, e.reason(), "The payment does not pay this job (" + e.reason() + ").");
        } catch (RuntimeException e) {
            undo(job, payment, null); // nothing was sent: the job and the payload stay usable
            throw e;
        }
        if (!lockbox.recordPendingTx(job.id(), signed.txId(), signed.validUntil())) {
            scheme.discard(signed); // never broadcast: the relayer's nonce must not stay a gap until its deadline
            payments.forget(network, payment.paymentKey(), null);
            throw inProgress(job); // our claim was lost: never broadcast
        }
        if (!payments.markSent(network, payment.paymentKey(), signed.txId(), signed.validUntil())) {
            scheme.discard(signed);
            lockbox.returnToLocked(job.id(), signed.txId());
            throw inProgress(job);
        }
        // the job as read above: a look needs only its terms (id, network, asset, amounts, recipients, quote), which
        // the claim does not change, so it is not read again (a released answer carries the released row)
        Settling settling = new Settling(job, rail, scheme, payment, signed.txId(), signed.validUntil());
        try {
            scheme.submit(signed);
        } catch (PaymentRejectedException e) {
            undo(job, payment, signed.txId());
            Optional<SettledElsewhere> elsewhere = scheme.findSettlementElsewhere(ours.get(), header.payload());
            if (elsewhere.isPresent()) { // the node refused ours because someone else's used the authorisation
                return payElsewhere(current(job), rail, scheme, header, elsewhere.get(), request);
            }
            return failed(settling, e.reason().name().toLowerCase(Locale.ROOT), header.legacyHeader());
        } catch (RailUnavailableException e) {
            return answer(settling, new Look.Pending(signed.txId()), header.legacyHeader());
        }
        LOG.info("x402 payment {} for job {} sent as {}", payment.paymentKey(), job.id(), signed.txId());
        return answer(settling, follow(settling), header.legacyHeader());
    }

    /** A payment seen before: its stored answer, or its pending settlement looked at again. */
    private HttpResponse<?> resume(X402Payment known, Job job, RailBinding rail, PaymentHeader header) {
        if (!job.id().equals(known.jobId())) {
            return answers.unreadable("payment_already_used", "This payment already settled something else.");
        }
        ExactScheme scheme = rail.rail().exactScheme().orElseThrow(() -> new Refusal(Code.NETWORK_UNAVAILABLE,
                "x402 payments on " + job.network() + " are no longer taken here."));
        return switch (known.state()) {
            case SETTLED -> {
                Job now = current(job);
                yield answers.withSettleResponse(HttpStatus.OK, view.success(now, lockbox.releasedOutput(job.id())),
                        known.response(), header.legacyHeader());
            }
            case SENT -> {
                Settling settling = settling(known, current(job), rail, scheme);
                yield answer(settling, follow(settling), header.legacyHeader());
            }
            case CLAIMED -> throw inProgress(job);
        };
    }

    private Settling settling(X402Payment known, Job job, RailBinding rail, ExactScheme scheme) {
        ExactRequirement requirement = WireRequirements.read(PaymentHeader.map(known.requirement())).orElseThrow();
        Map<String, Object> payload = PaymentHeader.map(known.payload());
        ExactPayment payment = new ExactPayment(requirement, known.payer(), known.paymentKey(), payload);
        return new Settling(job, rail, scheme, payment, known.txId(), known.validUntil() == null ? -1
                : known.validUntil());
    }

    /** Looks until decided or the settle wait is over (wall clock: the injected clock may be frozen in tests). */
    private Look follow(Settling s) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(config.settleWaitSeconds());
        PollPause pause = new PollPause();
        while (true) {
            Look look;
            try {
                look = look(s);
            } catch (RailUnavailableException e) {
                look = new Look.Pending(s.txId());
            }
            if (!(look instanceof Look.Pending) || System.nanoTime() - deadline >= 0) {
                return look;
            }
            try {
                pause.sleep();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return look;
            }
        }
    }

    /** One look; moves the job and the payment on a final verdict. */
    private Look look(Settling s) {
        Job job = s.job();
        Commitment commitment = config.effectiveCommitment(requested(job));
        PaymentCheck check = s.scheme().check(JobIntents.intent(job, s.rail()), s.payment(), s.txId(), commitment,
                s.validUntil());
        String network = s.payment().requirement().network();
        return switch (check.status()) {
            case PENDING -> new Look.Pending(s.txId());
            case VERIFIED -> release(s, commitment);
            case REJECTED, DROPPED -> {
                Optional<Look> elsewhere = lookElsewhere(s, commitment);
                if (elsewhere.isPresent()) {
                    yield elsewhere.get();
                }
                lockbox.returnToLocked(job.id(), s.txId());
                payments.forget(network, s.payment().paymentKey(), s.txId());
                LOG.info("x402 settlement {} for job {} failed: {}", s.txId(), job.id(), check.code().wireName());
                yield new Look.Failed(X402Answers.failedSettlementReason(network, check.code()));
            }
        };
    }

    private Look release(Settling s, Commitment commitment) {
        return release(s, commitment, Map.of());
    }

    private Look release(Settling s, Commitment commitment, Map<String, Object> moreFacts) {
        Job job = s.job();
        String network = s.payment().requirement().network();
        String response = json.write(X402Answers.settleResponse(true, null, s.txId(), network, s.payment().payer()));
        Job released;
        byte[] output;
        try {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("commitment", commitment.wireName());
            facts.put("settled_at", clock.instant().toString());
            facts.put("x402_payer", s.payment().payer());
            facts.putAll(moreFacts);
            Released r = lockbox.release(job.id(), job.network(), s.txId(), json.write(facts), null);
            released = r.job();
            output = r.output();
            LOG.info("released job {} paid by x402 settlement {}", job.id(), s.txId());
        } catch (JobNotSettlingException e) {
            Job now = current(job);
            if (now.state() != JobState.RELEASED || !s.txId().equals(now.txId())) {
                return new Look.Failed("settlement_in_progress");
            }
            released = now;
            output = lockbox.releasedOutput(job.id());
        }
        if (payments.markSettled(network, s.payment().paymentKey(), s.txId(), response)
                && s.scheme().sweptAfterRelease(s.payment().requirement())) {
            if (sweeps == null) {
                LOG.error("job {} was paid into a settlement wallet by {} but no SweepOrders is configured: sweep it"
                        + " by hand", job.id(), s.txId());
            } else {
                sweeps.sweepAfterRelease(released, s.txId());
            }
        }
        return new Look.Released(released, output, response);
    }

    private HttpResponse<?> answer(Settling s, Look look, boolean legacy) {
        String network = s.payment().requirement().network();
        return switch (look) {
            case Look.Released r -> answers.withSettleResponse(HttpStatus.OK, view.success(r.job(), r.output()),
                    r.response(), legacy);
            // x402 2.2x: a broadcast not yet confirmed is settlement_pending with its transaction, never a new demand
            case Look.Pending p -> answers.withSettleResponse(HttpStatus.PAYMENT_REQUIRED,
                    view.answer(new SettleOutcome.Pending(s.job(), p.txId(),
                            dev.tollgate.chain.VerificationCode.NOT_FINAL), null).body(),
                    json.write(X402Answers.settleResponse(false, X402Answers.SETTLEMENT_PENDING, p.txId(), network,
                            s.payment().payer())), legacy);
            case Look.Failed f -> failed(s, f.reason(), legacy);
        };
    }

    private HttpResponse<?> failed(Settling s, String reason, boolean legacy) {
        String network = s.payment().requirement().network();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("network", network);
        facts.put("reason", reason);
        return answers.withSettleResponse(HttpStatus.PAYMENT_REQUIRED, ErrorBody.of("payment_failed",
                "The settlement failed; nothing was charged and the job can still be paid.", facts),
                json.write(X402Answers.settleResponse(false, reason, "", network, s.payment().payer())), legacy);
    }

    private HttpResponse<?> identifierConflict(PaymentHeader header) {
        return answers.x402(HttpStatus.CONFLICT, ErrorBody.of("payment_identifier_conflict",
                "This payment-identifier already names another payment payload.",
                Map.of("payment_identifier", header.paymentId())));
    }

    /** Nothing was sent (or what was sent moved nothing): the job and the payload are usable again. */
    private void undo(Job job, ExactPayment payment, String txId) {
        lockbox.returnToLocked(job.id(), txId);
        payments.forget(payment.requirement().network(), payment.paymentKey(), txId);
    }

    // ---- an authorisation someone else submitted first (copied from the mempool): it paid the job all the same ----

    /** Claims the job and the payment for the transaction that used the authorisation, then looks at it. */
    private HttpResponse<?> payElsewhere(Job job, RailBinding rail, ExactScheme scheme, PaymentHeader header,
                                         SettledElsewhere elsewhere, HttpRequest<?> request) {
        ExactPayment payment = elsewhere.payment();
        String network = payment.requirement().network();
        switch (lockbox.claim(job.id())) {
            case CLAIMED -> { }
            case IN_PROGRESS -> throw inProgress(job);
            case ALREADY_RELEASED -> throw new Refusal(Code.ALREADY_SETTLED, "The job was already paid.");
            case NOT_FOUND, EXPIRED -> throw notFound();
        }
        if (!payments.claim(network, payment.paymentKey(), header.payloadHash(), job.id(), payment.payer(),
                PaymentHeader.json(WireRequirements.render(payment.requirement())), PaymentHeader.json(header.payload()))) {
            lockbox.returnToLocked(job.id(), null);
            Optional<X402Payment> other = payments.findByPayload(network, header.payloadHash());
            if (other.isPresent()) {
                return resume(other.get(), job, rail, header);
            }
            return answers.refused(job, request, "payment_already_used",
                    "This authorisation already pays another settlement; sign a new one.");
        }
        if (header.paymentId() != null && !payments.bindPaymentId(header.paymentId(), header.payloadHash())
                .equals(header.payloadHash())) {
            payments.forget(network, payment.paymentKey(), null);
            lockbox.returnToLocked(job.id(), null);
            return identifierConflict(header);
        }
        if (!lockbox.recordPendingTx(job.id(), elsewhere.txId(), elsewhere.validUntil())) {
            payments.forget(network, payment.paymentKey(), null);
            throw inProgress(job);
        }
        if (!payments.markSent(network, payment.paymentKey(), elsewhere.txId(), elsewhere.validUntil())) {
            lockbox.returnToLocked(job.id(), elsewhere.txId());
            throw inProgress(job);
        }
        LOG.info("x402 payment {} for job {} was submitted by someone else as {}", payment.paymentKey(), job.id(),
                elsewhere.txId());
        Settling settling = new Settling(current(job), rail, scheme, payment, elsewhere.txId(), elsewhere.validUntil());
        return answer(settling, follow(settling), header.legacyHeader());
    }

    /**
     * When {@code s}'s transaction does not pay (ours reverted or was refused because the authorisation was used, or
     * the recorded one is someone else's, which names no job of ours): the transaction that used the authorisation,
     * if any. It pays the job when it moved the total from the payer into {@code payTo}; money it moved elsewhere is
     * recorded as owed and refused. Empty: nothing found, the caller fails the settlement as before.
     */
    private Optional<Look> lookElsewhere(Settling s, Commitment commitment) {
        Optional<SettledElsewhere> found;
        try {
            found = s.scheme().findSettlementElsewhere(s.payment().requirement(), s.payment().payload());
        } catch (RailUnavailableException e) {
            return Optional.of(new Look.Pending(s.txId())); // cannot tell now: never fail a payment that may be made
        }
        if (found.isEmpty() || !found.get().payment().paymentKey().equals(s.payment().paymentKey())) {
            return Optional.empty();
        }
        SettledElsewhere elsewhere = found.get();
        PaymentCheck moved = s.scheme().checkTransfer(s.payment(), elsewhere.txId(), commitment, elsewhere.validUntil());
        Job job = s.job();
        String network = s.payment().requirement().network();
        return switch (moved.status()) {
            case PENDING -> Optional.of(new Look.Pending(elsewhere.txId()));
            case DROPPED -> Optional.empty();
            case REJECTED -> {
                // impossible by design (the authorisation names payTo): the payer was charged the authorised amount
                // and the job is not honoured; recorded (as what the payer lost) for the operator, never lost
                lockbox.recordUnhonoured(UnhonouredPayment.of(job, elsewhere.txId(), USED_ELSEWHERE,
                        s.payment().payer(), s.payment().requirement().amount(), BigInteger.ZERO,
                        moved.observed() == null ? null : moved.observed().blockTime()));
                LOG.error("x402 authorisation {} for job {} was used by {}, which does not pay the job: {}",
                        s.payment().paymentKey(), job.id(), elsewhere.txId(), moved.code().wireName());
                lockbox.returnToLocked(job.id(), s.txId());
                payments.forget(network, s.payment().paymentKey(), s.txId());
                yield Optional.of(new Look.Failed(USED_ELSEWHERE));
            }
            case VERIFIED -> {
                Settling paid = s;
                if (!elsewhere.txId().equalsIgnoreCase(s.txId())) {
                    // our own settle can never land now (the authorisation is spent): the other tx pays the job
                    if (!lockbox.replacePendingTx(job.id(), s.txId(), elsewhere.txId(), elsewhere.validUntil())) {
                        Job now = current(job);
                        if (now.state() != JobState.RELEASED || !elsewhere.txId().equalsIgnoreCase(now.txId())) {
                            yield Optional.of(new Look.Failed("settlement_in_progress"));
                        }
                        // a concurrent look released it on the same transaction: the same answer
                        yield Optional.of(new Look.Released(now, lockbox.releasedOutput(job.id()), json.write(
                                X402Answers.settleResponse(true, null, now.txId(), network, s.payment().payer()))));
                    }
                    payments.replaceTx(network, s.payment().paymentKey(), s.txId(), elsewhere.txId(),
                            elsewhere.validUntil());
                    paid = new Settling(job, s.rail(), s.scheme(), s.payment(), elsewhere.txId(), elsewhere.validUntil());
                }
                yield Optional.of(releaseElsewhere(paid, commitment, moved));
            }
        };
    }

    /**
     * Releases the job on the other transaction, then has the relayer sweep what it left in {@code payTo} (a copied
     * authorisation sent to the token directly stops in the split vault); the sweep's tx id is recorded in the
     * job's settlement facts before it is broadcast. A transaction that already pays another job is owed money.
     */
    private Look releaseElsewhere(Settling s, Commitment commitment, PaymentCheck moved) {
        Job job = s.job();
        Optional<SignedPayment> sweep = Optional.empty();
        try {
            sweep = s.scheme().prepareSweep(JobIntents.intent(job, s.rail()), s.payment().requirement());
        } catch (ExactRefusedException | RuntimeException e) {
            LOG.error("job {} was paid by {} into its split vault, which cannot be swept now ({}): any later sweep of"
                    + " the vault splits it to the same recipients", job.id(), s.txId(), e.getClass().getSimpleName());
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("x402_settled_elsewhere", true);
        sweep.ifPresent(tx -> facts.put("x402_vault_sweep_tx", tx.txId()));
        Look look;
        try {
            look = release(s, commitment, facts);
        } catch (TxAlreadyUsedException used) {
            sweep.ifPresent(s.scheme()::discard);
            ObservedPayment o = moved.observed();
            // the authorised total reached the job's vault (checked); it splits into the job's own net and fee
            BigInteger total = s.payment().requirement().amount();
            BigInteger fee = total.equals(job.netUnits().add(job.feeUnits())) ? job.feeUnits() : BigInteger.ZERO;
            lockbox.recordUnhonoured(UnhonouredPayment.of(job, s.txId(), TX_ALREADY_USED, s.payment().payer(),
                    total.subtract(fee), fee, o == null ? null : o.blockTime()));
            LOG.error("x402 payment {} for job {} was made by {}, which already pays job {}: recorded as owed",
                    s.payment().paymentKey(), job.id(), s.txId(), used.paidJobId());
            lockbox.returnToLocked(job.id(), s.txId());
            return new Look.Failed(TX_ALREADY_USED);
        }
        if (sweep.isPresent()) {
            if (look instanceof Look.Released) {
                try {
                    s.scheme().submit(sweep.get());
                    LOG.info("job {}: vault sweep {} sent for {}", job.id(), sweep.get().txId(), s.txId());
                } catch (PaymentRejectedException | RailUnavailableException e) {
                    LOG.error("job {}: vault sweep {} was not sent ({}): any later sweep of the vault splits it",
                            job.id(), sweep.get().txId(), e.getClass().getSimpleName());
                }
            } else {
                s.scheme().discard(sweep.get());
            }
        }
        return look;
    }

    // ---- the reconciler's look at a job whose recorded tx is an x402 settlement ----

    @Override
    public boolean reconcile(Job job) {
        if (job.txId() == null) {
            return false;
        }
        Optional<X402Payment> known = payments.findByJobTx(job.id(), job.txId());
        if (known.isEmpty() || known.get().state() != X402Payment.State.SENT) {
            return known.isPresent();
        }
        Optional<RailBinding> rail = rails.byNetwork(NetworkId.of(job.network()));
        Optional<ExactScheme> scheme = rail.flatMap(r -> r.rail().exactScheme());
        if (scheme.isPresent()) {
            look(settling(known.get(), job, rail.get(), scheme.get()));
        }
        return true;
    }

    /** CONFIRMED, or the finality a billed request's terms asked for (its job's quote records billing.finality). */
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

    private Job current(Job job) {
        return lockbox.find(job.id()).orElseThrow(X402JobSettler::notFound);
    }

    private static Refusal inProgress(Job job) {
        return new Refusal(Code.SETTLEMENT_IN_PROGRESS, "A settlement of this job is in progress.",
                job.txId() == null ? Map.of() : Map.of("tx_signature", job.txId()));
    }

    private static Refusal notFound() {
        return new Refusal(Code.JOB_NOT_FOUND, "The job is unknown or has expired.");
    }

    private static Optional<UUID> uuid(String text) {
        if (text.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
