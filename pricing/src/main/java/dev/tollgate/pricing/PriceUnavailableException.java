package dev.tollgate.pricing;

/** No trustworthy price can be given right now; the message says why in words a person can act on. */
public class PriceUnavailableException extends Exception {

    public PriceUnavailableException(String message) {
        super(message);
    }

    public PriceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
