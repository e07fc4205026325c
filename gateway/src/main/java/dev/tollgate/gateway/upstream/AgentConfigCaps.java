package dev.tollgate.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import java.util.List;

/**
 * The operator's bounds on what a client may make the agent spend ({@code tollgate.upstream.*}). A trade runs the
 * agent before anyone pays, so the client-chosen {@code agent_config} fields that drive cost are brought within
 * these bounds before the upstream call. Nothing is refused: ATP clients always send these fields.
 *
 * @param maxTokensCap  the most {@code max_tokens} (and {@code thinking_tokens}) a request gets; an absent or
 *                      larger value becomes the cap. 0 = no cap. Default 8192, ATP's own default.
 * @param maxLoopsCap   the most {@code max_loops} (Swarms' agent iterations, each a full model call); an absent,
 *                      larger or non-numeric value (Swarms' {@code "auto"}) becomes the cap. 0 = no cap. Default 1,
 *                      ATP's own default.
 * @param allowedModels the models a request may name in {@code model_name}; empty = any. Any other, or none, is
 *                      replaced by the first one listed.
 */
@ConfigurationProperties("tollgate.upstream")
public record AgentConfigCaps(
        @Bindable(defaultValue = "8192") @Min(0) int maxTokensCap,
        @Bindable(defaultValue = "1") @Min(0) int maxLoopsCap,
        @Nullable List<String> allowedModels) {

    /** Token-count fields an LLM call honours, also when nested in {@code llm_args}. */
    private static final List<String> TOKEN_FIELDS = List.of("max_tokens", "max_completion_tokens",
            "max_output_tokens", "thinking_tokens");

    public AgentConfigCaps {
        allowedModels = allowedModels == null ? List.of()
                : allowedModels.stream().map(String::trim).filter(m -> !m.isEmpty()).toList();
    }

    /** A copy of {@code task} whose agent_config is within the caps; the caller's object is left untouched. */
    public AgentTask apply(AgentTask task) {
        ObjectNode config = task.agentConfig().deepCopy();
        if (maxTokensCap > 0) {
            cap(config, "max_tokens", maxTokensCap, true);
            cap(config, "thinking_tokens", maxTokensCap, false);
        }
        if (maxLoopsCap > 0) {
            cap(config, "max_loops", maxLoopsCap, true);
        }
        if (!allowedModels.isEmpty()) {
            allowModel(config, "model_name", true);
        }
        // llm_args is passed to the model call as is: the same bounds apply to what it carries
        if (config.get("llm_args") instanceof ObjectNode llmArgs) {
            if (maxTokensCap > 0) {
                TOKEN_FIELDS.forEach(f -> cap(llmArgs, f, maxTokensCap, false));
            }
            if (!allowedModels.isEmpty()) {
                allowModel(llmArgs, "model", false);
                allowModel(llmArgs, "model_name", false);
            }
        }
        return new AgentTask(config, task.task(), task.history(), task.img(), task.imgs());
    }

    /** Keeps a whole number in 0..cap; anything else present becomes the cap, and so does absence if required. */
    private static void cap(ObjectNode node, String field, int cap, boolean setWhenAbsent) {
        JsonNode value = node.get(field);
        boolean absent = value == null || value.isNull();
        if (absent && !setWhenAbsent) {
            return;
        }
        if (!absent && value.isIntegralNumber() && value.canConvertToLong()
                && value.asLong() >= 0 && value.asLong() <= cap) {
            return;
        }
        node.put(field, cap);
    }

    private void allowModel(ObjectNode node, String field, boolean setWhenAbsent) {
        JsonNode value = node.get(field);
        boolean absent = value == null || value.isNull();
        if (absent && !setWhenAbsent) {
            return;
        }
        if (!absent && value.isTextual() && allowedModels.contains(value.asText().trim())) {
            return;
        }
        node.put(field, allowedModels.get(0));
    }
}
