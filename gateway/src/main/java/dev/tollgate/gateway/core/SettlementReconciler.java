package dev.tollgate.gateway.core;

import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.RailUnavailableException;
import dev.tollgate.chain.VerificationCode;
import dev.tollgate.gateway.rails.PaymentRails;
import dev.tollgate.lockbox.Job;
import dev.tollgate.lockbox.Lockbox;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes settlements whose request gave up waiting (or whose gateway restarted): unknown is a state, so a
 * broadcast payment is looked up until the chain decides, never re-sent.
 */
@Singleton
@Requires(property = "tollgate.reconciler.enabled", notEquals = "false")
public class SettlementReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(SettlementReconciler.class);
    /** A client-named transaction that never appears stops holding its job after this long. */
    static final Duration UNSEEN_CLIENT_TX_LIMIT = Duration.ofMinutes(10);
    private static final int BATCH = 100;

    private final Lockbox lockbox;
    private final PaymentRails rails;
    private final PaymentWatcher watcher;
    private final Clock clock;
    private final Commitment commitment;
    private final java.util.List<ExactReconciliation> exact;

    SettlementReconciler(Lockbox lockbox, PaymentRails rails, PaymentWatcher watcher, Clock clock,
                         dev.tollgate.gateway.config.GatewayConfig config, java.util.List<ExactReconciliation> exact) {
        this.exact = exact;
        this.commitment = config.effectiveCommitment(Commitment.PROCESSED);
        this.lockbox = lockbox;
        this.rails = rails;
        this.watcher = watcher;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = "${tollgate.reconciler.interval-seconds:5}s",
            initialDelay = "${tollgate.reconciler.initial-delay-seconds:5}s")
    public void reconcile() {
        for (Job job : lockbox.pendingSettlements(BATCH)) {
            rails.byNetwork(NetworkId.of(job.network())).ifPresent(rail -> {
                try {
                    if (exact.stream().anyMatch(e -> e.reconcile(job))) {
                        return; // an x402 settlement: judged by its scheme, never by the memo check
                    }
                    long validUntil = job.txValidUntil() == null ? -1 : job.txValidUntil();
                    PaymentOutcome outcome = watcher.observe(job, rail, job.txId(), validUntil, commitment);
                    if (outcome instanceof PaymentOutcome.Pending p && validUntil < 0
                            && p.check().code() == VerificationCode.TX_NOT_FOUND
                            && job.settlingSince().plus(UNSEEN_CLIENT_TX_LIMIT).isBefore(clock.instant())) {
                        lockbox.returnToLocked(job, job.txId());
                    }
                } catch (RailUnavailableException e) {
                    LOG.warn("cannot reconcile job {} now: {}", job.id(), e.getMessage());
                } catch (RuntimeException e) {
                    LOG.error("reconciling job {} failed", job.id(), e);
                }
            });
        }
    }
}
