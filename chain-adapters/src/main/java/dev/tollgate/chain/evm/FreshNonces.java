package dev.tollgate.chain.evm;

import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.RailUnavailableException;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * Reserves a nonce no transaction the node knows uses. The store gives the lowest free nonce at or above the
 * pending count it is told and forgets reservations below it, so a count read before another transaction of the
 * same key reached the node (signed by another request or instance) is stale and can hand that nonce out again.
 * Nothing is sent with a nonce before its reservation is returned, so a pending count above it, read after
 * reserving, proves the collision: reserve again from that count. Used for payer keys (ATP's key mode) and for the
 * gateway's relayer alike.
 */
final class FreshNonces {
    private static final int ATTEMPTS = 8;

    private FreshNonces() {
    }

    /** A reservation and the pending count it was checked against. */
    record Fresh(NonceReservations.Reservation reservation, long pendingCount) {
    }

    static Fresh reserve(EvmRpc rpc, NonceReservations nonces, NetworkId network, String address, long chainTime,
                         String permitToken, long deadline) {
        long pending = rpc.transactionCount(address, DefaultBlockParameterName.PENDING).longValueExact();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            NonceReservations.Reservation reservation = nonces.reserve(network, address, pending, chainTime,
                    permitToken, deadline);
            long after = rpc.transactionCount(address, DefaultBlockParameterName.PENDING).longValueExact();
            if (reservation.nonce() >= after) {
                return new Fresh(reservation, after);
            }
            try {
                nonces.cancel(reservation);
            } catch (RuntimeException storeDown) {
                // it frees itself at its deadline
            }
            pending = after;
        }
        throw new RailUnavailableException("nonces of " + address + " stayed contended for " + ATTEMPTS + " attempts");
    }
}
