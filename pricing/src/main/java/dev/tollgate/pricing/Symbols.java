package dev.tollgate.pricing;

import java.util.Locale;
import java.util.regex.Pattern;

/** Token symbols as this module keys them: upper case ASCII letters and digits. */
final class Symbols {

    /** Checked before upper-casing: {@code toUpperCase} maps some non-ASCII letters to ASCII ("ſ" → "S"). */
    private static final Pattern SYMBOL = Pattern.compile("[A-Za-z0-9]{1,16}");

    private Symbols() {
    }

    /**
     * Upper-cases and checks a symbol. A malformed one is a caller bug (symbols come from configuration or an
     * enum), and checking here also keeps anything odd out of the URLs the price sources build.
     */
    static String normalize(String symbol) {
        if (symbol == null || !SYMBOL.matcher(symbol).matches()) {
            throw new IllegalArgumentException("token symbol must be 1-16 ASCII letters or digits, got '" + symbol + "'");
        }
        return symbol.toUpperCase(Locale.ROOT);
    }
}
