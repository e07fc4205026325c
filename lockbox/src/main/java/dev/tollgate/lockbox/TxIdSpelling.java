package dev.tollgate.lockbox;

/**
 * The one spelling of a transaction id on a network, so the unique key on (network, tx id) really is one payment,
 * one job. The lockbox knows no chain family: whoever knows the rails supplies this (the gateway asks each rail).
 * Without one, ids are kept exactly as given ({@link AsGivenTxIds}).
 */
@FunctionalInterface
public interface TxIdSpelling {

    /** {@code txId} as it is stored and compared on {@code network}. */
    String canonical(String network, String txId);
}
