package dev.tollgate.billing;

/**
 * The gateway could not be reached, timed out or answered outside the contract. The message holds only a stable
 * code and facts (operation, HTTP status), never the URL, the token or the gateway's text.
 */
public final class BillingGatewayException extends RuntimeException {

    private final String operation;
    private final int status;

    public BillingGatewayException(String operation, int status, String message) {
        super(operation + ": " + message + (status > 0 ? " (HTTP " + status + ")" : ""), null, false, false);
        this.operation = operation;
        this.status = status;
    }

    /** offers, authorize, settle or release. */
    public String operation() {
        return operation;
    }

    /** The gateway's HTTP status, or 0 when there was no answer. */
    public int status() {
        return status;
    }
}
