package dev.tollgate.lockbox;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * EVM transaction nonces reserved per payer in PostgreSQL, so every gateway instance on this database agrees on
 * which nonces are taken (the chain adapters reach it through their {@code NonceReservations} seam, adapted by the
 * gateway: the lockbox knows nothing of chains). A reservation is live until its nonce is below the payer's pending
 * count, it is cancelled or rejected, or its deadline (chain time, unix seconds) is before the chain's time.
 *
 * <p>Taking a reservation is one guarded statement on a unique key, retried when a concurrent signer wins the
 * nonce it chose; nothing is read and then written.
 */
@Singleton
public class NonceReservationStore {
    /** Each lost race means another signer took a nonce; far more than any real burst for one payer. */
    private static final int MAX_ATTEMPTS = 200;
    private static final int PRUNE_BATCH = 200;
    private static final int MAX_NETWORK_LENGTH = 128;
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");
    private static final Pattern TX_HASH = Pattern.compile("0x[0-9a-f]{64}");

    private final NonceReservationRepository reservations;
    private final Clock clock;

    NonceReservationStore(NonceReservationRepository reservations, Clock clock) {
        this.reservations = reservations;
        this.clock = clock;
    }

    /** A reservation taken: its id (to sign, cancel) and its nonce. */
    public record Reserved(UUID id, long nonce) {
    }

    /**
     * Reserves the lowest nonce at or above {@code pendingCount} that no live reservation of {@code payer} holds.
     *
     * @param chainTime   the latest block's timestamp: reservations with an earlier deadline are dead
     * @param permitToken the EIP-2612 token whose permit nonce the payment uses up, or null
     */
    public Reserved reserve(String network, String payer, long pendingCount, long chainTime, String permitToken,
                            long deadline) {
        String net = requireNetwork(network);
        String owner = address(payer, "payer");
        String token = permitToken == null ? null : address(permitToken, "permitToken");
        requireNonNegative(pendingCount, "pendingCount");
        reservations.prune(net, owner, pendingCount, chainTime, PRUNE_BATCH);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            UUID id = UUID.randomUUID();
            List<Long> nonce = reservations.tryReserve(id, net, owner, pendingCount, chainTime, token, deadline,
                    clock.instant().truncatedTo(ChronoUnit.MICROS));
            if (!nonce.isEmpty()) {
                return new Reserved(id, nonce.get(0));
            }
        }
        throw new IllegalStateException("no nonce reserved for " + owner + " on " + net + " after " + MAX_ATTEMPTS
                + " contested attempts");
    }

    /** Live reservations of {@code payer} using up a permit nonce of {@code token}, with a nonce in [from, below). */
    public int permitsBetween(String network, String payer, String token, long fromNonce, long belowNonce,
                              long chainTime) {
        return Math.toIntExact(reservations.countLivePermits(requireNetwork(network), address(payer, "payer"),
                address(token, "token"), fromNonce, belowNonce, chainTime));
    }

    /**
     * Live reservations of {@code payer} with a signed transaction and a nonce in [from, below): one per nonce at
     * most (the unique key), so the count equals the range's width exactly when every nonce in it is so held.
     */
    public long liveSignedBetween(String network, String payer, long fromNonce, long belowNonce, long chainTime) {
        return reservations.countLiveSigned(requireNetwork(network), address(payer, "payer"), fromNonce, belowNonce,
                chainTime);
    }

    /** Live reservations of {@code payer}, signed or not, with a nonce in [from, below): one per nonce at most. */
    public long liveBetween(String network, String payer, long fromNonce, long belowNonce, long chainTime) {
        return reservations.countLive(requireNetwork(network), address(payer, "payer"), fromNonce, belowNonce,
                chainTime);
    }

    /** Names the signed transaction of a reservation (nothing happens if it was taken over meanwhile). */
    public void attachTx(UUID reservation, String txHash) {
        reservations.attachTx(Objects.requireNonNull(reservation, "reservation"), txHash(txHash));
    }

    /** Frees a reservation whose transaction was never signed. */
    public void cancel(UUID reservation) {
        reservations.deleteReservation(Objects.requireNonNull(reservation, "reservation"));
    }

    /** Frees the nonce of a signed transaction that was definitively not broadcast. */
    public void release(String network, String payer, String txHash) {
        reservations.deleteByTx(requireNetwork(network), address(payer, "payer"), txHash(txHash));
    }

    private static String requireNetwork(String network) {
        if (network == null || network.isBlank() || network.length() > MAX_NETWORK_LENGTH) {
            throw new IllegalArgumentException("network must be 1.." + MAX_NETWORK_LENGTH + " characters");
        }
        return network;
    }

    private static String address(String value, String name) {
        String lower = Objects.requireNonNull(value, name).toLowerCase(Locale.ROOT);
        if (lower.length() != 42 || !ADDRESS.matcher(lower).matches()) {
            throw new IllegalArgumentException(name + " must be a 0x-prefixed 20-byte hex address");
        }
        return lower;
    }

    private static String txHash(String value) {
        String lower = Objects.requireNonNull(value, "txHash").toLowerCase(Locale.ROOT);
        if (lower.length() != 66 || !TX_HASH.matcher(lower).matches()) {
            throw new IllegalArgumentException("txHash must be a 0x-prefixed 32-byte hex hash");
        }
        return lower;
    }

    private static void requireNonNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, got " + value);
        }
    }
}
