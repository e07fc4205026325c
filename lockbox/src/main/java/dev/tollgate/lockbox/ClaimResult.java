package dev.tollgate.lockbox;

/** Outcome of {@link Lockbox#claim}. Only {@link #CLAIMED} gives the caller the right to take a payment. */
public enum ClaimResult {
    CLAIMED, NOT_FOUND, EXPIRED, IN_PROGRESS, ALREADY_RELEASED
}
