package dev.tollgate.chain.allowance;

/**
 * A charge this rail will not sign: {@code reason} is a stable code ({@code allowance_insufficient},
 * {@code balance_insufficient}, {@code not_delegated}, {@code wrong_asset}). Nothing was signed or broadcast.
 */
public class AllowanceRefusedException extends Exception {
    private final String reason;

    public AllowanceRefusedException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
