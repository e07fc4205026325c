package dev.tollgate.lockbox;

/**
 * Life of a job. Legal moves: LOCKED -> SETTLING (claim), SETTLING -> RELEASED (release, once),
 * SETTLING -> LOCKED (payment definitively failed), LOCKED -> EXPIRED (TTL passed). RELEASED and EXPIRED are terminal.
 */
public enum JobState {
    LOCKED, SETTLING, RELEASED, EXPIRED
}
