package dev.tollgate.gateway.rails;

import dev.tollgate.lockbox.TxIdSpelling;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

/**
 * Transaction ids spelled as their rail says ({@link dev.tollgate.chain.PaymentRail#canonicalTxId}), so the lockbox
 * stores one spelling per payment without knowing any chain family. A network no longer configured keeps its ids
 * as given.
 */
@Singleton
final class RailTxIdSpelling implements TxIdSpelling {
    // a provider: the rails need the lockbox's nonce store, the lockbox needs this
    private final Provider<PaymentRails> rails;

    RailTxIdSpelling(Provider<PaymentRails> rails) {
        this.rails = rails;
    }

    @Override
    public String canonical(String network, String txId) {
        return rails.get().all().stream().filter(b -> b.rail().network().value().equals(network)).findFirst()
                .map(b -> b.rail().canonicalTxId(txId)).orElse(txId);
    }
}
