package dev.tollgate.lockbox;

import java.util.UUID;

/**
 * One x402 payment as stored (see {@link X402Payments}).
 *
 * @param jobId       the job it pays, or null when settled as a facilitator for another resource server
 * @param txId        the settlement's tx id, recorded before broadcast (null while CLAIMED)
 * @param requirement the requirement it was verified against (JSON), so a later look needs no job
 * @param payload     the scheme payload as the client sent it (JSON)
 * @param response    the final x402 SettleResponse (JSON), once SETTLED
 */
public record X402Payment(String network, String paymentKey, String payloadHash, UUID jobId, String payer,
                          State state, String txId, Long validUntil, String requirement, String payload,
                          String response) {
    public enum State { CLAIMED, SENT, SETTLED }
}
