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

    /** Re-verifies and signs what the gateway broadcasts for {@code payment} (co-signature or relayer transaction). */
    SignedPayment prepare(PaymentIntent intent, ExactPayment payment) throws ExactRefusedException;

    /** Broadcasts once; {@code ALREADY_KNOWN} when the node has it. */
    CustodialSigner.Submission submit(SignedPayment prepared) throws PaymentRejectedException;

    /**
     * Looks up the settlement once: VERIFIED when it landed at {@code commitment} and paid {@code intent} as this
     * scheme promised (the split done, or the total in the settlement wallet awaiting its sweep).
     */
    PaymentCheck check(PaymentIntent intent, ExactPayment payment, String txId, Commitment commitment, long validUntil);
}
