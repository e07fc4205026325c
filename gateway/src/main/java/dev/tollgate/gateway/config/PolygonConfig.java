package dev.tollgate.gateway.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

/**
 * The Polygon (EVM) rail ({@code tollgate.polygon.*}): Polygon PoS (137), Amoy (80002) or a local anvil.
 *
 * @param splitterAddress the deployed FeeSplitter contract every payment goes through
 * @param usdcAddress     USDC on this chain (6 decimals, EIP-2612); empty disables USDC
 * @param confirmations   blocks deep a payment must be for {@code commitment=confirmed}
 * @param finalizedTag    {@code commitment=finalized} waits for the node's {@code finalized} block tag
 * @param paymentValiditySeconds how long a signed payment may still land (the splitter's deadline)
 */
@ConfigurationProperties("tollgate.polygon")
public record PolygonConfig(
        @Bindable(defaultValue = "false") boolean enabled,
        @Bindable(defaultValue = "137") @Min(1) long chainId,
        @Bindable(defaultValue = "https://polygon-rpc.com") @Pattern(regexp = Rules.URL, message = Rules.URL_TEXT) String rpcUrl,
        @Nullable @Pattern(regexp = Rules.EVM_ADDRESS, message = Rules.EVM_ADDRESS_TEXT) String splitterAddress,
        @Nullable @Pattern(regexp = Rules.EVM_ADDRESS, message = Rules.EVM_ADDRESS_TEXT) String usdcAddress,
        @Nullable @Pattern(regexp = Rules.EVM_ADDRESS, message = Rules.EVM_ADDRESS_TEXT) String agentTreasury,
        @Nullable @Pattern(regexp = Rules.EVM_ADDRESS, message = Rules.EVM_ADDRESS_TEXT) String feeTreasury,
        @Bindable(defaultValue = "5") @Min(1) @Max(256) int confirmations,
        @Bindable(defaultValue = "true") boolean finalizedTag,
        @Bindable(defaultValue = "10000") @Min(100) int rpcTimeoutMillis,
        @Bindable(defaultValue = "120") @Min(10) @Max(3600) int paymentValiditySeconds) {
}
