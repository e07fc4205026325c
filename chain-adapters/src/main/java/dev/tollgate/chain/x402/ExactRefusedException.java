package dev.tollgate.chain.x402;

/**
 * An x402 payload that does not pay its requirement. {@code reason} is x402's own wire string (e.g.
 * {@code invalid_exact_evm_signature}, {@code invalid_exact_svm_payload_transaction_amount_mismatch}), so stock
 * clients and resource servers read it unchanged. Nothing was broadcast.
 */
public class ExactRefusedException extends Exception {
    private final String reason;

    public ExactRefusedException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
