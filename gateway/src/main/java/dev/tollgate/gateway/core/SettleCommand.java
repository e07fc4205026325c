package dev.tollgate.gateway.core;

import dev.tollgate.chain.Commitment;
import dev.tollgate.gateway.proof.PayerProofs;
import dev.tollgate.gateway.proof.SiwxPayload;

/**
 * A settle as any front-end asks for it: pay with a custodial key ({@code privateKey}, ATP's mode) or name a payment
 * the payer made ({@code txSignature}); {@code proof} (optional) proves the caller is the payer.
 */
public record SettleCommand(String jobId, String privateKey, String txSignature, boolean skipPreflight,
                            Commitment commitment, SiwxPayload proof, PayerProofs.Caller caller) {

    @Override
    public String toString() {
        return "SettleCommand[jobId=" + jobId + ", privateKey=" + (privateKey == null ? "none" : "[redacted]")
                + ", txSignature=" + txSignature + ", proof=" + (proof != null) + "]";
    }
}
