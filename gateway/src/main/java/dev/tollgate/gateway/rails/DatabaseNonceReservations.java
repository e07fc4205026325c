package dev.tollgate.gateway.rails;

import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.evm.NonceReservations;
import dev.tollgate.lockbox.NonceReservationStore;

/**
 * The EVM rail's nonce reservations kept in PostgreSQL by the lockbox, so every gateway instance on one database
 * agrees on which nonces of a payer are taken. A thin adapter: the chain adapters and the lockbox do not know each
 * other, only the gateway knows both.
 */
public final class DatabaseNonceReservations implements NonceReservations {
    private final NonceReservationStore store;

    public DatabaseNonceReservations(NonceReservationStore store) {
        this.store = store;
    }

    @Override
    public Reservation reserve(NetworkId network, String payer, long pendingCount, long chainTime, String permitToken,
                               long deadline) {
        NonceReservationStore.Reserved reserved = store.reserve(network.value(), payer, pendingCount, chainTime,
                permitToken, deadline);
        return new Reservation(reserved.id(), network, payer, reserved.nonce());
    }

    @Override
    public int permitsBetween(Reservation reservation, String token, long fromNonce, long chainTime) {
        return store.permitsBetween(reservation.network().value(), reservation.payer(), token, fromNonce,
                reservation.nonce(), chainTime);
    }

    @Override
    public void signed(Reservation reservation, String txHash) {
        store.attachTx(reservation.id(), txHash);
    }

    @Override
    public void cancel(Reservation reservation) {
        store.cancel(reservation.id());
    }

    @Override
    public void rejected(NetworkId network, String payer, String txHash) {
        store.release(network.value(), payer, txHash);
    }

    @Override
    public boolean signedBetween(NetworkId network, String payer, long fromNonce, long belowNonce, long chainTime) {
        return fromNonce >= belowNonce
                || store.liveSignedBetween(network.value(), payer, fromNonce, belowNonce, chainTime) == belowNonce - fromNonce;
    }

    @Override
    public boolean heldBetween(NetworkId network, String payer, long fromNonce, long belowNonce, long chainTime) {
        return fromNonce >= belowNonce
                || store.liveBetween(network.value(), payer, fromNonce, belowNonce, chainTime) == belowNonce - fromNonce;
    }
}
