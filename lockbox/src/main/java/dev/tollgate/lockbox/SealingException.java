package dev.tollgate.lockbox;

/** A sealed output could not be opened (tampered, wrong key, unknown format) or sealing failed. */
public class SealingException extends RuntimeException {
    public SealingException(String message) {
        super(message);
    }

    public SealingException(String message, Throwable cause) {
        super(message, cause);
    }
}
