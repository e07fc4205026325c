package dev.tollgate.lockbox;

import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The job state machine. The database is the truth: every transition is one guarded UPDATE, never read-then-write,
 * so any number of threads or gateway instances may call these methods concurrently. See README.md.
 */
@Singleton
public class Lockbox {
    private static final int MAX_TX_ID_LENGTH = 256;

    private final JobRepository jobs;
    private final OutputRepository outputs;
    private final UnhonouredRepository unhonoured;
    private final ProofNonceRepository proofNonces;
    private final OutputSealer sealer;
    private final Clock clock;
    private final Duration latePaymentGrace;
    private final TxIdSpelling txIds;
    private final LockStatement lockStatement;
    private final ReleaseStatement releaseStatement;
    private ClientPaymentRepository clientPayments;

    Lockbox(JobRepository jobs, OutputRepository outputs, UnhonouredRepository unhonoured,
            ProofNonceRepository proofNonces, OutputSealer sealer, Clock clock, LockboxConfig config,
            TxIdSpelling txIds, LockStatement lockStatement, ReleaseStatement releaseStatement) {
        this.txIds = txIds;
        this.lockStatement = lockStatement;
        this.releaseStatement = releaseStatement;
        this.jobs = jobs;
        this.outputs = outputs;
        this.unhonoured = unhonoured;
        this.proofNonces = proofNonces;
        this.sealer = sealer;
        this.clock = clock;
        this.latePaymentGrace = Duration.ofSeconds(config.latePaymentGraceSeconds());
    }

    /** How long after its TTL an expired job's output is kept for a payment that landed in time. */
    public Duration latePaymentGrace() {
        return latePaymentGrace;
    }

    /**
     * Stores the job as LOCKED with its output sealed; {@code expiresAt = now + ttl}. One autocommit statement (both
     * rows or none), or part of the caller's transaction when there is one: see {@link LockStatement}.
     */
    public Job lock(NewJob job, byte[] output) {
        return lock(UUID.randomUUID(), job, output);
    }

