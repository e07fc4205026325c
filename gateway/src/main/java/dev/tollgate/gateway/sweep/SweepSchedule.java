package dev.tollgate.gateway.sweep;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;

/** Runs the {@link SettlementSweeper} on a fixed delay, like the settlement reconciler. */
@Singleton
@Requires(property = "tollgate.sweeper.enabled", notEquals = "false")
public class SweepSchedule {
    private final SettlementSweeper sweeper;

    SweepSchedule(SettlementSweeper sweeper) {
        this.sweeper = sweeper;
    }

    @Scheduled(fixedDelay = "${tollgate.sweeper.interval-seconds:5}s",
            initialDelay = "${tollgate.sweeper.initial-delay-seconds:5}s")
    public void run() {
        sweeper.sweepDue();
    }
}
