package dev.tollgate.gateway.sweep;

import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.x402.SettlementSweeps;
import dev.tollgate.gateway.core.SweepOrders;
import dev.tollgate.gateway.rails.PaymentRails;
import dev.tollgate.gateway.rails.RailBinding;
import dev.tollgate.lockbox.Job;
import dev.tollgate.lockbox.SweepStore;
import jakarta.inject.Singleton;

/**
 * Records a released job's sweep: its payment sits whole in the settlement wallet, and its net and fee are owed on.
 * Idempotent per (network, source tx); {@link SettlementSweeper} moves the money.
 */
@Singleton
public class SweepLedger implements SweepOrders {
    private final SweepStore store;
    private final PaymentRails rails;

    SweepLedger(SweepStore store, PaymentRails rails) {
        this.store = store;
        this.rails = rails;
    }

    @Override
    public void sweepAfterRelease(Job job, String sourceTxId) {
        if (job.feeUnits().signum() == 0) {
            return; // paid to the payee directly: nothing sits in the settlement wallet
        }
        RailBinding binding = rails.byNetwork(NetworkId.of(job.network())).orElseThrow(() ->
                new IllegalStateException("job " + job.id() + " is on " + job.network() + ", which has no rail"));
        SettlementSweeps sweeps = SettlementSweeper.sweepsOf(binding).orElseThrow(() ->
                new IllegalStateException(job.network() + " has no settlement wallet to sweep from"));
        store.record(job.network(), binding.rail().canonicalTxId(sourceTxId), job.id(), job.asset(),
                sweeps.settlementWallet(), job.payee(), job.feeRecipient(), job.netUnits(), job.feeUnits());
    }
}
