package dev.tollgate.gateway.config;

import io.micronaut.context.env.Environment;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Pattern;

/**
 * How one network takes x402 {@code exact} payments from stock x402 clients ({@code tollgate.networks.<n>.x402.*}).
 * The gateway's own key on the network is its sponsor key ({@link SponsorConfig#key()}): the Solana fee payer that
 * co-signs x402 transactions, the EVM relayer that submits authorisations. x402 is offered on a network when it is
 * enabled and what it needs is configured: Solana needs the sponsor key; EVM the sponsor key and
 * {@code factory-address}. Bound here, like {@link SponsorConfig}; {@link SettingsCheck} checks the values.
 *
 * @param enabled        offer x402 on this network when it can be
 * @param network        the CAIP-2 id advertised to x402 clients, when not the network's own (stock Solana clients
 *                       accept only mainnet, devnet and testnet ids); empty = the network's id
 * @param settlementKey  Solana: the wallet that receives a job's total when a fee must be swept on (a secret; empty =
 *                       the sponsor key)
 * @param factoryAddress EVM: the deployed {@code SplitVaultFactory}
 * @param uptoContract   EVM: the deployed {@code UptoSplitter} (for this network's sponsor key as its relayer): x402's
 *                       {@code upto} scheme (usage-priced billing) is offered when it and {@code factory-address} are set
 */
public record X402NetworkConfig(
        @Bindable(defaultValue = "true") boolean enabled,
        @Nullable @Pattern(regexp = "(" + Rules.CAIP2 + ")?", message = Rules.CAIP2_TEXT) String network,
        @Nullable @Pattern(regexp = SponsorConfig.KEY, message = SponsorConfig.KEY_TEXT) String settlementKey,
        @Nullable @Pattern(regexp = "(" + Rules.EVM_ADDRESS + ")?", message = Rules.EVM_ADDRESS_TEXT) String factoryAddress,
        @Nullable @Pattern(regexp = "(" + Rules.EVM_ADDRESS + ")?", message = Rules.EVM_ADDRESS_TEXT) String uptoContract) {

    /** Binds one network's x402 entry; values were checked by {@link SettingsCheck} before any rail is built. */
    public static X402NetworkConfig bind(Environment env, String networkPrefix) {
        String prefix = networkPrefix + ".x402";
        return new X402NetworkConfig(env.getProperty(prefix + ".enabled", Boolean.class).orElse(true),
                text(env, prefix + ".network"), text(env, prefix + ".settlement-key"),
                text(env, prefix + ".factory-address"), text(env, prefix + ".upto-contract"));
    }

    private static String text(Environment env, String key) {
        return env.getProperty(key, String.class).map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
    }

    @Override
    public String toString() {
        return "X402NetworkConfig[enabled=" + enabled + ", network=" + network + ", settlementKey="
                + (settlementKey == null ? "none" : "[secret]") + ", factoryAddress=" + factoryAddress
                + ", uptoContract=" + uptoContract + "]";
    }
}
