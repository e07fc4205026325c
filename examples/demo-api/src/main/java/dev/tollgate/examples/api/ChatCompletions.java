package dev.tollgate.examples.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A stand-in for an OpenAI-compatible {@code POST /v1/chat/completions}, deterministic so a test can price its
 * answer: the prompt costs ceil(UTF-8 bytes of every message's text / 4) tokens (at least 1), the reply is exactly
 * {@code max_tokens} (or {@code max_completion_tokens}; default {@value #DEFAULT_MAX_TOKENS}, at most
 * {@value #MAX_OUTPUT_TOKENS}) words cycled from the last user message, one token each. With {@code "stream": true}
 * the answer is SSE as OpenAI streams it with {@code stream_options.include_usage}: one chunk per word, a last chunk
 * with empty {@code choices} and the {@code usage}, then {@code data: [DONE]}.
 */
public final class ChatCompletions {
    public static final int MAX_REQUEST_BYTES = 256 * 1024;
    public static final int DEFAULT_MAX_TOKENS = 16;
    public static final int MAX_OUTPUT_TOKENS = 512;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;

    public ChatCompletions(Clock clock) {
        this.clock = clock;
    }

    public ChatCompletions() {
        this(Clock.systemUTC());
    }

    /** The usage this request will be answered with (what a test expects to be charged for). */
    public record ChatUsage(long promptTokens, long completionTokens) {
        public long totalTokens() {
            return promptTokens + completionTokens;
        }
    }

    public DemoResponse complete(byte[] body) {
        if (body.length > MAX_REQUEST_BYTES) {
            return error(413, "request body over " + MAX_REQUEST_BYTES + " bytes");
        }
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (java.io.IOException e) {
            return error(400, "body is not JSON");
        }
        if (request == null || !request.isObject() || !request.path("messages").isArray()
                || request.path("messages").isEmpty()) {
            return error(400, "messages must be a non-empty array");
        }
        ChatUsage usage;
        try {
            usage = usageOf(request);
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
        String model = request.path("model").asText("tollgate-example");
        String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
        long created = clock.instant().getEpochSecond();
        List<String> words = replyWords(request, (int) usage.completionTokens());
        return request.path("stream").asBoolean(false)
                ? new DemoResponse(200, DemoResponse.EVENT_STREAM, stream(id, created, model, words, usage))
                : new DemoResponse(200, DemoResponse.JSON, completion(id, created, model, words, usage));
    }

    public static ChatUsage usageOf(JsonNode request) {
        long bytes = 0;
        for (JsonNode message : request.path("messages")) {
            JsonNode content = message.path("content");
            if (content.isTextual()) {
                bytes += content.asText().getBytes(StandardCharsets.UTF_8).length;
            } else if (content.isArray()) { // OpenAI content parts: only the text parts count
                for (JsonNode part : content) {
                    bytes += part.path("text").asText("").getBytes(StandardCharsets.UTF_8).length;
                }
            }
        }
        long prompt = Math.max(1, (bytes + 3) / 4);
        JsonNode max = request.has("max_completion_tokens") ? request.get("max_completion_tokens") : request.get("max_tokens");
        long completion = DEFAULT_MAX_TOKENS;
        if (max != null && !max.isNull()) {
            if (!max.canConvertToLong() || !max.isIntegralNumber() || max.asLong() < 1) {
                throw new IllegalArgumentException("max_tokens must be a positive integer");
            }
            completion = Math.min(max.asLong(), MAX_OUTPUT_TOKENS);
        }
        return new ChatUsage(prompt, completion);
    }

    private static List<String> replyWords(JsonNode request, int count) {
        String lastUser = "";
        for (JsonNode message : request.path("messages")) {
            if ("user".equals(message.path("role").asText()) && message.path("content").isTextual()) {
                lastUser = message.path("content").asText();
            }
        }
        String[] source = lastUser.isBlank() ? new String[] {"ok"} : lastUser.trim().split("\\s+");
        List<String> words = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            words.add(source[i % source.length]);
        }
        return words;
    }

    private static String completion(String id, long created, String model, List<String> words, ChatUsage usage) {
        ObjectNode root = head(id, "chat.completion", created, model);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", String.join(" ", words));
        choice.put("finish_reason", "stop");
        root.set("usage", usageJson(usage));
        return write(root);
    }

    private static String stream(String id, long created, String model, List<String> words, ChatUsage usage) {
        StringBuilder sse = new StringBuilder();
        for (int i = 0; i < words.size(); i++) {
            ObjectNode chunk = head(id, "chat.completion.chunk", created, model);
            ObjectNode choice = chunk.putArray("choices").addObject();
            choice.put("index", 0);
            ObjectNode delta = choice.putObject("delta");
            if (i == 0) {
                delta.put("role", "assistant");
            }
            delta.put("content", i == 0 ? words.get(i) : " " + words.get(i));
            choice.putNull("finish_reason");
            event(sse, chunk);
        }
        ObjectNode stop = head(id, "chat.completion.chunk", created, model);
        ObjectNode choice = stop.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("delta");
        choice.put("finish_reason", "stop");
        event(sse, stop);
        ObjectNode last = head(id, "chat.completion.chunk", created, model);
        last.putArray("choices");
        last.set("usage", usageJson(usage));
        event(sse, last);
        return sse.append("data: [DONE]\n\n").toString();
    }

    private static void event(StringBuilder sse, ObjectNode data) {
        sse.append("data: ").append(write(data)).append("\n\n");
    }

    private static ObjectNode head(String id, String object, long created, String model) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", id).put("object", object).put("created", created).put("model", model);
        return node;
    }

    private static ObjectNode usageJson(ChatUsage usage) {
        return JSON.createObjectNode().put("prompt_tokens", usage.promptTokens())
                .put("completion_tokens", usage.completionTokens()).put("total_tokens", usage.totalTokens());
    }

    static DemoResponse error(int status, String message) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("error").put("message", message).put("type", "invalid_request_error");
        return new DemoResponse(status, DemoResponse.JSON, write(root));
    }

    static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
