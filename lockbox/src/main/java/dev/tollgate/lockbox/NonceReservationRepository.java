package dev.tollgate.lockbox;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Single statements, each its own transaction: a reservation is taken by the unique key on (network, payer, nonce),
 * never by reading and then writing. "live" means the deadline is not before the chain time the caller read.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface NonceReservationRepository extends GenericRepository<NonceReservationRow, UUID> {

    /**
     * Takes the lowest nonce at or above {@code pendingCount} that no live reservation of the payer holds: a fresh
     * row, or the row of a dead reservation, taken over in the same statement. Empty when a concurrent signer took
     * that nonce first (the conflict waits for it to commit, then re-checks the guard): try again. (A list: an
     * {@code Optional} comes back null from a data-modifying statement that returns no row.)
     * The lowest free nonce is the pending count itself or one above a live reservation.
     */
    @Query("""
            WITH live AS (
                SELECT nonce FROM evm_nonce_reservations
                WHERE network = :network AND payer = :payer AND nonce >= :pendingCount AND deadline >= :chainTime),
            candidate AS (
                SELECT min(c.nonce) AS nonce
                FROM (SELECT CAST(:pendingCount AS bigint) AS nonce UNION ALL SELECT nonce + 1 FROM live) c
                WHERE c.nonce NOT IN (SELECT nonce FROM live)),
            taken AS (
                INSERT INTO evm_nonce_reservations AS r
                    (id, network, payer, nonce, permit_token, deadline, tx_hash, reserved_at)
                SELECT :id, :network, :payer, candidate.nonce, CAST(:permitToken AS text), :deadline, NULL, :now
                FROM candidate WHERE candidate.nonce IS NOT NULL
                ON CONFLICT (network, payer, nonce) DO UPDATE
                    SET id = EXCLUDED.id, permit_token = EXCLUDED.permit_token, deadline = EXCLUDED.deadline,
                        tx_hash = NULL, reserved_at = EXCLUDED.reserved_at
                    WHERE r.deadline < :chainTime
                RETURNING r.nonce)
            SELECT nonce FROM taken""")
    List<Long> tryReserve(UUID id, String network, String payer, long pendingCount, long chainTime,
                              @Nullable String permitToken, long deadline, Instant now);

    /**
     * Deletes reservations the node already knows (below the payer's pending count) and dead ones of any payer on
     * the network. Housekeeping only ({@link #tryReserve} ignores both kinds): SKIP LOCKED so it never waits.
     */
    @Query("""
            DELETE FROM evm_nonce_reservations WHERE id IN (
                SELECT id FROM evm_nonce_reservations
                WHERE network = :network AND ((payer = :payer AND nonce < :pendingCount) OR deadline < :chainTime)
                LIMIT :limit
                FOR UPDATE SKIP LOCKED)""")
    int prune(String network, String payer, long pendingCount, long chainTime, int limit);

    @Query("""
            SELECT count(*) FROM evm_nonce_reservations
            WHERE network = :network AND payer = :payer AND permit_token = :token
              AND nonce >= :fromNonce AND nonce < :belowNonce AND deadline >= :chainTime""")
    long countLivePermits(String network, String payer, String token, long fromNonce, long belowNonce, long chainTime);

    @Query("""
            SELECT count(*) FROM evm_nonce_reservations
            WHERE network = :network AND payer = :payer AND tx_hash IS NOT NULL
              AND nonce >= :fromNonce AND nonce < :belowNonce AND deadline >= :chainTime""")
    long countLiveSigned(String network, String payer, long fromNonce, long belowNonce, long chainTime);

    @Query("""
            SELECT count(*) FROM evm_nonce_reservations
            WHERE network = :network AND payer = :payer
              AND nonce >= :fromNonce AND nonce < :belowNonce AND deadline >= :chainTime""")
    long countLive(String network, String payer, long fromNonce, long belowNonce, long chainTime);

    @Query("UPDATE evm_nonce_reservations SET tx_hash = :txHash WHERE id = :id")
    int attachTx(UUID id, String txHash);

    @Query("DELETE FROM evm_nonce_reservations WHERE id = :id")
    int deleteReservation(UUID id);

    @Query("DELETE FROM evm_nonce_reservations WHERE network = :network AND payer = :payer AND tx_hash = :txHash")
    int deleteByTx(String network, String payer, String txHash);
}
