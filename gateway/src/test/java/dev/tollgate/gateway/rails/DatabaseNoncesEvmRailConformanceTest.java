package dev.tollgate.gateway.rails;

import dev.tollgate.chain.evm.EvmRailConformance;
import dev.tollgate.chain.evm.NonceReservations;
import org.junit.jupiter.api.AfterAll;

/** The shared rail contract for the EVM rail as the gateway builds it: nonces reserved in PostgreSQL. */
class DatabaseNoncesEvmRailConformanceTest extends EvmRailConformance {
    private final DatabaseStores stores = new DatabaseStores();
    private NonceReservations nonces;

    @Override
    protected NonceReservations nonceReservations() {
        if (nonces == null) {
            nonces = stores.newInstance();
        }
        return nonces;
    }

    @AfterAll
    void closeStores() {
        stores.close();
    }
}
