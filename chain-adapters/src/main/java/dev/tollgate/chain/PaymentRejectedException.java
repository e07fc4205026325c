package dev.tollgate.chain;

/**
 * The payment was definitively not made: building, signing or preflight failed before anything could land
 * (bad key, insufficient funds, simulation failure). Safe to let the payer try again.
 */
public class PaymentRejectedException extends Exception {
    private final Reason reason;

    public enum Reason { INVALID_KEY, INSUFFICIENT_FUNDS, SIMULATION_FAILED, INVALID_REQUEST }

    public PaymentRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public PaymentRejectedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
