package dev.tollgate.gateway.x402;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.chain.x402.ExactRequirement;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * x402 v2 {@code PaymentRequirements} on the wire: rendering ours, reading one a resource server made, and x402's
 * match of a client's {@code accepted} (x402.md §1.7: every field but {@code extra} deep-equal, and the client's
 * {@code extra} a superset of ours). We always verify against our own copy, never the client's echo.
 */
final class WireRequirements {
    private static final Pattern AMOUNT = Pattern.compile("[1-9][0-9]{0,77}");
    private static final Pattern NETWORK = Pattern.compile("[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,64}");
    private static final int MAX_TEXT = 128;

    private WireRequirements() {
    }

    /** Keys in x402's order. */
    static Map<String, Object> render(ExactRequirement r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scheme", ExactRequirement.SCHEME);
        m.put("network", r.network());
        m.put("amount", r.amount().toString());
        m.put("asset", r.asset());
        m.put("payTo", r.payTo());
        m.put("maxTimeoutSeconds", r.maxTimeoutSeconds());
        m.put("extra", r.extra());
        return m;
    }

    /** A requirement as sent to us (facilitator API, or one stored by us); empty when malformed or not exact. */
    @SuppressWarnings("unchecked")
    static Optional<ExactRequirement> read(Object value) {
        if (!(value instanceof Map<?, ?> m)) {
            return Optional.empty();
        }
        if (!ExactRequirement.SCHEME.equals(m.get("scheme")) || !(m.get("network") instanceof String network)
                || !NETWORK.matcher(network).matches() || !(m.get("amount") instanceof String amount)
                || !AMOUNT.matcher(amount).matches() || !(m.get("asset") instanceof String asset)
                || asset.isEmpty() || asset.length() > MAX_TEXT || !(m.get("payTo") instanceof String payTo)
                || payTo.isEmpty() || payTo.length() > MAX_TEXT
                || smallInt(m.get("maxTimeoutSeconds")) < 1) {
            return Optional.empty();
        }
        Object extra = m.get("extra");
        if (extra != null && !(extra instanceof Map<?, ?>)) {
            return Optional.empty();
        }
        return Optional.of(new ExactRequirement(network, asset, payTo, new BigInteger(amount),
                smallInt(m.get("maxTimeoutSeconds")),
                extra == null ? Map.of() : (Map<String, Object>) extra));
    }

    /** A positive JSON integer that fits an int (however the parser typed it), else -1. */
    static int smallInt(Object value) {
        if (value instanceof Integer i) {
            return i;
        }
        if (value instanceof Long || value instanceof BigInteger) {
            BigInteger b = new BigInteger(value.toString());
            return b.bitLength() < 31 ? b.intValue() : -1;
        }
        return -1;
    }

    /** x402's match of the client's {@code accepted} against our requirement. */
    static boolean matches(ExactRequirement ours, Object accepted, ObjectMapper ignored) {
        if (!(accepted instanceof Map<?, ?>)) {
            return false;
        }
        // through JSON text with one plain parser, so 300 equals 300 however each side's parser typed it
        ObjectNode theirs = PaymentHeader.tree(accepted);
        ObjectNode mine = PaymentHeader.tree(render(ours));
        JsonNode theirExtra = theirs.remove("extra");
        JsonNode myExtra = mine.remove("extra");
        if (!mine.equals(theirs)) {
            return false;
        }
        if (myExtra == null || myExtra.isEmpty()) {
            return true;
        }
        if (theirExtra == null || !theirExtra.isObject()) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = myExtra.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().equals(theirExtra.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
