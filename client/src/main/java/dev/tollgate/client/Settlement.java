package dev.tollgate.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A 200 settle answer: the job is paid and released to this wallet. {@code agentOutput} is the agent's output as
 * sent (text or JSON); {@code settlementDetails} has the amounts in units, fee, network, commitment, payer.
 */
public record Settlement(String jobId, String txSignature, JsonNode agentOutput, JsonNode usage,
                         JsonNode settlementDetails, JsonNode body) {

    static Settlement parse(JsonNode body) {
        if (!"success".equals(body.path("status").asText()) || !body.hasNonNull("job_id")) {
            throw new TollgateException(200, TollgateException.MALFORMED_RESPONSE,
                    "The settle answer is not a success body");
        }
        return new Settlement(body.get("job_id").asText(), body.path("tx_signature").asText(null),
                body.path("agent_output"), body.path("usage"), body.path("settlement_details"), body);
    }

    /** The output as text (a JSON output as its JSON text). */
    public String outputText() {
        return agentOutput.isTextual() ? agentOutput.asText() : agentOutput.toString();
    }
}
