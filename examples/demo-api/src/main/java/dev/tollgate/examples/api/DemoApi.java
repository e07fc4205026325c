package dev.tollgate.examples.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;

/**
 * The routes both example hosts serve, and their answers. Which routes are billed, and at what price, is the
 * host's billing configuration, not this class: chat by usage, the quote and the failure route at a fixed price,
 * {@code /health} not at all.
 */
public final class DemoApi {
    public static final String CHAT_PATH = "/v1/chat/completions";
    public static final String QUOTE_PATH = "/v1/quote";
    /** {@code /v1/fail/{status}}: answers that 4xx/5xx status, so a test can prove an error is never charged. */
    public static final String FAIL_PREFIX = "/v1/fail/";
    public static final String HEALTH_PATH = "/health";
    /** In every quote: a test finds the handler's output (or proves it was withheld) by it. */
    public static final String QUOTE_TEXT = "Simple things should be simple, complex things should be possible.";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Clock clock;
    private final ChatCompletions chat;

    public DemoApi(Clock clock) {
        this.clock = clock;
        this.chat = new ChatCompletions(clock);
    }

    public DemoApi() {
        this(Clock.systemUTC());
    }

    public DemoResponse chat(byte[] body) {
        return chat.complete(body);
    }

    public DemoResponse quote() {
        ObjectNode root = JSON.createObjectNode();
        root.put("quote", QUOTE_TEXT).put("author", "Alan Kay").put("served_at", clock.instant().toString());
        return new DemoResponse(200, DemoResponse.JSON, ChatCompletions.write(root));
    }

    /** The status named in the path when it is 400..599; anything else is itself a 400. */
    public DemoResponse failure(String status) {
        int code;
        try {
            code = status.length() == 3 ? Integer.parseInt(status) : -1;
        } catch (NumberFormatException e) {
            code = -1;
        }
        if (code < 400 || code > 599) {
            return ChatCompletions.error(400, "status must be 400..599");
        }
        ObjectNode root = JSON.createObjectNode();
        root.putObject("error").put("message", "failure on demand").put("status", code);
        return new DemoResponse(code, DemoResponse.JSON, ChatCompletions.write(root));
    }

    public DemoResponse health() {
        return new DemoResponse(200, DemoResponse.JSON, "{\"status\":\"ok\"}");
    }
}
