package dev.tollgate.lockbox;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expires LOCKED jobs past their TTL (dropping their outputs) and returns stale claims to LOCKED. Safe to run on
 * several instances at once (SKIP LOCKED batches, guarded updates). Disable with
 * {@code tollgate.lockbox.reaper.enabled=false}.
 */
@Singleton
@Requires(property = "tollgate.lockbox.reaper.enabled", notEquals = "false")
public class LockboxReaper {
    private static final Logger LOG = LoggerFactory.getLogger(LockboxReaper.class);
    /** Bounds one run (batches x batch size) so a backlog cannot hold the scheduler thread indefinitely. */
    static final int MAX_BATCHES_PER_RUN = 100;

    private final Lockbox lockbox;
    private final LockboxConfig config;
    private SponsorBudgetStore sponsorBudget;

    public LockboxReaper(Lockbox lockbox, LockboxConfig config) {
        this.lockbox = lockbox;
        this.config = config;
    }

    /** Set by the container (a setter: the constructor stays as its callers know it). */
    @jakarta.inject.Inject
    void sponsorBudget(SponsorBudgetStore sponsorBudget) {
        this.sponsorBudget = sponsorBudget;
    }

    public record Result(int expired, int staleClaimsReturned, int outputsPurged) {
    }

    @Scheduled(fixedDelay = "${tollgate.lockbox.reaper-interval-seconds:10}s",
            initialDelay = "${tollgate.lockbox.reaper-interval-seconds:10}s")
    void scheduledRun() {
        try {
            Result result = runOnce();
            if (result.expired() > 0 || result.staleClaimsReturned() > 0 || result.outputsPurged() > 0) {
                LOG.info("Lockbox reaper expired {} job(s), returned {} stale claim(s), purged {} output(s)",
                        result.expired(), result.staleClaimsReturned(), result.outputsPurged());
            }
        } catch (RuntimeException e) {
            // keep the schedule alive through a database outage; the next run retries
            LOG.warn("Lockbox reaper run failed: {}", e.toString());
        }
    }

    /**
     * One bounded pass: expire in batches until a short batch (or the per-run bound), drop outputs whose
     * late-payment grace is over, forget expired proof nonces and sponsor reservations no window counts, then return
     * stale claims.
     */
    public Result runOnce() {
        int expired = inBatches(lockbox::expireDue);
        int purged = inBatches(lockbox::purgeExpiredOutputs);
        inBatches(lockbox::forgetExpiredProofNonces);
        if (sponsorBudget != null) {
            inBatches(n -> sponsorBudget.forgetOlderThan(SponsorBudgetStore.MAX_WINDOW, n));
        }
        int returned = lockbox.returnStaleClaims(Duration.ofSeconds(config.staleClaimSeconds()));
        return new Result(expired, returned, purged);
    }

    private int inBatches(java.util.function.IntUnaryOperator batch) {
        int batchSize = config.reaperBatchSize();
        int total = 0;
        for (int i = 0; i < MAX_BATCHES_PER_RUN; i++) {
            int n = batch.applyAsInt(batchSize);
            total += n;
            if (n < batchSize) {
                break;
            }
        }
        return total;
    }
}
