package dev.tollgate.gateway.atp;

import java.util.Locale;

/** ATP's field-name synthesis: {@code amount_<unit>} and {@code amount_<tok>} per payment token. */
public final class AtpUnits {
    private AtpUnits() {
    }

    /** {@code lamports} for SOL, {@code usdc_units} for USDC, {@code wei} for POL, else {@code <tok>_units}. */
    public static String unit(String symbol) {
        return switch (symbol) {
            case "SOL" -> "lamports";
            case "POL" -> "wei";
            default -> token(symbol) + "_units";
        };
    }

    public static String token(String symbol) {
        return symbol.toLowerCase(Locale.ROOT);
    }
}
