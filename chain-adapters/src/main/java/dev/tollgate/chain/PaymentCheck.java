package dev.tollgate.chain;

/**
 * The result of looking up one transaction once. Outcomes are values, faults (RPC down) are exceptions.
 *
 * @param status   what the caller may do next
 * @param code     the detailed, stable reason
 * @param detail   a sentence for people (facts only: never URLs, keys or upstream text)
 * @param observed what the transaction paid, when it landed successfully and was read: always on VERIFIED, and on
 *                 REJECTED verdicts about its contents (amount, recipient, asset, payer, memo); {@code null} otherwise
 */
public record PaymentCheck(Status status, VerificationCode code, String detail, ObservedPayment observed) {

    public enum Status {
        /** Landed, pays at least the intent, and is at the requested commitment: release. */
        VERIFIED,
        /** Not (yet) found, or found but not final: look again later. */
        PENDING,
        /** Landed but does not pay this intent, or failed on chain, or cannot name a transaction: definitive. */
        REJECTED,
        /** Was not seen and can no longer land: definitive; the job may be paid again. */
        DROPPED
    }

    public PaymentCheck {
        if (status == Status.VERIFIED && observed == null) {
            throw new IllegalArgumentException("a verified payment carries what was observed");
        }
    }

    /** Paid at least what {@code observed} was checked against (any excess is visible in {@code observed}). */
    public static PaymentCheck verified(ObservedPayment observed) {
        return new PaymentCheck(Status.VERIFIED, VerificationCode.OK, "payment verified", observed);
    }

    public static PaymentCheck pending(VerificationCode code, String detail) {
        return new PaymentCheck(Status.PENDING, code, detail, null);
    }

    public static PaymentCheck rejected(VerificationCode code, String detail) {
        return new PaymentCheck(Status.REJECTED, code, detail, null);
    }

    /** A landed, successful transaction that does not pay the intent; {@code observed} says what it did pay. */
    public static PaymentCheck rejected(VerificationCode code, String detail, ObservedPayment observed) {
        return new PaymentCheck(Status.REJECTED, code, detail, observed);
    }

    public static PaymentCheck dropped(String detail) {
        return new PaymentCheck(Status.DROPPED, VerificationCode.TX_EXPIRED, detail, null);
    }

    public boolean isFinal() {
        return status != Status.PENDING;
    }
}
