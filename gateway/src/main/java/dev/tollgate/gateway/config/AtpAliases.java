package dev.tollgate.gateway.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Environment names that application.yml cannot map itself. ATP's: Micronaut does not resolve a placeholder nested
 * in another's default ({@code ${A:${B:}}} yields "}"), so "Tollgate's name, else ATP's" is applied here. And the
 * names Micronaut mapped to the settings before they moved under {@code tollgate.networks.*}
 * ({@code TOLLGATE_SOLANA_RPC_URL} was {@code tollgate.solana.rpc-url}), which keep working and win, as they did.
 */
public final class AtpAliases {
    private static final String SOLANA = "tollgate.networks.solana.";
    private static final String FEE_TREASURY = SOLANA + "fee-treasury";
    private static final List<String> FEE_TREASURY_OWN_NAMES =
            List.of("TOLLGATE_FEE_TREASURY_SOLANA", "TOLLGATE_SOLANA_FEE_TREASURY");
    private static final String FEE_TREASURY_ATP_NAME = "SWARMS_TREASURY_PUBKEY";
    /** Earlier names of settings that are not placeholders in application.yml. */
    private static final Map<String, String> EARLIER_NAMES = Map.of(
            "TOLLGATE_SOLANA_RPC_URL", SOLANA + "rpc-url",
            "TOLLGATE_SOLANA_USDC_MINT", SOLANA + "assets.usdc.address",
            "TOLLGATE_SOLANA_AGENT_TREASURY", SOLANA + "agent-treasury",
            "TOLLGATE_SOLANA_FEE_TREASURY", FEE_TREASURY);

    private AtpAliases() {
    }

    /** Properties to add at start: an ATP variable counts only when Tollgate's own name is not set. */
    public static Map<String, Object> properties(UnaryOperator<String> getenv) {
        Map<String, Object> props = new LinkedHashMap<>();
        boolean ownSet = FEE_TREASURY_OWN_NAMES.stream().map(getenv).anyMatch(AtpAliases::isSet);
        String atp = getenv.apply(FEE_TREASURY_ATP_NAME);
        if (!ownSet && isSet(atp)) {
            props.put(FEE_TREASURY, atp);
        }
        EARLIER_NAMES.forEach((variable, property) -> {
            String value = getenv.apply(variable);
            if (isSet(value)) {
                props.put(property, value);
            }
        });
        return props;
    }

    /** The variables here that may have set this property, for error messages. */
    static List<String> variables(String property) {
        List<String> names = new ArrayList<>();
        EARLIER_NAMES.forEach((variable, p) -> {
            if (p.equals(property)) {
                names.add(variable);
            }
        });
        if (FEE_TREASURY.equals(property)) {
            names.add(FEE_TREASURY_ATP_NAME);
        }
        return names;
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
