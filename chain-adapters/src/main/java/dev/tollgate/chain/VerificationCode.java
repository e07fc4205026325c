package dev.tollgate.chain;

/** Stable outcome codes of checking a transaction against a {@link PaymentIntent}. */
public enum VerificationCode {
    OK,
    /** Landed and matches, but not yet at the requested commitment. */
    NOT_FINAL,
    TX_NOT_FOUND,
    /** Not a transaction id of this rail (wrong form, or the node refused it as invalid params): never looked up again. */
    INVALID_TX_ID,
    /** Landed but failed/reverted on chain. */
    TX_FAILED,
    /** Will never land: its blockhash/validity window is over and it was not seen. */
    TX_EXPIRED,
    AMOUNT_MISMATCH,
    WRONG_RECIPIENT,
    WRONG_ASSET,
    WRONG_PAYER,
    MEMO_MISSING,
    /** The transaction went to a different network or contract than configured. */
    WRONG_NETWORK;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
