package dev.tollgate.chain.x402;

import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.CustodialSigner;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.SignedPayment;
import java.util.Map;

/**
 * A rail capability: x402 v2's {@code exact} scheme, so stock x402 clients (which sign one plain transfer) can pay
 * a job with the protocol fee still honoured. Flow: {@link #requirement} goes into {@code PAYMENT-REQUIRED};
 * the client's payload is {@link #verify verified} against the gateway's own requirement; {@link #prepare} signs
 * what the gateway sends (tx id known before broadcast, recorded by the caller); {@link #submit}; then
 * {@link #check} until final.
 */
public interface ExactScheme {

    /** The CAIP-2 id this rail is advertised under to x402 clients. */
    String caip2();

    /**
     * What a stock client is asked to pay for {@code intent}: the full total, to where the fee split can still be
     * honoured (see the implementation).
     */
    ExactRequirement requirement(PaymentIntent intent, int maxTimeoutSeconds);

    /**
     * Checks the scheme payload ({@code PaymentPayload.payload}) pays {@code requirement} exactly, with x402's
     * rules for this family, including simulation where the family has it. Never broadcasts.
     *
     * @throws ExactRefusedException with x402's reason string
     */
    ExactPayment verify(ExactRequirement requirement, Map<String, Object> payload) throws ExactRefusedException;

    /**
     * The checks to pass before a payment is claimed for settling (then {@link #prepare} or
     * {@link #prepareTransfer}): all of {@link #verify} by default. A scheme whose prepare simulates the whole
     * settlement on chain before it signs, and refuses with the same x402 reasons, may check here only what needs
     * no node, so that a paid request reads the chain once. Never broadcasts.
     *
     * @throws ExactRefusedException with x402's reason string
     */
    default ExactPayment verifyForSettle(ExactRequirement requirement, Map<String, Object> payload)
            throws ExactRefusedException {
        return verify(requirement, payload);
    }

    /** Re-verifies and signs what the gateway broadcasts for {@code payment} (co-signature or relayer transaction). */
    SignedPayment prepare(PaymentIntent intent, ExactPayment payment) throws ExactRefusedException;

    /** Broadcasts once; {@code ALREADY_KNOWN} when the node has it. */
    CustodialSigner.Submission submit(SignedPayment prepared) throws PaymentRejectedException;

    /**
     * Looks up the settlement once: VERIFIED when it landed at {@code commitment} and paid {@code intent} as this
     * scheme promised (the split done, or the total in the settlement wallet awaiting its sweep).
     */
    PaymentCheck check(PaymentIntent intent, ExactPayment payment, String txId, Commitment commitment, long validUntil);

    // ---- additions for the gateway's x402 front-end and facilitator (defaults: not offered) ----

    /**
     * Whether a job's payment to {@code requirement} lands whole in a settlement wallet that must then be swept
     * into net and fee ({@code SweepOrders}, after release). False where the split happens in the settlement itself.
     */
    default boolean sweptAfterRelease(ExactRequirement requirement) {
        return false;
    }

    /**
     * Facilitator: why this rail will not settle {@code requirement}, made by another resource server (not one of
     * our jobs), as x402's reason string; empty when it will (asset configured, payTo acceptable). The settlement
     * then pays {@code payTo} exactly as the client signed it: no fee split applies to requirements we did not make.
     */
    default java.util.Optional<String> refuseForeign(ExactRequirement requirement) {
        return java.util.Optional.of("unsupported_scheme");
    }

    /** Facilitator: re-verifies and signs the plain settlement of {@code payment} (no job, no split). */
    default SignedPayment prepareTransfer(ExactPayment payment) throws ExactRefusedException {
        throw new ExactRefusedException("unsupported_scheme", "this rail does not settle foreign requirements");
    }

    /**
     * Facilitator: looks the settlement of {@code payment} up once: VERIFIED when it landed at {@code commitment}
     * and paid {@code payment.requirement()} exactly (amount of asset to payTo, from the payer).
     */
    default PaymentCheck checkTransfer(ExactPayment payment, String txId, Commitment commitment, long validUntil) {
        throw new UnsupportedOperationException("this rail does not settle foreign requirements");
    }

    /** Facilitator {@code /supported}: the kind's {@code extra} (Solana: {@code feePayer}); empty if none. */
    default Map<String, Object> supportedExtra() {
        return Map.of();
    }

    /** Facilitator {@code /supported}: the addresses that sign settlements (relayer, fee payer). */
    default java.util.List<String> signers() {
        return java.util.List.of();
    }

    // ---- a payment whose authorisation someone else submitted first (defaults: not looked for) ----

    /**
     * When {@code payload} (signed for {@code requirement}, our own) cannot be settled because its authorisation was
     * already used: the transaction that used it, if this rail can find it. The payload's signature and terms are
     * checked first (a forged payload never names someone else's transaction); what that transaction moved is NOT:
     * the caller checks it with {@link #checkTransfer}. Empty when unused, unfound, or the rail does not look.
     */
    default java.util.Optional<SettledElsewhere> findSettlementElsewhere(ExactRequirement requirement,
                                                                       Map<String, Object> payload) {
        return java.util.Optional.empty();
    }

    /**
     * After a job was released on a settlement found elsewhere: signs the permissionless sweep that splits what that
     * settlement left in {@code requirement.payTo()} into {@code intent}'s payee and fee recipient (tx id known
     * before broadcast; send it with {@link #submit}, or {@link #discard} it). Empty when nothing sits there.
     */
    default java.util.Optional<SignedPayment> prepareSweep(PaymentIntent intent, ExactRequirement requirement)
            throws ExactRefusedException {
        return java.util.Optional.empty();
    }

    /** A prepared transaction that will never be broadcast: frees what preparing it reserved. */
    default void discard(SignedPayment prepared) {
    }
}
