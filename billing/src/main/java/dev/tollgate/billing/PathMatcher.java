package dev.tollgate.billing;

import java.util.ArrayList;
import java.util.List;

/**
 * Matches request paths against endpoint patterns on a normalised form, so that no spelling of a billed path
 * reaches the handler unbilled:
 * <ul>
 *   <li>percent-encodings are decoded as UTF-8, as a router decodes them ({@code %41} → {@code A}, {@code %2E} →
 *       {@code .}, {@code %2B} → {@code +}), except {@code %2F}, {@code %5C} and {@code %25}, which stay encoded
 *       (hex in upper case): {@code %2F} is a character inside its segment and never matches a {@code /};</li>
 *   <li>a {@code ;parameters} tail of a segment is dropped (servlet containers route {@code /a;x=1} to
 *       {@code /a});</li>
 *   <li>empty segments ({@code //}) and {@code .} are dropped, {@code ..} removes the segment before it (never
 *       above the root); a trailing slash is ignored;</li>
 *   <li>a malformed encoding ({@code %} not followed by two hex digits, or bytes that are not UTF-8), a raw
 *       space or control character, or a path not starting with {@code /} does not normalise at all: the caller
 *       refuses the request.</li>
 * </ul>
 * Patterns: a literal segment matches itself (case-sensitive), {@code *} any one segment, {@code **} any number of
 * segments including none.
 */
public final class PathMatcher {

    private static final String HEX = "0123456789ABCDEF";

    private final List<String> pattern;

    private PathMatcher(List<String> pattern) {
        this.pattern = pattern;
    }

    /** @throws BillingConfigException when the pattern is not a normalisable path */
    public static PathMatcher compile(String pattern) {
        NormalizedPath path = normalize(pattern);
        if (path == null) {
            throw new BillingConfigException("path is not a valid path pattern: " + pattern);
        }
        for (String segment : path.segments()) {
            if (segment.contains("*") && !segment.equals("*") && !segment.equals("**")) {
                throw new BillingConfigException("path: * and ** must be whole segments: " + pattern);
            }
        }
        return new PathMatcher(path.segments());
    }

    public boolean matches(NormalizedPath path) {
        return matches(0, path.segments(), 0);
    }

    private boolean matches(int p, List<String> segments, int s) {
        if (p == pattern.size()) {
            return s == segments.size();
        }
        String want = pattern.get(p);
        if (want.equals("**")) {
            for (int skip = s; skip <= segments.size(); skip++) {
                if (matches(p + 1, segments, skip)) {
                    return true;
                }
            }
            return false;
        }
        if (s == segments.size()) {
            return false;
        }
        return (want.equals("*") || want.equals(segments.get(s))) && matches(p + 1, segments, s + 1);
    }

    /** The normalised form of a raw (still percent-encoded) request path, or null when it is malformed. */
    public static NormalizedPath normalize(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/' || rawPath.length() > 8192) {
            return null;
        }
        List<String> segments = new ArrayList<>();
        boolean encodedSlash = false;
        for (String raw : rawPath.substring(1).split("/", -1)) {
            int parameters = raw.indexOf(';');
            String segment = decodeSegment(parameters >= 0 ? raw.substring(0, parameters) : raw);
            if (segment == null) {
                return null;
            }
            encodedSlash |= segment.contains("%2F") || segment.contains("%5C");
            switch (segment) {
                case "", "." -> { }
                case ".." -> {
                    if (!segments.isEmpty()) {
                        segments.removeLast();
                    }
                }
                default -> segments.add(segment);
            }
        }
        return new NormalizedPath(List.copyOf(segments), encodedSlash);
    }

    /**
     * Percent-decodes a segment as a router would (UTF-8), except {@code %25}, {@code %2F} and {@code %5C}, which
     * stay encoded (hex upper-cased) so that a decoded segment never holds a {@code %} that is not one of these
     * three escapes and never a separator. Null when malformed.
     */
    private static String decodeSegment(String segment) {
        StringBuilder out = new StringBuilder(segment.length());
        java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c < 0x21 || c == 0x7f) {
                return null;
            }
            if (c != '%') {
                if (!flush(pending, out)) {
                    return null;
                }
                out.append(c);
                continue;
            }
            if (i + 2 >= segment.length()) {
                return null;
            }
            int hi = HEX.indexOf(Character.toUpperCase(segment.charAt(i + 1)));
            int lo = HEX.indexOf(Character.toUpperCase(segment.charAt(i + 2)));
            if (hi < 0 || lo < 0) {
                return null;
            }
            int decoded = hi * 16 + lo;
            if (decoded == '%' || decoded == '/' || decoded == '\\') {
                if (!flush(pending, out)) {
                    return null;
                }
                out.append('%').append(HEX.charAt(hi)).append(HEX.charAt(lo));
            } else {
                pending.write(decoded);
            }
            i += 2;
        }
        return flush(pending, out) ? out.toString() : null;
    }

    /** Appends the pending bytes as strict UTF-8; false when they are not UTF-8. */
    private static boolean flush(java.io.ByteArrayOutputStream pending, StringBuilder out) {
        if (pending.size() == 0) {
            return true;
        }
        try {
            out.append(java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(pending.toByteArray())));
            pending.reset();
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    /**
     * A normalised path.
     *
     * @param segments     its segments, none empty, {@code .} or {@code ..}
     * @param encodedSlash whether a segment holds {@code %2F} or {@code %5C}: a router that decodes them would see
     *                     other segments than we do
     */
    public record NormalizedPath(List<String> segments, boolean encodedSlash) {

        /** The same path with {@code %2F}/{@code %5C} read as separators, as a lenient router would. */
        public NormalizedPath slashesDecoded() {
            if (!encodedSlash) {
                return this;
            }
            NormalizedPath decoded = normalize("/" + String.join("/", segments).replace("%2F", "/")
                    .replace("%5C", "/"));
            return decoded == null ? this : decoded;
        }

        @Override
        public String toString() {
            return "/" + String.join("/", segments);
        }
    }
}
