package dev.tollgate.gateway.settle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.chain.Commitment;
import static dev.tollgate.gateway.api.RequestFields.invalid;
import static dev.tollgate.gateway.api.RequestFields.optionalText;

/**
 * A validated {@code POST /v1/agent/settle} body: ATP's {@code {job_id, private_key, skip_preflight, commitment}},
 * or the non-custodial {@code {job_id, tx_signature}} (the payer sent the payment itself).
 */
public record SettleRequest(String jobId, String privateKey, String txSignature, boolean skipPreflight,
                            Commitment commitment) {

    @Override
    public String toString() {
        return "SettleRequest[jobId=" + jobId + ", privateKey=" + (privateKey == null ? "none" : "[redacted]")
                + ", txSignature=" + txSignature + "]";
    }

    public static SettleRequest parse(JsonNode body) {
        String jobId = optionalText(body, "job_id");
        if (jobId == null || jobId.isBlank()) {
            throw invalid("job_id", "job_id is required");
        }
        String key = optionalText(body, "private_key");
        String tx = optionalText(body, "tx_signature");
        if (key != null && tx != null) {
            throw invalid("private_key", "send either private_key or tx_signature, not both");
        }
        if ((key == null || key.isBlank()) && (tx == null || tx.isBlank())) {
            throw invalid("private_key", "private_key is required (or tx_signature, if you paid yourself)");
        }
        if (tx != null && (tx.isBlank() || tx.length() > 128)) {
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
        return new SettleRequest(jobId.trim(), key, tx == null ? null : tx.trim(),
                skip != null && skip.asBoolean(false), commitment);
    }
}
