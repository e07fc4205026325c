package dev.tollgate.gateway.sweep;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.RailUnavailableException;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.VerificationCode;
import dev.tollgate.chain.x402.SettlementSweeps;
import dev.tollgate.gateway.config.GatewayConfig;
import dev.tollgate.gateway.rails.PaymentRails;
import dev.tollgate.gateway.rails.RailBinding;
import dev.tollgate.lockbox.Sweep;
import dev.tollgate.lockbox.SweepStore;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves recorded sweeps: signs one transaction (net and fee, memo {@code ATP:<jobId>:sweep}), records its id
 * BEFORE broadcasting (compare-and-set), sends, and marks it done once it landed. Any number of workers and
 * instances may run at once, and a crash between any two steps is safe: a recorded transaction is always checked
 * first and only re-sent as the same bytes, and it is replaced only once the chain says it can never land.
 */
@Singleton
public class SettlementSweeper {
    private static final Logger LOG = LoggerFactory.getLogger(SettlementSweeper.class);
    private static final int BATCH = 50;

    private final SweepStore store;
    private final PaymentRails rails;
    private final Commitment commitment;

    @Inject
    SettlementSweeper(SweepStore store, PaymentRails rails, GatewayConfig config) {
        this(store, rails, config.effectiveCommitment(Commitment.CONFIRMED));
    }

    SettlementSweeper(SweepStore store, PaymentRails rails, Commitment commitment) {
        this.store = store;
        this.rails = rails;
        this.commitment = commitment;
    }

    static Optional<SettlementSweeps> sweepsOf(RailBinding binding) {
        return binding.rail().exactScheme().filter(SettlementSweeps.class::isInstance).map(SettlementSweeps.class::cast);
    }

    /** One pass over the due sweeps; each moves at most one step forward. */
    public void sweepDue() {
        for (Sweep sweep : store.due(BATCH)) {
            try {
                advance(sweep);
            } catch (RailUnavailableException e) {
                LOG.warn("cannot advance sweep {} now: {}", sweep.id(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("advancing sweep {} failed", sweep.id(), e);
            }
        }
    }

    void advance(Sweep sweep) {
        Optional<RailBinding> binding = rails.byNetwork(NetworkId.of(sweep.network()));
        Optional<SettlementSweeps> sweeps = binding.flatMap(SettlementSweeper::sweepsOf);
        Optional<ChainAsset> asset = binding.flatMap(b -> b.asset(sweep.asset()));
        if (sweeps.isEmpty() || asset.isEmpty()) {
            LOG.warn("sweep {} waits: {} offers no settlement-wallet sweeps of {}", sweep.id(), sweep.network(), sweep.asset());
            return;
        }
        PaymentIntent intent = intent(sweep, binding.get(), asset.get());
        switch (sweep.state()) {
            case PENDING -> signRecordAndSend(sweep, sweeps.get(), intent);
            case SENDING -> recheck(sweep, sweeps.get(), intent);
            default -> {
            }
        }
    }

    private static PaymentIntent intent(Sweep sweep, RailBinding binding, ChainAsset asset) {
        String jobId = sweep.jobId().toString();
        return new PaymentIntent(jobId, binding.rail().network(), asset, sweep.settlementWallet(), sweep.payee(),
                sweep.feeRecipient(), sweep.netUnits(), sweep.feeUnits(), SettlementSweeps.sweepMemo(jobId));
    }

    private void signRecordAndSend(Sweep sweep, SettlementSweeps sweeps, PaymentIntent intent) {
        SignedPayment signed;
        try {
            signed = sweeps.signSweep(intent);
        } catch (PaymentRejectedException e) {
            LOG.warn("sweep {} cannot be signed now: {}", sweep.id(), e.getMessage());
            return;
        }
        if (!store.claim(sweep.id(), sweep.network(), signed.txId(), signed.rawTx(), signed.validUntil())) {
            return; // another worker recorded its own transaction first: this one is never sent
        }
        send(sweep, sweeps, signed);
    }

    /** The recorded transaction decides: landed, still possible (re-send the same bytes), or never. */
    private void recheck(Sweep sweep, SettlementSweeps sweeps, PaymentIntent intent) {
        long validUntil = sweep.sweepValidUntil() == null ? -1 : sweep.sweepValidUntil();
        PaymentCheck check = sweeps.checkSweep(intent, sweep.sweepTxId(), commitment, validUntil);
        switch (check.status()) {
            case VERIFIED -> store.markDone(sweep.id(), sweep.network(), sweep.sweepTxId());
            case DROPPED -> store.release(sweep.id(), sweep.network(), sweep.sweepTxId(), "dropped", false);
            case REJECTED -> {
                // a landed, failed transaction moved nothing and can never land again: a new one is safe. Anything
                // else means it landed and moved money unexpectedly: never guess, the operator looks.
                boolean failedOnChain = check.code() == VerificationCode.TX_FAILED;
                if (!failedOnChain) {
                    LOG.error("sweep {} transaction {} landed but does not pay as signed: {}", sweep.id(),
                            sweep.sweepTxId(), check.code().wireName());
                }
                store.release(sweep.id(), sweep.network(), sweep.sweepTxId(), "failed", !failedOnChain);
            }
            case PENDING -> {
                if (check.code() == VerificationCode.TX_NOT_FOUND && sweep.sweepRawTx() != null) {
                    // recorded but perhaps never broadcast (a crash): the same bytes, so at most one lands
                    send(sweep, sweeps, new SignedPayment(sweep.sweepTxId(), sweep.sweepRawTx(),
                            sweep.settlementWallet(), validUntil));
                }
            }
        }
    }

    private static void send(Sweep sweep, SettlementSweeps sweeps, SignedPayment signed) {
        try {
            sweeps.submitSweep(signed);
        } catch (PaymentRejectedException e) {
            // not replaced now: only the chain saying it can never land (dropped) lets a new transaction go
            LOG.warn("sweep {} transaction {} refused by the node: {}", sweep.id(), signed.txId(), e.getMessage());
        }
    }
}
