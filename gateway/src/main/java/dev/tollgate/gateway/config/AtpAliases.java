package dev.tollgate.gateway.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * ATP's environment names that application.yml cannot map itself: Micronaut does not resolve a placeholder nested
 * in another's default ({@code ${A:${B:}}} yields "}"), so "Tollgate's name, else ATP's" is applied here.
 */
public final class AtpAliases {
    private static final String FEE_TREASURY = "tollgate.solana.fee-treasury";
    private static final List<String> FEE_TREASURY_OWN_NAMES =
            List.of("TOLLGATE_FEE_TREASURY_SOLANA", "TOLLGATE_SOLANA_FEE_TREASURY");
    private static final String FEE_TREASURY_ATP_NAME = "SWARMS_TREASURY_PUBKEY";

    private AtpAliases() {
    }

    /** Properties to add at start: an ATP variable counts only when Tollgate's own name is not set. */
    public static Map<String, Object> properties(UnaryOperator<String> getenv) {
        Map<String, Object> props = new LinkedHashMap<>();
        boolean ownSet = FEE_TREASURY_OWN_NAMES.stream().map(getenv).anyMatch(v -> v != null && !v.isBlank());
        String atp = getenv.apply(FEE_TREASURY_ATP_NAME);
        if (!ownSet && atp != null && !atp.isBlank()) {
            props.put(FEE_TREASURY, atp);
        }
        return props;
    }

    /** The ATP variables that may have set this property, for error messages. */
    static List<String> variables(String property) {
        return FEE_TREASURY.equals(property) ? List.of(FEE_TREASURY_ATP_NAME) : List.of();
    }
}
