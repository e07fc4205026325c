package dev.tollgate.gateway.config;

import io.micronaut.context.env.Environment;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One asset of a network ({@code tollgate.networks.<network>.assets.<asset>.*}). Bound here, not by Micronaut
 * (which binds one level of entries); {@link SettingsCheck} checks these values like every other record's.
 *
 * @param symbol       what a trade's {@code payment_token} names; the entry's key upper-cased when empty
 * @param decimals     atomic units per whole token, as a power of ten (required)
 * @param nativeCoin   the network's own coin (SOL, POL, ETH), which has no address
 * @param address      the SPL mint or ERC-20 contract; empty on a token disables it (ATP: empty USDC_MINT_ADDRESS)
 * @param tokenProgram Solana: the program owning the mint, SPL Token (default) or Token-2022
 * @param priceId      the oracle's name for the price; the symbol when empty
 * @param pegged       taken at exactly 1 USD, without asking any price source
 */
public record AssetConfig(
        @Nullable @Pattern(regexp = Rules.SYMBOL, message = Rules.SYMBOL_TEXT) String symbol,
        @Nullable @Min(0) @Max(36) Integer decimals,
        @Bindable(defaultValue = "false") boolean nativeCoin,
        @Nullable @NetworkAddress @Pattern(regexp = Rules.ANY_ADDRESS, message = Rules.ANY_ADDRESS_TEXT) String address,
        @Nullable @Pattern(regexp = Rules.TOKEN_PROGRAM, message = Rules.TOKEN_PROGRAM_TEXT) String tokenProgram,
        @Nullable @Pattern(regexp = "([-_.A-Za-z0-9]{1,64})?", message = "letters, digits, - _ . (up to 64)") String priceId,
        @Bindable(defaultValue = "false") boolean pegged) {

    /** The entry names under {@code networkPrefix.assets}, in a stable order. */
    public static List<String> entries(Environment env, String networkPrefix) {
        List<String> names = new ArrayList<>(env.getPropertyEntries(networkPrefix + ".assets"));
        names.sort(null);
        return names;
    }

    /** Binds one asset entry; values were checked by {@link SettingsCheck} before any rail is built. */
    public static AssetConfig bind(Environment env, String prefix) {
        String key = prefix.substring(prefix.lastIndexOf('.') + 1);
        String symbol = text(env, prefix + ".symbol");
        Integer decimals = env.getProperty(prefix + ".decimals", Integer.class).orElse(null);
        if (decimals == null) {
            throw new ConfigurationException(prefix + ".decimals is required");
        }
        return new AssetConfig(symbol == null ? key.toUpperCase(Locale.ROOT) : symbol, decimals,
                env.getProperty(prefix + ".native-coin", Boolean.class).orElse(false), text(env, prefix + ".address"),
                text(env, prefix + ".token-program"), text(env, prefix + ".price-id"),
                env.getProperty(prefix + ".pegged", Boolean.class).orElse(false));
    }

    /** The oracle's name for this asset's price. */
    public String priceKey() {
        return priceId == null ? symbol : priceId;
    }

    private static String text(Environment env, String property) {
        String value = env.getProperty(property, String.class).orElse(null);
        return value == null || value.isBlank() ? null : value.strip();
    }
}
