package dev.tollgate.lockbox;

import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Settlement-wallet sweeps in PostgreSQL, shared by every gateway instance: recorded once per (network, source tx),
 * moved only by compare-and-set, and every sweep transaction kept with its outcome. The lockbox knows nothing of
 * chains: the caller signs, broadcasts and checks.
 */
@Singleton
public class SweepStore {
    /** Replacing a sweep transaction costs a network fee each time; past this the operator looks. */
    public static final int MAX_ATTEMPTS = 10;
    private static final int MAX_TEXT = 256;

    private final SweepRepository sweeps;
    private final SweepTxRepository txs;
    private final Clock clock;

    SweepStore(SweepRepository sweeps, SweepTxRepository txs, Clock clock) {
        this.sweeps = sweeps;
        this.txs = txs;
        this.clock = clock;
    }

    /**
     * Records that {@code net} must go to {@code payee} and {@code fee} to {@code feeRecipient} from
     * {@code settlementWallet}, once per (network, source tx); true when this call recorded it.
     */
    public boolean record(String network, String sourceTxId, UUID jobId, String asset, String settlementWallet,
                          String payee, String feeRecipient, BigInteger net, BigInteger fee) {
        Objects.requireNonNull(jobId, "jobId");
        if (net == null || fee == null || net.signum() < 0 || fee.signum() < 0 || net.add(fee).signum() == 0) {
            throw new IllegalArgumentException("a sweep moves a positive total of non-negative amounts");
        }
        return sweeps.insert(UUID.randomUUID(), text(network, "network"), text(sourceTxId, "sourceTxId"), jobId,
                text(asset, "asset"), text(settlementWallet, "settlementWallet"), text(payee, "payee"),
                text(feeRecipient, "feeRecipient"), net, fee, now()) == 1;
    }

    public Optional<Sweep> find(String network, String sourceTxId) {
        return sweeps.find(network, sourceTxId).map(SweepRow::toSweep);
    }

    public Optional<Sweep> find(UUID id) {
        return sweeps.findById(id).map(SweepRow::toSweep);
    }

    public List<Sweep> byJob(UUID jobId) {
        return sweeps.byJob(jobId).stream().map(SweepRow::toSweep).toList();
    }

    /** Sweeps still to do (PENDING) or in flight (SENDING), oldest first. */
    public List<Sweep> due(int limit) {
        return sweeps.due(limit).stream().map(SweepRow::toSweep).toList();
    }

    /** Every sweep, oldest first, after {@code afterId} (null: from the start). */
    public List<Sweep> page(UUID afterId, int limit) {
        return sweeps.page(afterId, limit).stream().map(SweepRow::toSweep).toList();
    }

    /** The sweep transactions recorded for a sweep, with their outcomes. */
    public List<Sweep.Transaction> transactions(UUID sweepId) {
        return txs.bySweep(sweepId).stream().map(SweepTxRow::toTransaction).toList();
    }

    /**
     * PENDING -> SENDING with a signed transaction, BEFORE it is broadcast; broadcast only on {@code true}. False:
     * another worker claimed it first (discard this transaction, never send it).
     */
    @Transactional
    public boolean claim(UUID id, String network, String txId, byte[] rawTx, long validUntil) {
        Instant now = now();
        if (sweeps.claim(id, text(txId, "txId"), Objects.requireNonNull(rawTx, "rawTx"), validUntil, now) == 0) {
            return false;
        }
        txs.insert(text(network, "network"), txId, id, validUntil, now);
        return true;
    }

    /** SENDING -> DONE: the recorded transaction landed and paid. False when it is no longer the recorded one. */
    @Transactional
    public boolean markDone(UUID id, String network, String txId) {
        Instant now = now();
        if (sweeps.markDone(id, txId, now) == 0) {
            return false;
        }
        txs.decide(network, txId, "landed", now);
        return true;
    }

    /**
     * The recorded transaction can never land ({@code outcome} {@code dropped}, or {@code failed} when it landed
     * and failed): back to PENDING for a new one, or FAILED when {@code giveUp} or out of attempts.
     */
    @Transactional
    public boolean release(UUID id, String network, String txId, String outcome, boolean giveUp) {
        if (!"dropped".equals(outcome) && !"failed".equals(outcome)) {
            throw new IllegalArgumentException("outcome must be dropped or failed");
        }
        Instant now = now();
        if (sweeps.release(id, txId, giveUp, MAX_ATTEMPTS, now) == 0) {
            return false;
        }
        txs.decide(network, txId, outcome, now);
        return true;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static String text(String value, String name) {
        if (value == null || value.isBlank() || value.length() > MAX_TEXT) {
            throw new IllegalArgumentException(name + " must be 1.." + MAX_TEXT + " characters");
        }
        return value;
    }
}
