package dev.tollgate.gateway.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The core will not do what was asked: a {@link Code}, a sentence for people (protocol-neutral; a front-end may
 * replace it with its own protocol's wording) and facts (network, tx id, field, reason...), never URLs, keys or
 * upstream text. Thrown inside the core, returned to front-ends as {@link SettleOutcome.Refused} /
 * {@link TradeOutcome.Refused}; parsers of any front-end may throw it too.
 */
public class Refusal extends RuntimeException {
    private final Code code;
    private final Map<String, Object> facts;

    public Refusal(Code code, String message) {
        this(code, message, Map.of());
    }

    public Refusal(Code code, String message, Map<String, Object> facts) {
        super(message, null, false, false);
        this.code = code;
        this.facts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    }

    public Code code() {
        return code;
    }

    public Map<String, Object> facts() {
        return facts;
    }

    /** A field of the request is missing or wrong: {@link Code#INVALID_REQUEST} naming it. */
    public static Refusal invalid(String field, String message) {
        return new Refusal(Code.INVALID_REQUEST, message, Map.of("field", field));
    }
}
