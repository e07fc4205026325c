package dev.tollgate.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Failed operations of one scenario counted by what went wrong: HTTP status and our error code, or the exception. */
final class Refusals {
    private static final Pattern REASON = Pattern.compile("\\(([a-z_]+)\\)");
    private final Map<String, AtomicLong> counts = new ConcurrentSkipListMap<>();

    /** "status code", plus the reason a refused broadcast names in its message, e.g. "(nonce_too_low)". */
    static String code(Http.Reply reply) {
        Matcher reason = REASON.matcher(reply.body().path("error").path("message").asText(""));
        return reply.status() + " " + reply.body().path("error").path("code").asText("?")
                + (reason.find() ? " " + reason.group(1) : "");
    }

    void count(String what) {
        counts.computeIfAbsent(what, c -> new AtomicLong()).incrementAndGet();
    }

    void count(String step, Exception e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        // keep the key short and free of run-specific values (ids, hashes) so equal causes add up
        String brief = message.length() > 80 ? message.substring(0, 80) + "…" : message;
        count(step + " " + e.getClass().getSimpleName() + brief.replaceAll("[0-9a-fA-Fx]{16,}", "…"));
    }

    boolean isEmpty() {
        return counts.isEmpty();
    }

    @Override
    public String toString() {
        return counts.toString();
    }
}
