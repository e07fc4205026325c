package dev.tollgate.gateway.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

/**
 * The Solana rail ({@code tollgate.solana.*}).
 *
 * @param network       CAIP-2 id; mainnet by default
 * @param agentTreasury where the agent's net amount goes ({@code AGENT_TREASURY_PUBKEY})
 * @param feeTreasury   where the protocol fee goes; no third party's address is built in
 * @param usdcMint      {@code USDC_MINT_ADDRESS}; empty disables USDC
 */
@ConfigurationProperties("tollgate.solana")
public record SolanaConfig(
        @Bindable(defaultValue = "true") boolean enabled,
        @Bindable(defaultValue = "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp") @Pattern(regexp = "solana:[-_a-zA-Z0-9]{1,32}",
                message = "a CAIP-2 Solana id, solana:<genesis hash prefix>") String network,
        @Bindable(defaultValue = "https://api.mainnet-beta.solana.com") @Pattern(regexp = Rules.URL, message = Rules.URL_TEXT) String rpcUrl,
        @Nullable @Pattern(regexp = Rules.SOLANA_ADDRESS, message = Rules.SOLANA_ADDRESS_TEXT) String usdcMint,
        @Nullable @Pattern(regexp = Rules.SOLANA_ADDRESS, message = Rules.SOLANA_ADDRESS_TEXT) String agentTreasury,
        @Nullable @Pattern(regexp = Rules.SOLANA_ADDRESS, message = Rules.SOLANA_ADDRESS_TEXT) String feeTreasury,
        @Bindable(defaultValue = "10000") @Min(100) int rpcTimeoutMillis) {
}
