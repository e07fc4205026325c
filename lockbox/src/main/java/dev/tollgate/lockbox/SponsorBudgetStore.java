package dev.tollgate.lockbox;

import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * What the gateway spends of its own for payers (fees it sponsors, gas it relays), reserved in PostgreSQL against a
 * per-payer and a total cap over a rolling window, so every instance on this database draws on one budget. The
 * gateway adapts it to the chain adapters' {@code SpendBudget}; the lockbox knows nothing of chains.
 */
@Singleton
public class SponsorBudgetStore {
    private static final int MAX_TEXT = 128;
    /** The longest window a cap may count over; reservations older than this count nowhere and are dropped. */
    public static final Duration MAX_WINDOW = Duration.ofDays(30);

    private final SponsorReservationRepository reservations;
    private final Clock clock;

    SponsorBudgetStore(SponsorReservationRepository reservations, Clock clock) {
        this.reservations = reservations;
        this.clock = clock;
    }

    /** The caps of one network: atomic units per payer and in total within {@code window}. */
    public record Caps(BigInteger perPayer, BigInteger total, Duration window) {
        public Caps {
            Objects.requireNonNull(perPayer, "perPayer");
            Objects.requireNonNull(total, "total");
            Objects.requireNonNull(window, "window");
            if (perPayer.signum() < 0 || total.signum() < 0 || window.isNegative() || window.isZero()
                    || window.compareTo(MAX_WINDOW) > 0) {
                throw new IllegalArgumentException("caps must be non-negative and the window within 30 days");
            }
        }
    }

    /**
     * Reserves {@code units} for {@code payer} if neither its cap nor the network's total would be passed within the
     * window; false (nothing reserved) otherwise. Atomic across threads and instances: one transaction, the
     * network's lock row taken first.
     */
    @Transactional
    public boolean tryReserve(String network, String payer, BigInteger units, Caps caps) {
        requireText(network, "network");
        requireText(payer, "payer");
        Objects.requireNonNull(caps, "caps");
        if (units == null || units.signum() <= 0) {
            throw new IllegalArgumentException("units must be positive");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        reservations.lockNetwork(network);
        return reservations.reserveWithin(UUID.randomUUID(), network, payer, new BigDecimal(units), now,
                now.minus(caps.window()), new BigDecimal(caps.perPayer()), new BigDecimal(caps.total())) == 1;
    }

    /** Gives back one reservation of exactly {@code units} for {@code payer}; false when none was live. */
    public boolean release(String network, String payer, BigInteger units) {
        requireText(network, "network");
        requireText(payer, "payer");
        Objects.requireNonNull(units, "units");
        return reservations.releaseOne(network, payer, new BigDecimal(units)).stream().anyMatch(n -> n == 1);
    }

    /** Units live within the window: of {@code payer}, or of the whole network when {@code payer} is null. */
    public BigInteger reserved(String network, String payer, Duration window) {
        requireText(network, "network");
        return reservations.liveUnits(network, payer, clock.instant().minus(window)).toBigIntegerExact();
    }

    /** Drops reservations older than {@code window} (no cap counts them any more); at most {@code limit}. */
    public int forgetOlderThan(Duration window, int limit) {
        return reservations.deleteOlderThan(clock.instant().minus(window), limit);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isEmpty() || value.length() > MAX_TEXT) {
            throw new IllegalArgumentException(name + " must be 1.." + MAX_TEXT + " characters");
        }
    }
}
