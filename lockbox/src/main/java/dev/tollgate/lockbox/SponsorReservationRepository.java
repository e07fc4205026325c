package dev.tollgate.lockbox;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Sponsor budget reservations. {@link #lockNetwork} and {@link #reserveWithin} run in one transaction
 * ({@link SponsorBudgetStore}): the lock makes the sums the second statement reads (a fresh snapshot under READ
 * COMMITTED) include every reservation committed before it, so no two reservations pass a cap together.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface SponsorReservationRepository extends GenericRepository<SponsorReservationRow, UUID> {

    /** Locks the network's row until the transaction ends (an upsert: the first reservation creates it). */
    @Query("""
            INSERT INTO sponsor_budget_locks (network) VALUES (:network)
            ON CONFLICT (network) DO UPDATE SET network = EXCLUDED.network""")
    int lockNetwork(String network);

    /** Inserts the reservation only if the payer's and the network's live sums since {@code since} stay within the caps. */
    @Query("""
            INSERT INTO sponsor_reservations (id, network, payer, units, created_at, released)
            SELECT :id, :network, :payer, :units, :now, false
            WHERE (SELECT coalesce(sum(units), 0) FROM sponsor_reservations
                   WHERE network = :network AND payer = :payer AND NOT released AND created_at > :since)
                  + :units <= :perPayerCap
              AND (SELECT coalesce(sum(units), 0) FROM sponsor_reservations
                   WHERE network = :network AND NOT released AND created_at > :since)
                  + :units <= :totalCap""")
    int reserveWithin(UUID id, String network, String payer, BigDecimal units, Instant now, Instant since,
                      BigDecimal perPayerCap, BigDecimal totalCap);

    /** Gives back the newest live reservation of exactly these units for this payer: how many (0 or 1). */
    @Query("""
            WITH given_back AS (
                UPDATE sponsor_reservations SET released = true WHERE id IN (
                    SELECT id FROM sponsor_reservations
                    WHERE network = :network AND payer = :payer AND units = :units AND NOT released
                    ORDER BY created_at DESC LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING id)
            SELECT count(*) FROM given_back""")
    List<Long> releaseOne(String network, String payer, BigDecimal units);

    /** Units reserved and not given back since {@code since}: for one payer, or (payer null) for the network. */
    @Query("""
            SELECT coalesce(sum(units), 0) FROM sponsor_reservations
            WHERE network = :network AND (CAST(:payer AS text) IS NULL OR payer = :payer) AND NOT released
              AND created_at > :since""")
    BigDecimal liveUnits(String network, @io.micronaut.core.annotation.Nullable String payer, Instant since);

    /** Housekeeping: reservations older than any window still counts. */
    @Query("""
            DELETE FROM sponsor_reservations WHERE id IN (
                SELECT id FROM sponsor_reservations WHERE created_at <= :before LIMIT :limit FOR UPDATE SKIP LOCKED)""")
    int deleteOlderThan(Instant before, int limit);
}
