package dev.tollgate.lockbox;

/** Result of a winning {@link Lockbox#release}: the RELEASED job and its unsealed output. */
public record Released(Job job, byte[] output) {
}
