package dev.tollgate.gateway.core;

import dev.tollgate.chain.ClientPayment;
import dev.tollgate.chain.Commitment;
import dev.tollgate.gateway.proof.PayerProofs;
import dev.tollgate.gateway.proof.SiwxPayload;

/**
 * A settle as any front-end asks for it: pay with a custodial key ({@code privateKey}, ATP's mode), name a payment
 * the payer made ({@code txSignature}), or hand over a payment the payer signed itself ({@code clientPayment}: the
 * gateway checks and broadcasts it); {@code proof} (optional) proves the caller is the payer.
 */
public record SettleCommand(String jobId, String privateKey, String txSignature, boolean skipPreflight,
                            Commitment commitment, SiwxPayload proof, PayerProofs.Caller caller,
                            ClientPayment clientPayment) {

    /** Without a client-signed payment. */
    public SettleCommand(String jobId, String privateKey, String txSignature, boolean skipPreflight,
                         Commitment commitment, SiwxPayload proof, PayerProofs.Caller caller) {
        this(jobId, privateKey, txSignature, skipPreflight, commitment, proof, caller, null);
    }

    @Override
    public String toString() {
        return "SettleCommand[jobId=" + jobId + ", privateKey=" + (privateKey == null ? "none" : "[redacted]")
                + ", txSignature=" + txSignature + ", clientPayment="
                // the kind only: an authorisation's signature is a bearer instrument until it is relayed
                + (clientPayment == null ? "none" : clientPayment.getClass().getSimpleName())
                + ", proof=" + (proof != null) + "]";
    }
}
