package dev.tollgate.examples.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo handlers answer what the billing tests price: usage from the request, in JSON and in SSE. */
class DemoApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DemoApi api = new DemoApi(Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC));

    @Test
    void aCompletionCarriesUsageComputedFromTheRequest() throws Exception {
        // 8 + 12 = 20 bytes of text -> ceil(20/4) = 5 prompt tokens; max_tokens 5 -> 5 words
        DemoResponse r = api.chat(bytes("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
                + "{\"role\":\"user\",\"content\":\"hello there!\"}]}"));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/json");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("choices").get(0).path("message").path("content").asText()).isEqualTo("hello there! hello there! hello");
        assertThat(body.path("usage").path("prompt_tokens").asLong()).isEqualTo(5);
        assertThat(body.path("usage").path("completion_tokens").asLong()).isEqualTo(5);
        assertThat(body.path("usage").path("total_tokens").asLong()).isEqualTo(10);
    }

    @Test
    void maxCompletionTokensWinsAndTheDefaultAndCapApply() {
        assertThat(ChatCompletions.usageOf(tree("{\"max_completion_tokens\":3,\"max_tokens\":9,\"messages\":[]}")).completionTokens()).isEqualTo(3);
        assertThat(ChatCompletions.usageOf(tree("{\"messages\":[]}")).completionTokens()).isEqualTo(ChatCompletions.DEFAULT_MAX_TOKENS);
        assertThat(ChatCompletions.usageOf(tree("{\"max_tokens\":100000,\"messages\":[]}")).completionTokens()).isEqualTo(ChatCompletions.MAX_OUTPUT_TOKENS);
        assertThat(ChatCompletions.usageOf(tree("{\"messages\":[]}")).promptTokens()).isEqualTo(1);
    }

    @Test
    void aStreamEndsWithTheUsageChunkThenDone() throws Exception {
        DemoResponse r = api.chat(bytes("{\"stream\":true,\"max_tokens\":3,\"messages\":[{\"role\":\"user\",\"content\":\"a b\"}]}"));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("text/event-stream");
        List<String> data = Arrays.stream(r.body().split("\n\n")).map(e -> e.substring("data: ".length())).toList();
        assertThat(data).hasSize(3 + 1 + 1 + 1);
        assertThat(data.getLast()).isEqualTo("[DONE]");
        JsonNode usage = JSON.readTree(data.get(data.size() - 2));
        assertThat(usage.path("choices").isEmpty()).isTrue();
        assertThat(usage.path("usage").path("prompt_tokens").asLong()).isEqualTo(1);
        assertThat(usage.path("usage").path("completion_tokens").asLong()).isEqualTo(3);
        StringBuilder text = new StringBuilder();
        for (String d : data.subList(0, 3)) {
            text.append(JSON.readTree(d).path("choices").get(0).path("delta").path("content").asText());
        }
        assertThat(text.toString()).isEqualTo("a b a");
    }

    @Test
    void badRequestsAre4xxWithoutUsage() {
        assertThat(api.chat(bytes("not json")).status()).isEqualTo(400);
        assertThat(api.chat(bytes("{\"messages\":[]}")).status()).isEqualTo(400);
        assertThat(api.chat(bytes("{\"max_tokens\":0,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")).status()).isEqualTo(400);
        assertThat(api.chat(new byte[ChatCompletions.MAX_REQUEST_BYTES + 1]).status()).isEqualTo(413);
    }

    @Test
    void theFailureRouteAnswersTheStatusItNames() {
        assertThat(api.failure("503").status()).isEqualTo(503);
        assertThat(api.failure("404").status()).isEqualTo(404);
        assertThat(api.failure("200").status()).isEqualTo(400);
        assertThat(api.failure("5030").status()).isEqualTo(400);
        assertThat(api.failure("abc").status()).isEqualTo(400);
        assertThat(api.quote().body()).contains(DemoApi.QUOTE_TEXT);
        assertThat(api.health().status()).isEqualTo(200);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode tree(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
