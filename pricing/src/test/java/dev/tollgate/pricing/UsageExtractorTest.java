package dev.tollgate.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UsageExtractorTest {

    private static final ObjectMapper JSON = PricingJson.mapper();

    private static Usage extract(String json) throws Exception {
        return UsageExtractor.extract(JSON.readTree(json));
    }

    private static Usage usage(Long in, Long out, Long total) {
        return new Usage(in, out, total, null);
    }

    // ---- Formats ----
    @Test
    void openAiChatCompletion() throws Exception {
        assertThat(extract("""
                {"id":"chatcmpl-1","choices":[{"message":{"content":"hi"}}],
                 "usage":{"prompt_tokens":150,"completion_tokens":50,"total_tokens":200,
                          "completion_tokens_details":{"reasoning_tokens":10}}}"""))
                .isEqualTo(usage(150L, 50L, 200L));
    }

    @Test
    void openAiWithoutTotalSumsTheHalves() throws Exception {
        assertThat(extract("{\"prompt_tokens\":150,\"completion_tokens\":50}")).isEqualTo(usage(150L, 50L, 200L));
        assertThat(extract("{\"prompt_tokens\":150}")).isEqualTo(usage(150L, null, 150L));
        assertThat(extract("{\"completion_tokens\":7}")).isEqualTo(usage(null, 7L, 7L));
    }

    @Test
    void anthropicMessages() throws Exception {
        assertThat(extract("""
                {"type":"message","content":[{"type":"text","text":"hi"}],
                 "usage":{"input_tokens":10,"output_tokens":20,"cache_read_input_tokens":5}}"""))
                .isEqualTo(usage(10L, 20L, 30L));
    }

    @Test
    void genericWithTotal() throws Exception {
        assertThat(extract("{\"usage\":{\"input_tokens\":10,\"output_tokens\":20,\"total_tokens\":31}}"))
                .isEqualTo(usage(10L, 20L, 31L));
    }

    @Test
    void openAiNamesWinOverGenericNamesAtTheSameLevel() throws Exception {
        assertThat(extract("{\"prompt_tokens\":1,\"completion_tokens\":2,\"input_tokens\":10,\"output_tokens\":20}"))
                .isEqualTo(usage(1L, 2L, 3L));
    }

    @Test
    void geminiCountsAtTheTop() throws Exception {
        assertThat(extract("{\"promptTokenCount\":5,\"candidatesTokenCount\":7,\"totalTokenCount\":15}"))
                .isEqualTo(usage(5L, 7L, 15L));
        assertThat(extract("{\"promptTokenCount\":5,\"candidatesTokenCount\":7}")).isEqualTo(usage(5L, 7L, 12L));
    }

    @Test
    void geminiRealWrapperUsageMetadata() throws Exception {
        // What generateContent actually returns; ATP's parser misses it.
        assertThat(extract("""
                {"candidates":[{"content":{"parts":[{"text":"hi"}],"role":"model"}}],
                 "usageMetadata":{"promptTokenCount":12,"candidatesTokenCount":34,"totalTokenCount":50,
                                  "thoughtsTokenCount":4},
                 "modelVersion":"gemini-2.5-flash"}"""))
                .isEqualTo(usage(12L, 34L, 50L));
    }

    @Test
    void cohereTokensIsTheTotal() throws Exception {
        assertThat(extract("{\"tokens\":42}")).isEqualTo(usage(null, null, 42L));
    }

    @Test
    void metaUsage() throws Exception {
        assertThat(extract("{\"text\":\"hi\",\"meta\":{\"usage\":{\"input_tokens\":3,\"output_tokens\":4}}}"))
                .isEqualTo(usage(3L, 4L, 7L));
    }

    @Test
    void usageIsSearchedBeforeUsageMetadataBeforeMetaUsage() throws Exception {
        assertThat(extract("""
                {"meta":{"usage":{"input_tokens":3}},"usageMetadata":{"promptTokenCount":2},
                 "usage":{"input_tokens":1}}""")).isEqualTo(usage(1L, null, 1L));
        assertThat(extract("{\"meta\":{\"usage\":{\"input_tokens\":3}},\"usageMetadata\":{\"promptTokenCount\":2}}"))
                .isEqualTo(usage(2L, null, 2L));
    }

    @Test
    void anEmptyUsageObjectDoesNotHideALaterOne() throws Exception {
        assertThat(extract("{\"usage\":{},\"meta\":{\"usage\":{\"output_tokens\":9}}}"))
                .isEqualTo(usage(null, 9L, 9L));
    }

    @Test
    void statisticsWithEachNameFamily() throws Exception {
        assertThat(extract("{\"statistics\":{\"tokens_in\":1,\"tokens_out\":2,\"tokens\":4}}"))
                .isEqualTo(usage(1L, 2L, 4L));
        assertThat(extract("{\"statistics\":{\"prompt_tokens\":1,\"completion_tokens\":2}}"))
                .isEqualTo(usage(1L, 2L, 3L));
        assertThat(extract("{\"statistics\":{\"total_tokens\":9}}")).isEqualTo(usage(null, null, 9L));
    }

    @Test
    void statisticsTakesARealZeroInsteadOfFallingThrough() throws Exception {
        // ATP's `or` chain would skip the 0 and take prompt_tokens = 9.
        assertThat(extract("{\"statistics\":{\"input_tokens\":0,\"prompt_tokens\":9,\"output_tokens\":1}}"))
                .isEqualTo(usage(0L, 1L, 1L));
    }

    @Test
    void directCountsWinOverNestedOnes() throws Exception {
        assertThat(extract("{\"input_tokens\":5,\"usage\":{\"input_tokens\":6}}")).isEqualTo(usage(5L, null, 5L));
    }

    // ---- Zeros ----
    @Test
    void zeroTotalIsARealZero() throws Exception {
        // ATP replaces total_tokens: 0 with the sum (5).
        assertThat(extract("{\"prompt_tokens\":5,\"total_tokens\":0}")).isEqualTo(usage(5L, null, 0L));
        assertThat(extract("{\"input_tokens\":0,\"output_tokens\":0,\"total_tokens\":0}")).isEqualTo(usage(0L, 0L, 0L));
    }

    @Test
    void zeroCountsAreFoundNotEmpty() throws Exception {
        Usage found = extract("{\"usage\":{\"input_tokens\":0,\"output_tokens\":0}}");
        assertThat(found).isEqualTo(usage(0L, 0L, 0L));
        assertThat(found.isEmpty()).isFalse();
    }

    // ---- Coercion ----
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "150          | 150",
            "150.9        | 150",
            "\"150\"      | 150",
            "\"150.9\"    | 150",
            "\" 150 \"    | 150",
            "\"1e3\"      | 1000",
            "1e3          | 1000",
            "0.4          | 0",
            "9223372036854775807 | 9223372036854775807"
    })
    void countsAreCoercedLikeAtpSafeInt(String raw, long expected) throws Exception {
        assertThat(extract("{\"input_tokens\":" + raw + "}").inputTokens()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5", "\"-5\"", "-0.5", "true", "false", "null", "\"abc\"", "\"\"", "\"NaN\"",
            "\"Infinity\"", "\"0x10\"", "\"١٢\"", "{}", "[1]", "9223372036854775808", "1e30", "\"1e999999999\""})
    void nonCountsAreIgnored(String raw) throws Exception {
        Usage found = extract("{\"input_tokens\":" + raw + ",\"output_tokens\":7}");
        assertThat(found.inputTokens()).isNull();
        assertThat(found.outputTokens()).isEqualTo(7L);
    }

    @Test
    void aGarbageValueDoesNotMatchItsRuleSoTheNextRuleCanMatch() throws Exception {
        assertThat(extract("{\"prompt_tokens\":\"abc\",\"input_tokens\":7}")).isEqualTo(usage(7L, null, 7L));
        assertThat(extract("{\"prompt_tokens\":-1,\"tokens\":12}")).isEqualTo(usage(null, null, 12L));
    }

    @Test
    void overflowingSumLeavesTheTotalUnknown() throws Exception {
        assertThat(extract("{\"input_tokens\":9223372036854775807,\"output_tokens\":1}"))
                .isEqualTo(usage(Long.MAX_VALUE, 1L, null));
    }

    // ---- TotalCost ----
    @Test
    void readFromTheUsageObject() throws Exception {
        assertThat(extract("{\"usage\":{\"input_tokens\":1,\"output_tokens\":2,\"total_cost\":0.0042}}"))
                .isEqualTo(new Usage(1L, 2L, 3L, new BigDecimal("0.0042")));
    }

    @Test
    void aNumericStringWorksToo() throws Exception {
        assertThat(extract("{\"usage\":{\"input_tokens\":1,\"total_cost\":\"0.0042\"}}").totalCostUsd())
                .isEqualTo(new BigDecimal("0.0042"));
    }

    @Test
    void aloneIsStillUsage() throws Exception {
        Usage found = extract("{\"outputs\":\"done\",\"usage\":{\"total_cost\":0.02}}");
        assertThat(found).isEqualTo(new Usage(null, null, null, new BigDecimal("0.02")));
        assertThat(found.isEmpty()).isFalse();
    }

    @Test
    void atTheTopWhileCountsAreNested() throws Exception {
        assertThat(extract("{\"total_cost\":\"0.5\",\"usage\":{\"prompt_tokens\":1}}"))
                .isEqualTo(new Usage(1L, null, 1L, new BigDecimal("0.5")));
    }

    @Test
    void atUsageTotalCostWhileCountsAreAtTheTop() throws Exception {
        assertThat(extract("{\"input_tokens\":1,\"usage\":{\"total_cost\":0.1}}"))
                .isEqualTo(new Usage(1L, null, 1L, new BigDecimal("0.1")));
    }

    @Test
    void nextToGeminiMetadataAndStatistics() throws Exception {
        assertThat(extract("{\"usageMetadata\":{\"promptTokenCount\":2,\"total_cost\":0.3}}").totalCostUsd())
                .isEqualTo(new BigDecimal("0.3"));
        assertThat(extract("{\"total_cost\":0.3,\"statistics\":{\"tokens\":5}}"))
                .isEqualTo(new Usage(null, null, 5L, new BigDecimal("0.3")));
    }

    @Test
    void keptExactFromTheJsonText() throws Exception {
        assertThat(extract("{\"usage\":{\"total_cost\":0.1234567890123456789}}").totalCostUsd())
                .isEqualTo(new BigDecimal("0.1234567890123456789"));
    }

    @Test
    void aDefaultMapperStillGivesTheShortestDecimal() throws Exception {
        JsonNode body = new ObjectMapper().readTree("{\"usage\":{\"total_cost\":0.000249}}");
        assertThat(UsageExtractor.extract(body).totalCostUsd()).isEqualByComparingTo("0.000249");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-0.01", "\"-0.01\"", "true", "\"abc\"", "{}", "[]", "null", "\"NaN\"", "1e30",
            "1e-40", "\"1e999999999\""})
    void garbageIsIgnored(String raw) throws Exception {
        assertThat(extract("{\"usage\":{\"input_tokens\":1,\"total_cost\":" + raw + "}}").totalCostUsd()).isNull();
    }

    // ---- OddJson ----
    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"usage\":{\"input_tokens\":1}}]", "null", "\"usage\"", "42", "true", "{}",
            "{\"usage\":null}", "{\"usage\":[1,2]}", "{\"usage\":\"lots\"}", "{\"meta\":\"x\"}",
            "{\"meta\":{\"usage\":7}}", "{\"statistics\":[]}", "{\"statistics\":{}}", "{\"usageMetadata\":{}}",
            "{\"choices\":[{\"usage\":{\"input_tokens\":1}}]}", "{\"token_usage\":{\"input_tokens\":1}}"})
    void givesEmptyUsageAndNeverThrows(String json) throws Exception {
        assertThat(extract(json)).isEqualTo(Usage.EMPTY);
    }

    @Test
    void nullAndMissingBodiesGiveEmptyUsage() {
        assertThat(UsageExtractor.extract(null)).isEqualTo(Usage.EMPTY);
        assertThat(UsageExtractor.extract(JsonNodeFactory.instance.missingNode())).isEqualTo(Usage.EMPTY);
        assertThat(Usage.EMPTY.isEmpty()).isTrue();
    }

    @Test
    void stopsDescendingAfterTheDepthLimit() throws Exception {
        String reachable = "{\"usage\":".repeat(UsageExtractor.MAX_DEPTH) + "{\"input_tokens\":1}"
                + "}".repeat(UsageExtractor.MAX_DEPTH);
        String tooDeep = "{\"usage\":".repeat(UsageExtractor.MAX_DEPTH + 1) + "{\"input_tokens\":1}"
                + "}".repeat(UsageExtractor.MAX_DEPTH + 1);
        assertThat(extract(reachable)).isEqualTo(usage(1L, null, 1L));
        assertThat(extract(tooDeep)).isEqualTo(Usage.EMPTY);
    }

    @Test
    void hostileNumbersAreCheap() {
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            assertThat(extract("{\"input_tokens\":1e-999999999,\"output_tokens\":1e999999999}"))
                    .isEqualTo(usage(0L, null, 0L));
            assertThat(extract("{\"usage\":{\"total_cost\":1e-999999999}}")).isEqualTo(Usage.EMPTY);
            assertThat(extract("{\"usage\":{\"total_cost\":1e999999999}}")).isEqualTo(Usage.EMPTY);
        });
    }
}
