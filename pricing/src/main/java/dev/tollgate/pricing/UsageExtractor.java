package dev.tollgate.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds token usage in an upstream response body, following ATP's facilitator ({@code parse_usage_tokens},
 * spec/atp.md §6.3), first match wins:
 * <ol>
 *   <li>OpenAI {@code prompt_tokens}/{@code completion_tokens}, total = {@code total_tokens} or the sum;</li>
 *   <li>Anthropic/generic {@code input_tokens}/{@code output_tokens}, same total rule;</li>
 *   <li>Gemini {@code promptTokenCount}/{@code candidatesTokenCount}, total = {@code totalTokenCount} or the sum;</li>
 *   <li>Cohere {@code tokens} as the total;</li>
 *   <li>recurse into {@code usage}, then Gemini's real wrapper {@code usageMetadata} (ATP misses it), then
 *       {@code meta.usage};</li>
 *   <li>a {@code statistics} object ({@code input_tokens|prompt_tokens|tokens_in},
 *       {@code output_tokens|completion_tokens|tokens_out}, {@code total_tokens|tokens}).</li>
 * </ol>
 * {@code total_cost} (number or numeric string) is read from the object where usage was found, or from its
 * {@code usage} child, or from an enclosing object on the way down; a bare {@code {"usage":{"total_cost":…}}}
 * is usage too (ATP's G1 gateway prices it).
 *
 * <p>Differences from ATP, all on purpose: a rule matches only when it yields a usable count (ATP matches on a
 * present key even if its value is garbage); counts are coerced like ATP's {@code _safe_int} (integer; fraction
 * truncated; numeric string; booleans and anything else ignored) but a negative count is ignored rather than
 * kept; {@code 0} is a real zero (ATP treats {@code total_tokens: 0} as missing); {@code statistics} derives a
 * missing total from the sum like the other rules; nesting stops after {@value #MAX_DEPTH} levels.
 *
 * <p>Never throws on odd JSON: arrays, nulls, strings and missing bodies give {@link Usage#EMPTY}. Parse bodies
 * with {@link PricingJson#mapper()} so fractional numbers arrive as exact decimals.
 */
public final class UsageExtractor {

    /** Real usage objects sit at most two levels down ({@code meta.usage}); ATP recurses without bound. */
    static final int MAX_DEPTH = 4;

    /** Above any plausible bill for one job; a bigger {@code total_cost} is treated as garbage. */
    static final BigDecimal MAX_TOTAL_COST_USD = new BigDecimal("1000000000");

    /** Finer than any price anyone quotes; a {@code total_cost} with more places is treated as garbage. */
    static final int MAX_TOTAL_COST_SCALE = 36;

    private static final BigDecimal MAX_COUNT = BigDecimal.valueOf(Long.MAX_VALUE);

    /** The numeric text ATP's {@code _safe_int} accepts (sign, fraction, exponent), restricted to ASCII digits. */
    private static final Pattern NUMERIC_TEXT =
            Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    private UsageExtractor() {
    }

    public static Usage extract(JsonNode body) {
        return body == null ? Usage.EMPTY : find(body, 0);
    }

    private static Usage find(JsonNode node, int depth) {
        if (!node.isObject() || depth > MAX_DEPTH) {
            return Usage.EMPTY;
        }
        BigDecimal cost = cost(node.get("total_cost"));
        Usage here = countsHere(node);
        if (here != null) {
            return here.withTotalCostUsd(cost != null ? cost : cost(node.path("usage").get("total_cost")));
        }
        List<JsonNode> nested = List.of(node.path("usage"), node.path("usageMetadata"), node.path("meta").path("usage"));
        for (JsonNode child : nested) {
            Usage inner = find(child, depth + 1);
            if (!inner.isEmpty()) {
                return inner.totalCostUsd() == null ? inner.withTotalCostUsd(cost) : inner;
            }
        }
        Usage statistics = statistics(node.path("statistics"));
        if (statistics != null) {
            return statistics.withTotalCostUsd(cost);
        }
        return cost == null ? Usage.EMPTY : new Usage(null, null, null, cost);
    }

    /** Rules 1–4 on one object; null when none yields a count. */
    private static Usage countsHere(JsonNode node) {
        Long total = count(node.get("total_tokens"));
        Usage found = pair(count(node.get("prompt_tokens")), count(node.get("completion_tokens")), total);
        if (found == null) {
            found = pair(count(node.get("input_tokens")), count(node.get("output_tokens")), total);
        }
        if (found == null) {
            found = pair(count(node.get("promptTokenCount")), count(node.get("candidatesTokenCount")),
                    count(node.get("totalTokenCount")));
        }
        if (found == null) {
            Long tokens = count(node.get("tokens"));
            // Cohere's input/output would have matched rule 2 already, so only the total is left.
            found = tokens == null ? null : new Usage(null, null, tokens, null);
        }
        return found;
    }

    private static Usage pair(Long input, Long output, Long total) {
        if (input == null && output == null) {
            return null;
        }
        return new Usage(input, output, total != null ? total : Usage.sum(input, output), null);
    }

    private static Usage statistics(JsonNode stats) {
        if (!stats.isObject()) {
            return null;
        }
        Long input = firstCount(stats, "input_tokens", "prompt_tokens", "tokens_in");
        Long output = firstCount(stats, "output_tokens", "completion_tokens", "tokens_out");
        Long total = firstCount(stats, "total_tokens", "tokens");
        if (input == null && output == null && total == null) {
            return null;
        }
        return new Usage(input, output, total != null ? total : Usage.sum(input, output), null);
    }

    private static Long firstCount(JsonNode node, String... names) {
        for (String name : names) {
            Long value = count(node.get(name));
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** ATP's {@code _safe_int} without negatives: null for anything that is not a count. */
    private static Long count(JsonNode value) {
        BigDecimal number = number(value);
        if (number == null || number.signum() < 0 || number.compareTo(MAX_COUNT) > 0) {
            return null;
        }
        // Values below 1 (including ones with huge scales) truncate to 0 without any expensive rescaling.
        return number.compareTo(BigDecimal.ONE) < 0 ? 0L : number.longValue();
    }

    private static BigDecimal cost(JsonNode value) {
        BigDecimal number = number(value);
        if (number == null || number.signum() < 0 || number.compareTo(MAX_TOTAL_COST_USD) > 0) {
            return null;
        }
        BigDecimal stripped = number.stripTrailingZeros();
        if (stripped.scale() > MAX_TOTAL_COST_SCALE) {
            return null;
        }
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /** A JSON number or numeric string as an exact decimal; null for everything else (booleans included). */
    private static BigDecimal number(JsonNode value) {
        if (value == null) {
            return null;
        }
        try {
            if (value.isNumber()) {
                return value.decimalValue();
            }
            if (value.isTextual()) {
                String text = value.textValue().strip();
                if (text.length() <= Units.MAX_TEXT_LENGTH && NUMERIC_TEXT.matcher(text).matches()) {
                    return new BigDecimal(text);
                }
            }
        } catch (NumberFormatException notFinite) {
            // NaN or Infinity from a lenient parser.
        }
        return null;
    }
}
