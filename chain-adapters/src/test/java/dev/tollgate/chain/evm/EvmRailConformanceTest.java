package dev.tollgate.chain.evm;

/** The shared rail contract with nonces reserved in this process's memory. */
class EvmRailConformanceTest extends EvmRailConformance {
    private final NonceReservations nonces = new InMemoryNonceReservations();

    @Override
    protected NonceReservations nonceReservations() {
        return nonces;
    }
}
