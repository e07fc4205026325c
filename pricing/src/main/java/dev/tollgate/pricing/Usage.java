package dev.tollgate.pricing;

import java.math.BigDecimal;

/**
 * Token usage reported by an upstream, each part optional (null = not reported; 0 is a real zero).
 * Parts are never negative.
 */
public record Usage(Long inputTokens, Long outputTokens, Long totalTokens, BigDecimal totalCostUsd) {

    public static final Usage EMPTY = new Usage(null, null, null, null);

    public Usage {
        requireNotNegative("inputTokens", inputTokens);
        requireNotNegative("outputTokens", outputTokens);
        requireNotNegative("totalTokens", totalTokens);
        if (totalCostUsd != null && totalCostUsd.signum() < 0) {
            throw new IllegalArgumentException("totalCostUsd must not be negative: " + totalCostUsd.toPlainString());
        }
    }

    /** Input and output counts with the total derived as their sum (a missing half counts as 0). */
    public static Usage ofTokens(Long inputTokens, Long outputTokens) {
        return new Usage(inputTokens, outputTokens, sum(inputTokens, outputTokens), null);
    }

    public boolean isEmpty() {
        return inputTokens == null && outputTokens == null && totalTokens == null && totalCostUsd == null;
    }

    public Usage withTotalCostUsd(BigDecimal cost) {
        return new Usage(inputTokens, outputTokens, totalTokens, cost);
    }

    /** input + output with a missing half as 0; null when both are missing or the sum overflows a long. */
    static Long sum(Long input, Long output) {
        if (input == null && output == null) {
            return null;
        }
        try {
            return Math.addExact(input == null ? 0L : input, output == null ? 0L : output);
        } catch (ArithmeticException overflow) {
            return null;
        }
    }

    private static void requireNotNegative(String name, Long value) {
        if (value != null && value < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }
}
