package dev.tollgate.billing;

/** The billing configuration is missing or invalid; the message names the key (never a value of a secret). */
public final class BillingConfigException extends IllegalArgumentException {

    public BillingConfigException(String message) {
        super(message);
    }
}
