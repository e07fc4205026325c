package dev.tollgate.gateway.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

/**
 * One network this gateway settles on ({@code tollgate.networks.<name>.*}); its family (the CAIP-2 namespace of
 * {@code id}) picks the factory that builds its rail. Its assets are entries under
 * {@code tollgate.networks.<name>.assets.<asset>} ({@link AssetConfig}). Adding a network is adding an entry.
 *
 * @param name            the entry's key
 * @param enabled         whether the rail is built at all
 * @param id              CAIP-2 id: {@code solana:<genesis hash prefix>} or {@code eip155:<chain id>}
 * @param alias           what a trade's {@code network} field accepts besides the id; the entry's key when empty
 * @param rpcUrl          the primary RPC endpoint
 * @param rpcFallbackUrls further endpoints, comma-separated, in order (for the resilient transport)
 * @param agentTreasury   where the agent's net amount goes
 * @param feeTreasury     where the protocol fee goes; no third party's address is built in
 * @param splitterAddress EVM: the deployed FeeSplitter every payment goes through (required there)
 * @param confirmations   EVM: blocks deep a payment must be for {@code commitment=confirmed}
 * @param finalizedTag    EVM: {@code commitment=finalized} waits for the node's {@code finalized} block tag
 * @param paymentValiditySeconds EVM: how long a signed payment may still land (the splitter's deadline)
 */
@EachProperty("tollgate.networks")
public record NetworkConfig(
        @Parameter String name,
        @Bindable(defaultValue = "true") boolean enabled,
        @Nullable @Pattern(regexp = "(" + Rules.CAIP2 + ")?", message = Rules.CAIP2_TEXT) String id,
        @Nullable @Pattern(regexp = Rules.ALIAS, message = Rules.ALIAS_TEXT) String alias,
        @Nullable @Pattern(regexp = "(" + Rules.URL + ")?", message = Rules.URL_TEXT) String rpcUrl,
        @Nullable @Pattern(regexp = Rules.URL_LIST, message = Rules.URL_LIST_TEXT) String rpcFallbackUrls,
        @Nullable @NetworkAddress @Pattern(regexp = Rules.ANY_ADDRESS, message = Rules.ANY_ADDRESS_TEXT) String agentTreasury,
        @Nullable @NetworkAddress @Pattern(regexp = Rules.ANY_ADDRESS, message = Rules.ANY_ADDRESS_TEXT) String feeTreasury,
        @Nullable @Pattern(regexp = Rules.EVM_ADDRESS, message = Rules.EVM_ADDRESS_TEXT) String splitterAddress,
        @Bindable(defaultValue = "5") @Min(1) @Max(256) int confirmations,
        @Bindable(defaultValue = "true") boolean finalizedTag,
        @Bindable(defaultValue = "10000") @Min(100) int rpcTimeoutMillis,
        @Bindable(defaultValue = "120") @Min(10) @Max(3600) int paymentValiditySeconds) {

    /** The property prefix of this entry, for messages. */
    public String prefix() {
        return "tollgate.networks." + name;
    }

    /** The name clients use: the alias, else the entry's key. */
    public String clientAlias() {
        return alias == null || alias.isBlank() ? name : alias.strip();
    }
}
