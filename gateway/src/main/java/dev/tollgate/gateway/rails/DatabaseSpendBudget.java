package dev.tollgate.gateway.rails;

import dev.tollgate.chain.SpendBudget;
import dev.tollgate.lockbox.SponsorBudgetStore;
import java.math.BigInteger;
import java.util.Objects;

/**
 * One network's sponsor budget kept in PostgreSQL by the lockbox ({@link SponsorBudgetStore}), so every gateway
 * instance on the database draws on the same per-payer and total caps over the same rolling window. A thin adapter:
 * the chain adapters and the lockbox do not know each other.
 */
public final class DatabaseSpendBudget implements SpendBudget {
    private final SponsorBudgetStore store;
    private final SponsorBudgetStore.Caps caps;

    public DatabaseSpendBudget(SponsorBudgetStore store, SponsorBudgetStore.Caps caps) {
        this.store = Objects.requireNonNull(store, "store");
        this.caps = Objects.requireNonNull(caps, "caps");
    }

    @Override
    public boolean tryReserve(String network, String payer, BigInteger units) {
        if (units == null || units.signum() <= 0) {
            return units != null && units.signum() == 0; // nothing to spend fits any budget
        }
        return store.tryReserve(network, payer, units, caps);
    }

    @Override
    public void release(String network, String payer, BigInteger units) {
        if (units != null && units.signum() > 0) {
            store.release(network, payer, units);
        }
    }

    public SponsorBudgetStore.Caps caps() {
        return caps;
    }
}
