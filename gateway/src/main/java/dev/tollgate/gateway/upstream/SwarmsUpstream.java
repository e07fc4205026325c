package dev.tollgate.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Map;

/**
 * The Swarms agent-completions API, the upstream ATP's gateway calls: POST {@code {agent_config, task, history?,
 * img?, imgs?}} with {@code x-api-key}; the answer's {@code outputs} is the product and {@code usage} is billed.
 */
final class SwarmsUpstream implements UpstreamAgent {
    private final UpstreamTransport transport;
    private final URI url;
    private final String apiKey;

    SwarmsUpstream(UpstreamTransport transport, URI url, String apiKey) {
        this.transport = transport;
        this.url = url;
        this.apiKey = apiKey;
    }

    @Override
    public UpstreamResult run(AgentTask task) {
        ObjectNode body = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        body.set("agent_config", task.agentConfig());
        body.put("task", task.task());
        // ATP forwards the extras only when they are truthy
        if (task.history() != null && !task.history().isNull() && !task.history().isEmpty()) {
            body.set("history", task.history());
        }
        if (task.img() != null && !task.img().isEmpty()) {
            body.put("img", task.img());
        }
        if (task.imgs() != null && !task.imgs().isEmpty()) {
            task.imgs().forEach(body.putArray("imgs")::add);
        }
        JsonNode answer = transport.post(url, body, Map.of("x-api-key", apiKey == null ? "" : apiKey));
        JsonNode usage = answer.path("usage");
        return new UpstreamResult(answer.has("outputs") ? answer.get("outputs") : answer,
                usage.isObject() ? usage : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
    }
}
