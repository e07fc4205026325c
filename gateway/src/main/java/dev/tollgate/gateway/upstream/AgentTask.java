package dev.tollgate.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** What the requester asked the agent to do (ATP's AgentTask minus payment fields). Nullable extras. */
public record AgentTask(ObjectNode agentConfig, String task, JsonNode history, String img, List<String> imgs) {
}
