package dev.tollgate.gateway.config;

import io.micronaut.context.env.Environment;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.math.BigInteger;

/**
 * What the gateway may spend of its own for payers on one network ({@code tollgate.networks.<network>.sponsor.*}):
 * Solana fees it pays as fee payer of client-signed transactions, EVM gas it pays relaying gasless authorisations.
 * Off unless {@code key} is set. Bound here, like {@link AssetConfig}; {@link SettingsCheck} checks the values.
 *
 * @param key             the sponsor's secret: Solana fee-payer keypair (base58 of 64 bytes, or a JSON byte array),
 *                        EVM relayer private key (0x and 64 hex digits). A secret: never shown, logged or echoed
 * @param perPayerUnits   most native atomic units (lamports, wei) spent for one payer within the window
 * @param totalUnits      most native atomic units spent for all payers together within the window
 * @param windowSeconds   the rolling window both caps count over
 */
public record SponsorConfig(
        @Nullable @Pattern(regexp = KEY, message = KEY_TEXT) String key,
        @Bindable(defaultValue = "0") @Pattern(regexp = UNITS, message = UNITS_TEXT) String perPayerUnits,
        @Bindable(defaultValue = "0") @Pattern(regexp = UNITS, message = UNITS_TEXT) String totalUnits,
        @Bindable(defaultValue = "86400") @Min(60) @Max(2_592_000) int windowSeconds) {

    static final String KEY = "(0x[0-9a-fA-F]{64}|[1-9A-HJ-NP-Za-km-z]{80,90}|\\[[0-9,\\s]{63,400}\\])?";
    static final String KEY_TEXT = "a Solana keypair (base58 of 64 bytes, or a JSON byte array) or an EVM private key"
            + " (0x and 64 hex digits), or empty";
    static final String UNITS = "[0-9]{1,78}";
    static final String UNITS_TEXT = "a whole number of the network's native atomic units (lamports, wei)";

    /** Binds one network's sponsor entry; values were checked by {@link SettingsCheck} before any rail is built. */
    public static SponsorConfig bind(Environment env, String networkPrefix) {
        String prefix = networkPrefix + ".sponsor";
        String key = env.getProperty(prefix + ".key", String.class).map(String::strip).filter(s -> !s.isEmpty())
                .orElse(null);
        return new SponsorConfig(key, env.getProperty(prefix + ".per-payer-units", String.class).orElse("0").strip(),
                env.getProperty(prefix + ".total-units", String.class).orElse("0").strip(),
                env.getProperty(prefix + ".window-seconds", Integer.class).orElse(86_400));
    }

    public boolean enabled() {
        return key != null;
    }

    public BigInteger perPayer() {
        return new BigInteger(perPayerUnits);
    }

    public BigInteger total() {
        return new BigInteger(totalUnits);
    }

    @Override
    public String toString() {
        return "SponsorConfig[key=" + (key == null ? "none" : "[secret]") + ", perPayerUnits=" + perPayerUnits
                + ", totalUnits=" + totalUnits + ", windowSeconds=" + windowSeconds + "]";
    }
}
