package dev.tollgate.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Map;

/**
 * An OpenAI-compatible chat-completions endpoint (OpenAI, vLLM, Ollama, LiteLLM...). ATP's agent_config maps
 * onto it: system_prompt → system message, model_name → model, max_tokens, temperature; history (a list of
 * role/content messages) goes between them and the task.
 */
final class OpenAiUpstream implements UpstreamAgent {
    private final UpstreamTransport transport;
    private final URI completions;
    private final String apiKey;
    private final String defaultModel;

    OpenAiUpstream(UpstreamTransport transport, URI baseUrl, String apiKey, String defaultModel) {
        this.transport = transport;
        String base = baseUrl.toString().replaceAll("/+$", "");
        this.completions = URI.create(base.endsWith("/chat/completions") ? base : base + "/chat/completions");
        this.apiKey = apiKey;
        this.defaultModel = defaultModel;
    }

    @Override
    public UpstreamResult run(AgentTask task) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode config = task.agentConfig();
        ObjectNode body = f.objectNode();
        body.put("model", config.path("model_name").isTextual() ? config.get("model_name").asText() : defaultModel);
        ArrayNode messages = body.putArray("messages");
        if (config.path("system_prompt").isTextual()) {
            messages.addObject().put("role", "system").put("content", config.get("system_prompt").asText());
        }
        if (task.history() != null && task.history().isArray()) {
            for (JsonNode m : task.history()) {
                if (m.path("role").isTextual() && m.path("content").isTextual()) {
                    messages.addObject().put("role", m.get("role").asText()).put("content", m.get("content").asText());
                }
            }
        }
        messages.addObject().put("role", "user").put("content", task.task());
        if (config.path("max_tokens").isIntegralNumber()) {
            body.set("max_tokens", config.get("max_tokens"));
        }
        if (config.path("temperature").isNumber()) {
            body.set("temperature", config.get("temperature"));
        }
        JsonNode answer = transport.post(completions, body,
                Map.of("Authorization", apiKey == null || apiKey.isBlank() ? "" : "Bearer " + apiKey));
        JsonNode content = answer.path("choices").path(0).path("message").path("content");
        if (!content.isTextual()) {
            throw UpstreamException.malformed("without choices[0].message.content");
        }
        JsonNode usage = answer.path("usage");
        return new UpstreamResult(content, usage.isObject() ? usage : f.objectNode());
    }
}
