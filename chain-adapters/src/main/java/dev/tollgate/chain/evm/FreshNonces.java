package dev.tollgate.chain.evm;

import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.RailUnavailableException;
import dev.tollgate.jsonrpc.JsonRpcReply;
import java.util.List;
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

    /**
     * A reservation and the pending count it was checked against; {@code alongside} is the reply to the read that
     * was batched with that check, or null.
     */
    record Fresh(NonceReservations.Reservation reservation, long pendingCount, JsonRpcReply alongside) {
    }

    static Fresh reserve(EvmRpc rpc, NonceReservations nonces, NetworkId network, String address, long chainTime,
                         String permitToken, long deadline) {
        long pending = rpc.transactionCount(address, DefaultBlockParameterName.PENDING).longValueExact();
        return reserve(rpc, nonces, network, address, pending, chainTime, permitToken, deadline, null);
    }

    /**
     * From a pending count the caller has just read; {@code alongside}, a read that does not depend on the nonce
     * (a gas estimate), rides in one batch with the check after reserving, so it costs no round trip of its own.
     */
    static Fresh reserve(EvmRpc rpc, NonceReservations nonces, NetworkId network, String address, long pendingCount,
                         long chainTime, String permitToken, long deadline, EvmRpc.Call alongside) {
        long pending = pendingCount;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            NonceReservations.Reservation reservation = nonces.reserve(network, address, pending, chainTime,
                    permitToken, deadline);
            EvmRpc.Call check = EvmRpc.transactionCountCall(address, DefaultBlockParameterName.PENDING);
            List<JsonRpcReply> replies;
            long after;
            try {
                replies = rpc.readAll(alongside == null ? List.of(check) : List.of(check, alongside));
                after = EvmRpc.count(replies.get(0));
            } catch (RuntimeException unreachable) {
                cancelQuietly(nonces, reservation); // nothing signed with it: free now, not at its deadline
                throw unreachable;
            }
            if (reservation.nonce() >= after) {
                return new Fresh(reservation, after, alongside == null ? null : replies.get(1));
            }
            cancelQuietly(nonces, reservation);
            pending = after;
        }
        throw new RailUnavailableException("nonces of " + address + " stayed contended for " + ATTEMPTS + " attempts");
    }

    private static void cancelQuietly(NonceReservations nonces, NonceReservations.Reservation reservation) {
        try {
            nonces.cancel(reservation);
        } catch (RuntimeException storeDown) {
            // it frees itself at its deadline
        }
    }
}
