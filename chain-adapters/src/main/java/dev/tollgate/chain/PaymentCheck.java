package dev.tollgate.chain;

/**
 * The result of looking up one transaction once. Outcomes are values, faults (RPC down) are exceptions.
 *
 * @param status what the caller may do next
 * @param code   the detailed, stable reason
 * @param detail a sentence for people
 */
public record PaymentCheck(Status status, VerificationCode code, String detail) {

    public enum Status {
        /** Landed, matches the intent, and is at the requested commitment: release. */
        VERIFIED,
        /** Not (yet) found, or found but not final: look again later. */
        PENDING,
        /** Landed but does not pay this intent, or failed on chain: definitive, never release for it. */
        REJECTED,
        /** Was not seen and can no longer land: definitive; the job may be paid again. */
        DROPPED
    }

    public static PaymentCheck verified() {
        return new PaymentCheck(Status.VERIFIED, VerificationCode.OK, "payment verified");
    }

    public static PaymentCheck pending(VerificationCode code, String detail) {
        return new PaymentCheck(Status.PENDING, code, detail);
    }

    public static PaymentCheck rejected(VerificationCode code, String detail) {
        return new PaymentCheck(Status.REJECTED, code, detail);
    }

    public static PaymentCheck dropped(String detail) {
        return new PaymentCheck(Status.DROPPED, VerificationCode.TX_EXPIRED, detail);
    }

    public boolean isFinal() {
        return status != Status.PENDING;
    }
}
