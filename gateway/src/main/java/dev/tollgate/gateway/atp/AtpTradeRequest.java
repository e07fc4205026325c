package dev.tollgate.gateway.atp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.gateway.core.TradeCommand;
import dev.tollgate.gateway.upstream.AgentTask;
import static dev.tollgate.gateway.api.RequestFields.invalid;
import static dev.tollgate.gateway.api.RequestFields.optionalText;
import static dev.tollgate.gateway.api.RequestFields.requiredText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a {@code POST /v1/agent/trade} body (ATP's AgentTask, plus an optional {@code network}).
 */
final class AtpTradeRequest {
    static final int MAX_TASK_CHARS = 200_000;

    private AtpTradeRequest() {
    }

    static TradeCommand parse(JsonNode body) {
        JsonNode agentConfig = body.get("agent_config");
        if (agentConfig == null || !agentConfig.isObject()) {
            throw invalid("agent_config", "agent_config is required and must be an object");
        }
        if (!agentConfig.has("agent_name")) {
            throw invalid("agent_config.agent_name", "agent_config.agent_name is required (it may be null)");
        }
        String task = requiredText(body, "task");
        if (task.length() > MAX_TASK_CHARS) {
            throw invalid("task", "task is longer than " + MAX_TASK_CHARS + " characters");
        }
        String wallet = requiredText(body, "user_wallet").trim();
        String token = optionalText(body, "payment_token");
        token = token == null ? "SOL" : token.trim().toUpperCase(Locale.ROOT);
        JsonNode history = body.get("history");
        if (history != null && !history.isNull() && !history.isObject() && !history.isArray()) {
            throw invalid("history", "history must be an object or a list of messages");
        }
        String img = optionalText(body, "img");
        List<String> imgs = null;
        JsonNode imgsNode = body.get("imgs");
        if (imgsNode != null && !imgsNode.isNull()) {
            if (!imgsNode.isArray()) {
                throw invalid("imgs", "imgs must be a list of strings");
            }
            imgs = new ArrayList<>();
            for (JsonNode i : imgsNode) {
                if (!i.isTextual()) {
                    throw invalid("imgs", "imgs must be a list of strings");
                }
                imgs.add(i.asText());
            }
        }
        String network = optionalText(body, "network");
        return new TradeCommand(new AgentTask((ObjectNode) agentConfig, task, history, img, imgs), wallet, token, network);
    }
}
