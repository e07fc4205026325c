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
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Billing authorizations (issue 10), exactly once across instances: a billing filter's request is authorised by a
 * reservation made here before its handler runs, settled once (RESERVED -> SETTLING -> SETTLED, each move one
 * compare-and-set) or given back (-> RELEASED). An x402 payload is reserved by its payment key, unique per network
 * ({@link #reserve}); an allowance by summing the payer's open reservations under its lock row against what the
 * chain says it can spend ({@link #tryReserveWithin}). Expired reservations stop counting at once and are deleted
 * by {@link #purgeExpired} a retention later (so a used authorization is still recognised as used meanwhile).
 */
@Singleton
public class BillingAuthorizationStore {
    private static final int MAX_TEXT = 128;
    private static final int MAX_KEY = 512;
    private static final int MAX_DETAILS = 65_536;
    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    private final BillingAuthorizationRepository repository;
    private final Clock clock;

    BillingAuthorizationStore(BillingAuthorizationRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /**
     * An authorization to store.
     *
     * @param paymentKey x402 kinds: what makes the payload one payment on {@code network}; null otherwise
     * @param units      atomic units to reserve (zero allowed: nothing held)
     * @param jobId      the job's id when known already (exact offers name it), else null
     * @param ttl        how long the reservation holds without a settle
     */
    public record NewAuthorization(UUID id, String kind, String network, String asset, String payer,
                                   String paymentKey, BigInteger units, UUID jobId, String detailsJson,
                                   Duration ttl) {
        public NewAuthorization {
            Objects.requireNonNull(id, "id");
            if (kind == null || !KIND.matcher(kind).matches()) {
                throw new IllegalArgumentException("kind must match " + KIND.pattern());
            }
            requireText(network, "network", MAX_TEXT);
            requireText(asset, "asset", MAX_TEXT);
            requireText(payer, "payer", MAX_TEXT);
            if (paymentKey != null) {
                requireText(paymentKey, "paymentKey", MAX_KEY);
            }
            if (units == null || units.signum() < 0 || units.compareTo(NewJob.MAX_UNITS) > 0) {
                throw new IllegalArgumentException("units must be within 0..10^78-1");
            }
            Objects.requireNonNull(detailsJson, "detailsJson");
            if (detailsJson.length() > MAX_DETAILS) {
                throw new IllegalArgumentException("details must be at most " + MAX_DETAILS + " characters");
            }
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("ttl must be positive");
            }
        }
    }

    /** What {@link #beginSettling} found. */
    public enum SettleStart {
        /** RESERVED -> SETTLING by this caller: it alone settles. */
        STARTED,
        /** Settling, settled or released already: never twice. */
        USED,
        /** Still reserved but past its expiry: nothing is held any more. */
        EXPIRED,
        /** No such authorization (never made, or purged). */
        UNKNOWN
    }

    /**
     * Reserves {@code a} (an x402 payload): empty when its (network, payment key) or its job id is already reserved,
     * by anyone, in any state. Exactly one of concurrent callers with one payload (or one offer) gets it.
     */
    public Optional<BillingAuthorization> reserve(NewAuthorization a) {
        Instant now = now();
        int n = repository.insert(a.id(), a.kind(), a.network(), a.asset(), a.payer(), a.paymentKey(),
                new BigDecimal(a.units()), a.jobId(), a.detailsJson(), now, expiry(now, a.ttl()));
        return n == 1 ? find(a.id()) : Optional.empty();
    }

    /**
     * Reserves {@code a} (an allowance charge) only if the payer's open reservations of this network and asset plus
     * {@code a.units()} stay within {@code spendable} (what the chain says it can pull now); empty otherwise (and
     * when its payment key, if any, is taken). Atomic across threads and instances: one transaction, the payer's
     * lock row taken first.
     */
    @Transactional
    public Optional<BillingAuthorization> tryReserveWithin(NewAuthorization a, BigInteger spendable) {
        if (spendable == null || spendable.signum() < 0) {
            throw new IllegalArgumentException("spendable must be non-negative");
        }
        Instant now = now();
        repository.lockPayer(a.network(), a.asset(), a.payer());
        int n = repository.reserveWithin(a.id(), a.kind(), a.network(), a.asset(), a.payer(), a.paymentKey(),
                new BigDecimal(a.units()), a.jobId(), a.detailsJson(), now, expiry(now, a.ttl()),
                new BigDecimal(spendable));
        return n == 1 ? find(a.id()) : Optional.empty();
    }

    /** The short form: reserves {@code units} for the payer within {@code spendable}; see the full form. */
    public Optional<BillingAuthorization> tryReserveWithin(String network, String asset, String payer,
                                                           BigInteger units, BigInteger spendable, String kind,
                                                           String detailsJson, Duration ttl) {
        return tryReserveWithin(new NewAuthorization(UUID.randomUUID(), kind, network, asset, payer, null, units,
                null, detailsJson, ttl), spendable);
    }

    /** Units the payer's open reservations hold now (reserved and unexpired, or settling). */
    public BigInteger openUnits(String network, String asset, String payer) {
        return repository.openUnits(network, asset, payer, now()).toBigIntegerExact();
    }

    public Optional<BillingAuthorization> find(UUID id) {
        return repository.find(Objects.requireNonNull(id, "id")).map(BillingAuthorizationRow::toAuthorization);
    }

    public Optional<BillingAuthorization> findByPaymentKey(String network, String paymentKey) {
        return repository.findByPaymentKey(network, paymentKey).map(BillingAuthorizationRow::toAuthorization);
    }

    /**
     * RESERVED (unexpired) -> SETTLING, recording {@code jobId} unless a job was named at authorize; only
     * {@link SettleStart#STARTED} lets the caller settle.
     */
    public SettleStart beginSettling(UUID id, UUID jobId) {
        Objects.requireNonNull(jobId, "jobId");
        if (repository.beginSettling(id, jobId, now()) == 1) {
            return SettleStart.STARTED;
        }
        return find(id).map(a -> a.state() == BillingAuthorization.State.RESERVED ? SettleStart.EXPIRED
                : SettleStart.USED).orElse(SettleStart.UNKNOWN);
    }

    /** SETTLING -> SETTLED, recording the units charged (at most what a usage price reserved, or more if allowed). */
    public boolean markSettled(UUID id, BigInteger chargedUnits) {
        if (chargedUnits == null || chargedUnits.signum() < 0) {
            throw new IllegalArgumentException("chargedUnits must be non-negative");
        }
        return repository.markSettled(id, new BigDecimal(chargedUnits), now()) == 1;
    }

    /** SETTLING -> RELEASED: the settle charged nothing (refused before broadcast); the reservation is freed. */
    public boolean releaseSettling(UUID id) {
        return repository.release(id, BillingAuthorization.State.SETTLING.wire(), now()) == 1;
    }

    /**
     * RESERVED -> RELEASED (the handler failed, or the filter gave up). Idempotent: true when it is released now or
     * was already; false when it is unknown or settling/settled.
     */
    public boolean release(UUID id) {
        if (repository.release(id, BillingAuthorization.State.RESERVED.wire(), now()) == 1) {
            return true;
        }
        return find(id).map(a -> a.state() == BillingAuthorization.State.RELEASED).orElse(false);
    }

    /**
     * Deletes authorizations that expired more than {@code retention} ago (at most {@code limit}), then lock rows of
     * payers with nothing left; returns how many authorizations went.
     */
    public int purgeExpired(Duration retention, int limit) {
        int deleted = repository.deleteExpiredBefore(now().minus(retention), limit);
        repository.deleteIdleLocks(limit);
        return deleted;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static Instant expiry(Instant now, Duration ttl) {
        return now.plus(ttl).truncatedTo(ChronoUnit.MICROS);
    }

    private static void requireText(String value, String name, int max) {
        if (value == null || value.isEmpty() || value.length() > max) {
            throw new IllegalArgumentException(name + " must be 1.." + max + " characters");
        }
    }
}
