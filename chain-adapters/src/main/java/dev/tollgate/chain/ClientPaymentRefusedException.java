package dev.tollgate.chain;

import java.util.Locale;

/** A client-signed payment that does not pay its job as required. Nothing was broadcast. */
public class ClientPaymentRefusedException extends Exception {

    /** Each reason is a stable wire code ({@link #wireName()}). */
    public enum Reason {
        /** Cannot be decoded, or too large. */
        MALFORMED,
        /** Signed for another chain (chain id, genesis). */
        WRONG_NETWORK,
        AMOUNT_MISMATCH,
        WRONG_RECIPIENT,
        WRONG_ASSET,
        MEMO_MISSING,
        /** Does anything besides paying the job (compute-budget within caps excepted). */
        UNEXPECTED_INSTRUCTION,
        /** The fee payer is neither the payer nor, with sponsorship on, the gateway's sponsor key used only as such. */
        FEE_PAYER_NOT_ALLOWED,
        BLOCKHASH_EXPIRED,
        /** Signed by a wallet other than the job's payer. */
        WRONG_PAYER,
        /** A signature does not verify. */
        SIGNATURE_INVALID,
        /** Past its validity window (EVM deadline/validBefore). */
        AUTHORIZATION_EXPIRED,
        /** Sponsoring or relaying it would pass the operator's per-payer or total budget. */
        SPONSOR_BUDGET_EXCEEDED,
        /** This rail does not take this kind of client payment. */
        UNSUPPORTED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;

    public ClientPaymentRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
