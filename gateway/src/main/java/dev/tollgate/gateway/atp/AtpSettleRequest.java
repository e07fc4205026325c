package dev.tollgate.gateway.atp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.chain.Commitment;
import dev.tollgate.gateway.core.Code;
import dev.tollgate.gateway.core.Refusal;
import dev.tollgate.gateway.core.SettleCommand;
import dev.tollgate.gateway.proof.PayerProofs;
import dev.tollgate.gateway.proof.SiwxPayload;
import static dev.tollgate.gateway.api.RequestFields.invalid;
import static dev.tollgate.gateway.api.RequestFields.optionalText;

/**
 * Reads a {@code POST /v1/agent/settle} body: ATP's {@code {job_id, private_key, skip_preflight, commitment}}, or
 * the non-custodial {@code {job_id, tx_signature}} (the payer sent the payment itself), optionally with a
 * wallet-signed {@code payer_proof} (or the {@code SIGN-IN-WITH-X} header) that lets the output be handed over.
 */
final class AtpSettleRequest {
    /** Longer than any key form we accept (a JSON byte array of 64 entries is under 300), checked before decoding. */
    static final int MAX_KEY_CHARS = 512;
    static final int MAX_TX_CHARS = 128;
    static final int MAX_JOB_ID_CHARS = 64;

    private AtpSettleRequest() {
    }

    /** @param headerProof the proof from the {@code SIGN-IN-WITH-X} header, or {@code null} */
    static SettleCommand parse(JsonNode body, SiwxPayload headerProof, PayerProofs.Caller caller) {
        String jobId = optionalText(body, "job_id");
        if (jobId == null || jobId.isBlank()) {
            throw invalid("job_id", "job_id is required");
        }
        if (jobId.length() > MAX_JOB_ID_CHARS) {
            throw invalid("job_id", "job_id is not a job id");
        }
        String key = optionalText(body, "private_key");
        String tx = optionalText(body, "tx_signature");
        if (key != null && tx != null) {
            throw invalid("private_key", "send either private_key or tx_signature, not both");
        }
        if ((key == null || key.isBlank()) && (tx == null || tx.isBlank())) {
            throw invalid("private_key", "private_key is required (or tx_signature, if you paid yourself)");
        }
        if (key != null && key.length() > MAX_KEY_CHARS) {
            // refused before any decoding: decoding cost grows with the input
            throw new Refusal(Code.INVALID_PRIVATE_KEY, "Invalid private_key: it is longer than any key form.");
        }
        if (tx != null && (tx.isBlank() || tx.length() > MAX_TX_CHARS)) {
            throw invalid("tx_signature", "tx_signature must be a transaction signature or hash");
        }
        JsonNode skip = body.get("skip_preflight");
        if (skip != null && !skip.isNull() && !skip.isBoolean()) {
            throw invalid("skip_preflight", "skip_preflight must be true or false");
        }
        Commitment commitment;
        try {
            commitment = Commitment.parse(optionalText(body, "commitment"));
        } catch (IllegalArgumentException e) {
            throw invalid("commitment", e.getMessage());
        }
        JsonNode bodyProof = body.get("payer_proof");
        boolean hasBodyProof = bodyProof != null && !bodyProof.isNull();
        if (hasBodyProof && headerProof != null) {
            throw invalid("payer_proof", "send the proof either as payer_proof or in the SIGN-IN-WITH-X header, not both");
        }
        SiwxPayload proof = hasBodyProof ? SiwxPayload.parse(bodyProof) : headerProof;
        return new SettleCommand(jobId.trim(), key, tx == null ? null : tx.trim(),
                skip != null && skip.asBoolean(false), commitment, proof, caller);
    }
}
