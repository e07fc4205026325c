package dev.tollgate.gateway.sweep;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.RailUnavailableException;
import dev.tollgate.chain.x402.SettlementSweeps;
import dev.tollgate.gateway.rails.PaymentRails;
import dev.tollgate.gateway.rails.RailBinding;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start, opens the settlement wallet's token account for every token of every rail whose x402 payments may land
 * there: stock x402 clients never create the recipient's account (x402 refuses to, as a rent-drain vector), so
 * without it the first such payment would fail. Idempotent; a node that cannot be reached is logged, not fatal
 * (the account is opened at the next start, and a payment meanwhile fails its simulation, refused unsent).
 */
@Singleton
final class SettlementAccountOpener {
    private static final Logger LOG = LoggerFactory.getLogger(SettlementAccountOpener.class);
    private final PaymentRails rails;

    SettlementAccountOpener(PaymentRails rails) {
        this.rails = rails;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        for (RailBinding binding : rails.all()) {
            if (!(binding.rail().exactScheme().orElse(null) instanceof SettlementSweeps sweeps)) {
                continue;
            }
            for (ChainAsset asset : binding.rail().assets().values()) {
                if (asset.isNative()) {
                    continue;
                }
                try {
                    sweeps.openSettlementAccount(asset);
                } catch (PaymentRejectedException | RailUnavailableException e) {
                    LOG.warn("x402 on {}: the settlement wallet's {} account could not be opened ({}); x402 payments"
                            + " of {} with a fee fail until it is", binding.rail().network(), asset.symbol(),
                            e.getClass().getSimpleName(), asset.symbol());
                }
            }
        }
    }
}
