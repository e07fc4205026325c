package dev.tollgate.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tollgate.pricing.PricingJson;
import dev.tollgate.pricing.Usage;
import dev.tollgate.pricing.UsageExtractor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Usage parsing of one upstream answer (what every trade does once): the body's bytes read into a tree with the
 * pricing mapper (exact decimals, duplicate keys refused), then {@link UsageExtractor} finding the token counts.
 * Bodies are realistic single-turn answers of about 1 KiB from OpenAI chat completions, Anthropic messages and
 * Gemini generateContent, each with its own usage shape.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class UsageParsingBench {

    @Param({"openai", "anthropic", "gemini"})
    public String provider;

    private final JsonMapper mapper = PricingJson.mapper();
    private byte[] body;
    private JsonNode tree;

    @Setup
    public void setUp() throws IOException {
        body = Bodies.of(provider).getBytes(StandardCharsets.UTF_8);
        tree = mapper.readTree(body);
        Usage usage = UsageExtractor.extract(tree);
        if (usage.inputTokens() == null || usage.outputTokens() == null) {
            throw new IllegalStateException(provider + " body yields no usage: " + usage);
        }
    }

    /** Bytes to tree to usage: the whole per-request cost. */
    @Benchmark
    public Usage parseAndExtract() throws IOException {
        return UsageExtractor.extract(mapper.readTree(body));
    }

    /** The extractor alone on an already parsed tree. */
    @Benchmark
    public Usage extractOnly() {
        return UsageExtractor.extract(tree);
    }

    /** Realistic response bodies (content trimmed to a typical short answer). */
    static final class Bodies {
        private static final String ANSWER = "Sure. Here is a concise summary of the document you sent: the"
                + " quarterly report shows revenue growing 12% year over year, driven mostly by the subscription"
                + " segment, while hardware sales declined slightly. Operating margin improved to 18% thanks to"
                + " lower logistics costs. The outlook for the next quarter is cautious: management expects flat"
                + " revenue because of seasonal effects, and plans to keep hiring in engineering. Risks named are"
                + " currency swings and a pending regulatory review in two markets. Let me know if you want the"
                + " figures as a table or a shorter version for a slide.";

        private Bodies() {
        }

        static String of(String provider) {
            return switch (provider) {
                case "openai" -> """
                        {"id":"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG","object":"chat.completion","created":1741570283,\
                        "model":"gpt-4o-2024-08-06","choices":[{"index":0,"message":{"role":"assistant","content":"%s",\
                        "refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],\
                        "usage":{"prompt_tokens":1117,"completion_tokens":126,"total_tokens":1243,\
                        "prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},\
                        "completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,\
                        "accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},\
                        "service_tier":"default","system_fingerprint":"fp_fc9f1d7035"}""".formatted(ANSWER);
                case "anthropic" -> """
                        {"id":"msg_013Zva2CMHLNnXjNJJKqJ2EF","type":"message","role":"assistant",\
                        "model":"claude-sonnet-4-20250514","content":[{"type":"text","text":"%s"}],\
                        "stop_reason":"end_turn","stop_sequence":null,\
                        "usage":{"input_tokens":1117,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,\
                        "output_tokens":126,"service_tier":"standard"}}""".formatted(ANSWER);
                case "gemini" -> """
                        {"candidates":[{"content":{"parts":[{"text":"%s"}],"role":"model"},"finishReason":"STOP",\
                        "avgLogprobs":-0.21}],"usageMetadata":{"promptTokenCount":1117,"candidatesTokenCount":126,\
                        "totalTokenCount":1243,"promptTokensDetails":[{"modality":"TEXT","tokenCount":1117}],\
                        "candidatesTokensDetails":[{"modality":"TEXT","tokenCount":126}]},\
                        "modelVersion":"gemini-2.0-flash","responseId":"kWjOZ9ykNvGvz7IPiqWW4Ag"}""".formatted(ANSWER);
                default -> throw new IllegalArgumentException("unknown provider " + provider);
            };
        }
    }
}
