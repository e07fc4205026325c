package dev.tollgate.gateway.config;

import io.micronaut.context.env.Environment;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.Pattern;

/**
 * How one network charges allowances payers grant up front ({@code tollgate.networks.<n>.allowance.*}), the
 * {@code allowance} way to pay billed requests. Solana needs nothing here: payers delegate (SPL {@code Approve}) to
 * the network's sponsor key, which signs the charges, so charges are on whenever the sponsor key is set. EVM needs
 * the deployed {@code AllowanceSplitter} whose billers include the sponsor (relayer) key. Bound here, like
 * {@link SponsorConfig}; {@link SettingsCheck} checks the values.
 *
 * @param contract EVM: the deployed AllowanceSplitter payers {@code approve} (empty = no allowance charges)
 */
public record AllowanceNetworkConfig(
        @Nullable @Pattern(regexp = Rules.EVM_ADDRESS, message = Rules.EVM_ADDRESS_TEXT) String contract) {

    /** Binds one network's allowance entry; values were checked by {@link SettingsCheck} before any rail is built. */
    public static AllowanceNetworkConfig bind(Environment env, String networkPrefix) {
        return new AllowanceNetworkConfig(env.getProperty(networkPrefix + ".allowance.contract", String.class)
                .map(String::strip).filter(s -> !s.isEmpty()).orElse(null));
    }
}
