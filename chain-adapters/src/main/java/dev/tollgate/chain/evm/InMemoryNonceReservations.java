package dev.tollgate.chain.evm;

import dev.tollgate.chain.NetworkId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link NonceReservations} kept in this process's memory: correct for every thread of one process, and only for
 * that. For tools, tests and a single gateway instance; gateway instances sharing a payer key must share the
 * reservations through their database instead.
 */
public final class InMemoryNonceReservations implements NonceReservations {
    private final ConcurrentHashMap<String, Payer> payers = new ConcurrentHashMap<>();

    private record Held(UUID id, long nonce, String permitToken, long deadline, String txHash) {
        Held withTxHash(String hash) {
            return new Held(id, nonce, permitToken, deadline, hash);
        }
    }

    /** The reservations of one payer on one network; its monitor serializes every change to them. */
    private static final class Payer {
        private final List<Held> held = new ArrayList<>();
    }

    @Override
    public Reservation reserve(NetworkId network, String payer, long pendingCount, long chainTime, String permitToken,
                               long deadline) {
        Payer p = payer(network, payer);
        synchronized (p) {
            p.held.removeIf(h -> h.nonce() < pendingCount || h.deadline() < chainTime);
            long nonce = pendingCount;
            while (holds(p, nonce)) {
                nonce++;
            }
            Held held = new Held(UUID.randomUUID(), nonce, permitToken, deadline, null);
            p.held.add(held);
            return new Reservation(held.id(), network, lower(payer), nonce);
        }
    }

    @Override
    public int permitsBetween(Reservation reservation, String token, long fromNonce, long chainTime) {
        Payer p = payer(reservation.network(), reservation.payer());
        synchronized (p) {
            return (int) p.held.stream()
                    .filter(h -> h.permitToken() != null && h.permitToken().equalsIgnoreCase(token))
                    .filter(h -> h.nonce() >= fromNonce && h.nonce() < reservation.nonce() && h.deadline() >= chainTime)
                    .count();
        }
    }

    @Override
    public void signed(Reservation reservation, String txHash) {
        Payer p = payer(reservation.network(), reservation.payer());
        synchronized (p) {
            p.held.replaceAll(h -> h.id().equals(reservation.id()) ? h.withTxHash(txHash) : h);
        }
    }

    @Override
    public void cancel(Reservation reservation) {
        Payer p = payer(reservation.network(), reservation.payer());
        synchronized (p) {
            p.held.removeIf(h -> h.id().equals(reservation.id()));
        }
    }

    @Override
    public void rejected(NetworkId network, String payer, String txHash) {
        Payer p = payers.get(key(network, payer));
        if (p != null) {
            synchronized (p) {
                p.held.removeIf(h -> h.txHash() != null && h.txHash().equalsIgnoreCase(txHash));
            }
        }
    }

    @Override
    public boolean signedBetween(NetworkId network, String payer, long fromNonce, long belowNonce, long chainTime) {
        return covered(network, payer, fromNonce, belowNonce, chainTime, true);
    }

    @Override
    public boolean heldBetween(NetworkId network, String payer, long fromNonce, long belowNonce, long chainTime) {
        return covered(network, payer, fromNonce, belowNonce, chainTime, false);
    }

    private boolean covered(NetworkId network, String payer, long fromNonce, long belowNonce, long chainTime,
                            boolean signedOnly) {
        if (fromNonce >= belowNonce) {
            return true;
        }
        Payer p = payers.get(key(network, payer));
        if (p == null) {
            return false;
        }
        synchronized (p) {
            // a count of the range's distinct held nonces says whether every one is held
            long held = p.held.stream()
                    .filter(h -> h.nonce() >= fromNonce && h.nonce() < belowNonce && h.deadline() >= chainTime
                            && (!signedOnly || h.txHash() != null))
                    .map(Held::nonce).distinct().count();
            return held == belowNonce - fromNonce;
        }
    }

    private Payer payer(NetworkId network, String payer) {
        return payers.computeIfAbsent(key(network, payer), k -> new Payer());
    }

    private static boolean holds(Payer p, long nonce) {
        return p.held.stream().anyMatch(h -> h.nonce() == nonce);
    }

    private static String key(NetworkId network, String payer) {
        return network.value() + "/" + lower(payer);
    }

    private static String lower(String address) {
        return address.toLowerCase(Locale.ROOT);
    }
}
