package dev.tollgate.gateway.config;

import io.micronaut.core.annotation.Nullable;

/**
 * One setting that stops the gateway from starting: what the operator set, what it holds, what is allowed.
 *
 * @param property the Micronaut property, e.g. {@code tollgate.job-ttl-seconds}
 * @param variable the environment variable the operator set for it (e.g. {@code JOB_TTL_SECONDS}), or null when the
 *                 value came from elsewhere (a default, a system property, dev mode)
 * @param value    the value as shown to the operator; null for a secret, which is never echoed
 * @param allowed  what the setting accepts, e.g. {@code 10..86400}
 */
public record SettingProblem(String property, @Nullable String variable, @Nullable String value, String allowed) {
    private static final int MAX_SHOWN = 80;

    /** The single line printed when start-up is refused. */
    public String line() {
        String name = variable == null ? property : variable + " (" + property + ")";
        return "tollgate: invalid setting " + name + " = " + shown() + "; allowed: " + allowed;
    }

    private String shown() {
        if (value == null) {
            return "(secret, not shown)";
        }
        StringBuilder out = new StringBuilder("\"");
        value.codePoints().limit(MAX_SHOWN).forEach(cp -> out.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
        if (value.codePointCount(0, value.length()) > MAX_SHOWN) {
            out.append("...");
        }
        return out.append('"').toString();
    }
}
