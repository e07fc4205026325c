package dev.tollgate.chain.evm;

/** The nonce contract with one in-memory store shared by every rail: one process, several rails. */
class InMemoryNonceReservationsTest extends EvmNonceContract {
    private final NonceReservations shared = new InMemoryNonceReservations();

    @Override
    protected NonceReservations reservationsOfANewInstance() {
        return shared;
    }
}