    /**
     * {@link #lock(NewJob, byte[])} under an id the caller chose (a billed request's x402 offer named it before the
     * job existed); a taken id fails (unique key, {@code DataAccessException}, nothing written), so one id is one job.
     */
    public Job lock(UUID id, NewJob job, byte[] output) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(output, "output");
        Instant now = now();
        // PostgreSQL keeps microseconds: truncate so the returned Job equals what find() reads back
        Instant expiresAt = now.plus(job.ttl()).truncatedTo(ChronoUnit.MICROS);
        if (!expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("ttl must be at least one microsecond, got " + job.ttl());
        }
        JobRow row = new JobRow(id, JobState.LOCKED, job.network(), job.asset(), job.payer(), job.payee(),
                job.feeRecipient(), job.totalUnits(), job.feeUnits(), job.netUnits(), job.feeBps(), job.usdCost(),
                job.tokenPriceUsd(), job.quoteJson(), now, expiresAt, null, null, null, null, null, 0, job.boundWallet());
        lockStatement.insert(row, sealer.seal(id, output));
        return row.toJob();
    }

    /** The job without its output. */
    public Optional<Job> find(UUID id) {
        return jobs.findById(id).map(JobRow::toJob);
    }

    /**
     * LOCKED and unexpired -> SETTLING in one guarded UPDATE. Only the caller that gets {@link ClaimResult#CLAIMED}
     * may take a payment. On anything else the row is read once, only to say why.
     */
    public ClaimResult claim(UUID id) {
        Objects.requireNonNull(id, "id");
        Instant now = now();
        if (jobs.claim(id, now) == 1) {
            return ClaimResult.CLAIMED;
        }
        return jobs.findById(id).map(row -> switch (row.state()) {
            // LOCKED but unexpired here means another caller held it a moment ago and just returned it: retryable
            case LOCKED -> row.expiresAt().isAfter(now) ? ClaimResult.IN_PROGRESS : ClaimResult.EXPIRED;
            case SETTLING -> ClaimResult.IN_PROGRESS;
            case RELEASED -> ClaimResult.ALREADY_RELEASED;
            case EXPIRED -> ClaimResult.EXPIRED;
        }).orElse(ClaimResult.NOT_FOUND);
    }

    /**
     * EXPIRED (or LOCKED past its TTL) but within the late-payment grace, output still held -> SETTLING. Only for a
     * payment the payer already made: the caller must release only if it landed before {@code expiresAt}, and
     * otherwise record it with {@link #recordUnhonoured} and un-claim.
     */
    public ClaimResult claimLate(UUID id) {
        Objects.requireNonNull(id, "id");
        Instant now = now();
        if (jobs.claimLate(id, now, now.minus(latePaymentGrace)) == 1) {
            return ClaimResult.CLAIMED;
        }
        return jobs.findById(id).map(row -> switch (row.state()) {
            case LOCKED -> row.expiresAt().isAfter(now) ? ClaimResult.IN_PROGRESS : ClaimResult.EXPIRED;
            case SETTLING -> ClaimResult.IN_PROGRESS;
            case RELEASED -> ClaimResult.ALREADY_RELEASED;
            case EXPIRED -> ClaimResult.EXPIRED;
        }).orElse(ClaimResult.NOT_FOUND);
    }

    /**
     * Records the tx about to be broadcast; call BEFORE broadcasting and broadcast only on {@code true}.
     * False when the job is not SETTLING or a different tx is already recorded for this claim (which may still
     * land, so it must not be forgotten). Recording the same tx again is allowed and updates {@code validUntil}.
     */
    public boolean recordPendingTx(UUID id, String txId, long validUntil) {
        Objects.requireNonNull(id, "id");
        // read only for the (immutable) network to spell the tx id; the guarded UPDATE decides
        Job job = find(id).orElse(null);
        if (job == null) {
            return false;
        }
        return jobs.recordPendingTx(id, canonicalTxId(job.network(), txId), validUntil) == 1;
    }

    /**
     * {@link #recordPendingTx(UUID, String, long)} for a caller that holds the job (as every settle path does): the
     * tx id is spelled from {@code job}'s network, so the guarded UPDATE is the only round trip. The UPDATE is also
     * guarded on that network (it never changes), so a stale or foreign {@code Job} can only make it fail.
     */
    public boolean recordPendingTx(Job job, String txId, long validUntil) {
        Objects.requireNonNull(job, "job");
        return jobs.recordPendingTxOn(job.id(), job.network(), canonicalTxId(job.network(), txId), validUntil) == 1;
    }

    /**
     * Replaces the job's recorded tx {@code oldTxId} (null: none) by {@code newTxId}, only while it is still the
     * recorded one and the job SETTLING. For a claim whose own tx can never land because its payment was made by
     * another transaction (an x402 authorisation someone else submitted first), which then pays the job.
     */
    public boolean replacePendingTx(UUID id, String oldTxId, String newTxId, long validUntil) {
        Objects.requireNonNull(id, "id");
        Job job = find(id).orElse(null);
        if (job == null) {
            return false;
        }
        String old = oldTxId == null ? null : canonicalTxId(job.network(), oldTxId);
        return jobs.replacePendingTx(id, old, canonicalTxId(job.network(), newTxId), validUntil) == 1;
    }

    /** Set by the container (a setter, so the constructor's signature stays as other callers know it). */
    @jakarta.inject.Inject
    void clientPayments(ClientPaymentRepository clientPayments) {
        this.clientPayments = clientPayments;
    }

    /**
     * {@link #recordPendingTx} for a payment the client signed, also recording which tx its {@code digest} (of the
     * bytes or authorisation the client sent) became, in the same transaction: a retry of the same payment is then
     * recognised by {@link #clientPaymentTx} without inspecting it again.
     */
    @Transactional
    public boolean recordPendingClientTx(UUID id, String txId, long validUntil, String digest) {
        Objects.requireNonNull(digest, "digest");
        Job job = find(id).orElse(null);
        if (job == null) {
            return false;
        }
        String tx = canonicalTxId(job.network(), txId);
        if (jobs.recordPendingTx(id, tx, validUntil) != 1) {
            return false;
        }
        clientPayments.record(job.network(), digest, id, tx, now());
        return true;
    }

    /** The tx a client payment with this digest became for this job, if it was recorded. */
    public Optional<String> clientPaymentTx(UUID jobId, String network, String digest) {
        return clientPayments.txOf(network, digest, jobId).stream().findFirst();
    }

    /**
     * SETTLING -> RELEASED, exactly once. One transaction: insert the payment (unique per (network, tx id) and per
     * job), then the guarded UPDATE; any failure rolls both back.
     *
     * @throws TxAlreadyUsedException  the tx already pays another job (nothing changed)
     * @throws JobNotSettlingException the job is unknown or not SETTLING (e.g. already released: use
     *                                 {@link #releasedOutput})
     * @throws SealingException        the sealed output cannot be opened (nothing changed)
     */
    @Transactional
    public Released release(UUID id, String network, String txId, String settlementJson) {
        return release(id, network, txId, settlementJson, null);
    }

    /**
     * As {@link #release(UUID, String, String, String)}, and in the same database transaction records {@code excess}
     * (an overpayment's surplus, owed back), so the release and the debt are never recorded apart.
     */
    @Transactional
    public Released release(UUID id, String network, String txId, String settlementJson, UnhonouredPayment excess) {
        Objects.requireNonNull(id, "id");
        requireText(network, "network");
        String tx = canonicalTxId(network, txId);
        Instant now = now();
        if (jobs.insertPayment(network, tx, id, now) == 0) {
            // conflict (or job not SETTLING): a concurrent winner has committed by now, so this read sees it
            Optional<UUID> paid = jobs.findPaidJob(network, tx);
            if (paid.isPresent() && !paid.get().equals(id)) {
                throw new TxAlreadyUsedException(network, tx, paid.get());
            }
            throw notSettling(id, network);
        }
        // the guarded UPDATE, the output kept, and both read back: one statement
        ReleaseStatement.Result released = releaseStatement.markReleased(id, network, tx, settlementJson, now)
                .orElseThrow(() -> notSettling(id, network)); // rolls back the payment row
        if (excess != null) {
            insertUnhonoured(excess, now);
        }
        // a SealingException here rolls back: never RELEASED without a deliverable output
        byte[] output = open(id, released.sealedOutput());
        return new Released(released.row().toJob(), output);
    }

    /** The unsealed output of a RELEASED job, so a repeated settle returns the same result. */
    public byte[] releasedOutput(UUID id) {
        Objects.requireNonNull(id, "id");
        JobState state = jobs.findById(id).map(JobRow::state).orElse(null);
        if (state != JobState.RELEASED) {
            throw new JobNotReleasedException(id, state);
        }
        return open(id);
    }

    /**
     * SETTLING -> LOCKED, clearing the pending tx: the payment definitively failed (or was never sent), so the job
     * is claimable again until its TTL. Only while the recorded tx is still {@code failedTxId} (null: none recorded):
     * every un-claim names the tx it expects, so a stalled caller never wipes a payment another caller has since
     * recorded on the same job.
     */
    public boolean returnToLocked(UUID id, String failedTxId) {
        Objects.requireNonNull(id, "id");
        Job job = find(id).orElse(null);
        if (job == null) {
            return false;
        }
        String tx = failedTxId == null ? null : canonicalTxId(job.network(), failedTxId);
        return jobs.returnToLockedIfTx(id, tx) == 1;
    }

    /**
     * {@link #returnToLocked(UUID, String)} for a caller that holds the job: one guarded UPDATE, no read (also
     * guarded on the job's network, which never changes).
     */
    public boolean returnToLocked(Job job, String failedTxId) {
        Objects.requireNonNull(job, "job");
        String tx = failedTxId == null ? null : canonicalTxId(job.network(), failedTxId);
        return jobs.returnToLockedIfTxOn(job.id(), job.network(), tx) == 1;
    }

    /**
     * LOCKED jobs past their TTL -> EXPIRED; their outputs are kept for the late-payment grace, then dropped by
     * {@link #purgeExpiredOutputs}. At most {@code batchSize} per call.
     */
    @Transactional
    public int expireDue(int batchSize) {
        requireBatch(batchSize);
        return Math.toIntExact(jobs.expireDue(now(), batchSize, latePaymentGrace.toSeconds()));
    }

    /** Drops the outputs of EXPIRED jobs whose late-payment grace is over; at most {@code batchSize} per call. */
    @Transactional
    public int purgeExpiredOutputs(int batchSize) {
        requireBatch(batchSize);
        return Math.toIntExact(jobs.purgeExpiredOutputs(now(), batchSize));
    }

    /**
     * Records money that reached a job's treasuries but cannot be honoured. Idempotent per (network, tx id): a
     * retried settle or the reconciler recording it again changes nothing. Returns whether this call recorded it.
     */
    public boolean recordUnhonoured(UnhonouredPayment payment) {
        Objects.requireNonNull(payment, "payment");
        return insertUnhonoured(payment, now());
    }

    /** The record for one transaction, if any. */
    public Optional<UnhonouredPayment> findUnhonoured(String network, String txId) {
        return unhonoured.find(network, canonicalTxId(network, txId)).map(UnhonouredRow::toPayment);
    }

    /** Unhonoured payments in the order recorded, after the one with id {@code afterId} (null: from the first). */
    public List<UnhonouredPayment> unhonoured(UUID afterId, int limit) {
        requireBatch(limit);
        return unhonoured.page(afterId, limit).stream().map(UnhonouredRow::toPayment).toList();
    }

    /** The id a page of {@link #unhonoured} continues after. */
    public Optional<UUID> unhonouredId(String network, String txId) {
        return unhonoured.find(network, canonicalTxId(network, txId)).map(UnhonouredRow::id);
    }

    /**
     * Uses a wallet-proof nonce once: true the first time for this address, false on every replay, on every
     * instance sharing the database. {@code expiresAt} bounds how long it is remembered (past the proof's validity).
     */
    public boolean useProofNonce(String address, String nonce, Instant expiresAt) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(expiresAt, "expiresAt");
        return proofNonces.use(address, nonce, expiresAt.truncatedTo(ChronoUnit.MICROS)) == 1;
    }

    /** Forgets nonces whose proofs can no longer be valid; at most {@code batchSize} per call. */
    public int forgetExpiredProofNonces(int batchSize) {
        requireBatch(batchSize);
        return proofNonces.deleteExpired(now(), batchSize);
    }

    private boolean insertUnhonoured(UnhonouredPayment p, Instant now) {
        String tx = canonicalTxId(p.network(), p.txId());
        return unhonoured.insert(UUID.randomUUID(), p.network(), tx, p.jobId(), p.reason(), p.payer(), p.asset(),
                p.toPayee(), p.toFeeRecipient(), p.payee(), p.feeRecipient(),
                p.blockTime() == null ? null : p.blockTime().truncatedTo(ChronoUnit.MICROS), now) == 1;
    }

    private static void requireBatch(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
    }

    /** SETTLING jobs with a recorded tx, oldest claim first: work for a reconciler. */
    public List<Job> pendingSettlements(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        return jobs.pendingSettlements(limit).stream().map(JobRow::toJob).toList();
    }

    /**
     * SETTLING jobs with no tx recorded and claimed longer ago than {@code olderThan} -> LOCKED (the claimer died
     * between claim and broadcast). Safe: a late claimer's {@link #recordPendingTx} then fails, so it never broadcasts.
     */
    public int returnStaleClaims(Duration olderThan) {
        Objects.requireNonNull(olderThan, "olderThan");
        if (olderThan.isNegative()) {
            throw new IllegalArgumentException("olderThan must not be negative");
        }
        return jobs.returnStaleClaims(now().minus(olderThan));
    }

    private byte[] open(UUID id) {
        return open(id, outputs.findById(id).map(OutputRow::sealedOutput).orElse(null));
    }

    private byte[] open(UUID id, byte[] sealed) {
        if (sealed == null) {
            throw new SealingException("sealed output of job " + id + " is missing");
        }
        return sealer.open(id, sealed);
    }

    private RuntimeException notSettling(UUID id, String network) {
        JobRow row = jobs.findById(id).orElse(null);
        if (row != null && row.state() == JobState.SETTLING && !row.network().equals(network)) {
            return new IllegalArgumentException("job " + id + " is on network " + row.network() + ", not " + network);
        }
        return new JobNotSettlingException(id, row == null ? null : row.state());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * One spelling per transaction so the unique key really is one payment, one job, as the network's
     * {@link TxIdSpelling} gives it (the lockbox knows no chain family). Public so callers compare tx ids the way
     * they are stored.
     */
    public String canonicalTxId(String network, String txId) {
        requireText(txId, "txId");
        if (txId.length() > MAX_TX_ID_LENGTH || !txId.strip().equals(txId)) {
            throw new IllegalArgumentException("txId must be at most " + MAX_TX_ID_LENGTH
                    + " characters without surrounding whitespace");
        }
        return txIds.canonical(network, txId);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
