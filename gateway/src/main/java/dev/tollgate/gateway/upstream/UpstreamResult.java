package dev.tollgate.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the agent produced.
 *
 * @param output what the payer receives as {@code agent_output}
 * @param usage  the usage object as the upstream reported it (for pricing and for ATP's {@code usage} field)
 */
public record UpstreamResult(JsonNode output, JsonNode usage) {
}
