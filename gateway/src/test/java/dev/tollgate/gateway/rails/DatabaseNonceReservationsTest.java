package dev.tollgate.gateway.rails;

import dev.tollgate.chain.evm.EvmNonceContract;
import dev.tollgate.chain.evm.NonceReservations;
import org.junit.jupiter.api.AfterAll;

/** The EVM nonce contract with every rail (instance) on its own context, sharing reservations only through PostgreSQL. */
class DatabaseNonceReservationsTest extends EvmNonceContract {
    private final DatabaseStores stores = new DatabaseStores();

    @Override
    protected NonceReservations reservationsOfANewInstance() {
        return stores.newInstance();
    }

    @AfterAll
    void closeStores() {
        stores.close();
    }
}
