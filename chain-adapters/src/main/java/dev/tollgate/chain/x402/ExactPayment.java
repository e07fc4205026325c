package dev.tollgate.chain.x402;

/**
 * A verified x402 {@code exact} payload, ready to settle.
 *
 * @param requirement what it pays (the gateway's copy)
 * @param payer       the wallet that signed (EVM: authorization.from; Solana: the transfer authority)
 * @param paymentKey  what makes it one payment, for exactly-once across instances (EVM: token:from:nonce, lower
 *                    case; Solana: sha256 of the message bytes, hex)
 * @param payload     the scheme payload as the client sent it (decoded JSON)
 */
public record ExactPayment(ExactRequirement requirement, String payer, String paymentKey,
                           java.util.Map<String, Object> payload) {
}
