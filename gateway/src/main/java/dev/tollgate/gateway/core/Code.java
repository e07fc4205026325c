package dev.tollgate.gateway.core;

import java.util.Locale;

/**
 * The one catalogue of outcome codes of the settlement core. Front-ends map each to their own wire (ATP: an HTTP
 * status, a message and {@code error.code} = {@link #wireName()}); the core knows no status, no wire text.
 */
public enum Code {
    // the request
    INVALID_REQUEST,
    PRIVATE_KEY_SETTLEMENT_DISABLED,
    INVALID_PRIVATE_KEY,
    PAYER_MISMATCH,
    INVALID_PAYER_PROOF,
    PAYER_PROOF_REQUIRED,
    // the job
    JOB_NOT_FOUND,
    ALREADY_SETTLED,
    SETTLEMENT_IN_PROGRESS,
    NETWORK_UNAVAILABLE,
    // the payment
    TX_NOT_FOUND,
    TX_ALREADY_USED,
    INSUFFICIENT_FUNDS,
    PAYMENT_REJECTED,
    PAYMENT_FAILED,
    PAYMENT_DROPPED,
    PAYMENT_LATE,
    // the trade
    TREASURY_NOT_CONFIGURED,
    FEE_TREASURY_NOT_CONFIGURED,
    PRICE_UNAVAILABLE,
    ZERO_COST,
    UPSTREAM_ERROR,
    UPSTREAM_TIMEOUT,
    UPSTREAM_UNREACHABLE,
    UPSTREAM_MALFORMED,
    // outages
    RAIL_UNAVAILABLE,
    INTERRUPTED,
    // wallet-signed requests (Sign-In-With-X)
    SIGN_IN_REQUIRED,
    // a payment the payer signed itself, refused before broadcast (ClientPaymentRefusedException.Reason)
    INVALID_SIGNED_TRANSACTION,
    CLIENT_PAYMENT_UNSUPPORTED,
    WRONG_NETWORK,
    AMOUNT_MISMATCH,
    WRONG_RECIPIENT,
    WRONG_ASSET,
    MEMO_MISSING,
    UNEXPECTED_INSTRUCTION,
    FEE_PAYER_NOT_ALLOWED,
    BLOCKHASH_EXPIRED,
    WRONG_PAYER,
    SIGNATURE_INVALID,
    AUTHORIZATION_EXPIRED,
    SPONSOR_BUDGET_EXCEEDED;

    /** The stable lower-case spelling every front-end uses on its wire. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
