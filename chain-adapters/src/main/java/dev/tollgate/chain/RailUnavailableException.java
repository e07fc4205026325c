package dev.tollgate.chain;

/**
 * The node could not be reached or answered garbage. Whether a transaction sent at that moment landed is
 * unknown: callers keep the transaction id and look it up again instead of re-sending.
 */
public class RailUnavailableException extends RuntimeException {
    public RailUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public RailUnavailableException(String message) {
        super(message);
    }
}
