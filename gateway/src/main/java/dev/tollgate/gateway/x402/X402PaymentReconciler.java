package dev.tollgate.gateway.x402;

import dev.tollgate.chain.RailUnavailableException;
import dev.tollgate.lockbox.X402Payment;
import dev.tollgate.lockbox.X402Payments;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Beside the job reconciler (which finishes x402 job settlements through {@link X402JobSettler#reconcile}): finishes
 * foreign settlements whose resource server stopped asking, and frees payloads whose claimer died before
 * sending anything. Unknown is a state: a sent settlement is only looked up, never re-sent.
 */
@Singleton
@Requires(property = "tollgate.reconciler.enabled", notEquals = "false")
class X402PaymentReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(X402PaymentReconciler.class);
    /** Far longer than any claim → record step takes; a live claimer records its tx within seconds. */
    static final Duration STALE_CLAIM = Duration.ofMinutes(5);
    private static final int BATCH = 100;

    private final X402Payments payments;
    private final ForeignSettlements foreign;

    X402PaymentReconciler(X402Payments payments, ForeignSettlements foreign) {
        this.payments = payments;
        this.foreign = foreign;
    }

    @Scheduled(fixedDelay = "${tollgate.reconciler.interval-seconds:5}s",
            initialDelay = "${tollgate.reconciler.initial-delay-seconds:5}s")
    void reconcile() {
        int freed = payments.forgetStaleClaims(STALE_CLAIM);
        if (freed > 0) {
            LOG.info("forgot {} x402 payment claims that never sent anything", freed);
        }
        for (X402Payment sent : payments.sentForeign(BATCH)) {
            try {
                foreign.reconcile(sent);
            } catch (RailUnavailableException e) {
                LOG.warn("cannot reconcile x402 payment on {} now: node unreachable", sent.network());
            } catch (RuntimeException e) {
                LOG.error("reconciling x402 payment {} on {} failed", sent.paymentKey(), sent.network(), e);
            }
        }
    }
}
