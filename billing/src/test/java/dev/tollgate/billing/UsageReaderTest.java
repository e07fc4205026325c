package dev.tollgate.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.pricing.Usage;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UsageReaderTest {

    private static Usage json(String body) {
        return UsageReader.read("application/json; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    private static Usage sse(String body) {
        return UsageReader.read("text/event-stream", body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void openAi() {
        assertThat(json("{\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":30,\"total_tokens\":42}}"))
                .isEqualTo(new Usage(12L, 30L, 42L, null));
    }

    @Test
    void anthropic() {
        assertThat(json("{\"usage\":{\"input_tokens\":7,\"output_tokens\":5}}")).isEqualTo(new Usage(7L, 5L, 12L, null));
    }

    @Test
    void geminiUsageMetadata() {
        assertThat(json("{\"candidates\":[],\"usageMetadata\":{\"promptTokenCount\":3,\"candidatesTokenCount\":4,"
                + "\"totalTokenCount\":9}}")).isEqualTo(new Usage(3L, 4L, 9L, null));
    }

    @Test
    void cohereTokensMetaUsageAndStatistics() {
        assertThat(json("{\"meta\":{\"usage\":{\"input_tokens\":1,\"output_tokens\":2}}}"))
                .isEqualTo(new Usage(1L, 2L, 3L, null));
        assertThat(json("{\"tokens\":40}")).isEqualTo(new Usage(null, null, 40L, null));
        assertThat(json("{\"statistics\":{\"tokens_in\":5,\"tokens_out\":6}}")).isEqualTo(new Usage(5L, 6L, 11L, null));
    }

    @Test
    void topLevelCountsAndTotalCost() {
        assertThat(json("{\"input_tokens\":2,\"output_tokens\":3,\"total_cost\":\"0.5\"}"))
                .isEqualTo(new Usage(2L, 3L, 5L, new BigDecimal("0.5")));
    }

    @Test
    void noUsageOrNotJson() {
        assertThat(json("{\"text\":\"hi\"}").isEmpty()).isTrue();
        assertThat(json("[1,2]").isEmpty()).isTrue();
        assertThat(json("not json").isEmpty()).isTrue();
        assertThat(UsageReader.read("application/json", new byte[0]).isEmpty()).isTrue();
    }

    @Test
    void sseLastEventWithUsageWinsAndDoneIsIgnored() {
        String stream = "data: {\"choices\":[{\"delta\":{\"content\":\"he\"}}]}\n\n"
                + "data: {\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}\n\n"
                + "event: message\ndata: {\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":20,"
                + "\"total_tokens\":30}}\n\n"
                + "data: {\"choices\":[{\"delta\":{}}]}\n\n"
                + "data: [DONE]\n\n";
        assertThat(sse(stream)).isEqualTo(new Usage(10L, 20L, 30L, null));
    }

    @Test
    void sseMultiLineDataCrLfAndNoTrailingBlankLine() {
        String stream = ": comment\r\ndata: {\"usage\":\r\ndata: {\"input_tokens\":4,\"output_tokens\":6}}\r\n\r\n"
                + "data:{\"usageMetadata\":{\"promptTokenCount\":8,\"candidatesTokenCount\":9}}";
        assertThat(sse(stream)).isEqualTo(new Usage(8L, 9L, 17L, null));
        assertThat(UsageReader.eventData("data: a\ndata: b\n\ndata: c\n")).containsExactly("a\nb", "c");
    }

    @Test
    void sseWithoutUsage() {
        assertThat(sse("data: {\"x\":1}\n\ndata: [DONE]\n\n").isEmpty()).isTrue();
    }

    @Test
    void mediaTypes() {
        assertThat(UsageReader.isJson("application/problem+json")).isTrue();
        assertThat(UsageReader.isJson("Application/JSON;charset=UTF-8")).isTrue();
        assertThat(UsageReader.isJson("text/plain")).isFalse();
        assertThat(UsageReader.isEventStream("text/event-stream; charset=utf-8")).isTrue();
        assertThat(UsageReader.isEventStream(null)).isFalse();
    }
}
