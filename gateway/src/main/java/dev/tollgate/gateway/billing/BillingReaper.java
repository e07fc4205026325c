package dev.tollgate.gateway.billing;

import dev.tollgate.lockbox.BillingAuthorizationStore;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes billing authorizations a retention past their expiry (an expired reservation stops counting at once; the
 * row is kept so a late settle is told it was used), in bounded batches, with the lockbox reaper's switch
 * ({@code tollgate.lockbox.reaper.enabled}). Safe on several instances (SKIP LOCKED).
 */
@Singleton
@Requires(property = "tollgate.lockbox.reaper.enabled", notEquals = "false")
public class BillingReaper {
    private static final Logger LOG = LoggerFactory.getLogger(BillingReaper.class);
    static final int BATCH = 500;
    static final int MAX_BATCHES_PER_RUN = 20;

    private final BillingAuthorizationStore store;
    private final BillingConfig config;

    BillingReaper(BillingAuthorizationStore store, BillingConfig config) {
        this.store = store;
        this.config = config;
    }

    @Scheduled(fixedDelay = "${tollgate.billing.reaper-interval-seconds:60}s",
            initialDelay = "${tollgate.billing.reaper-interval-seconds:60}s")
    void scheduledRun() {
        try {
            int purged = runOnce();
            if (purged > 0) {
                LOG.info("Billing reaper deleted {} expired authorization(s)", purged);
            }
        } catch (RuntimeException e) {
            LOG.warn("Billing reaper run failed: {}", e.getClass().getSimpleName());
        }
    }

    /** One bounded pass: batches until a short one, at most {@link #MAX_BATCHES_PER_RUN}. */
    public int runOnce() {
        Duration retention = Duration.ofSeconds(config.authorizationRetentionSeconds());
        int total = 0;
        for (int i = 0; i < MAX_BATCHES_PER_RUN; i++) {
            int n = store.purgeExpired(retention, BATCH);
            total += n;
            if (n < BATCH) {
                break;
            }
        }
        return total;
    }
}
