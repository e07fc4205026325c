package dev.tollgate.gateway.rails;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.memory.InMemoryRail;
import dev.tollgate.gateway.config.AssetConfig;
import dev.tollgate.gateway.config.NetworkConfig;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Test only, and only in the {@value #ENVIRONMENT} environment: builds every {@code solana} network entry as an
 * {@link InMemoryRail} (Solana-shaped keys, addresses and tx ids over an in-memory ledger, block times from the
 * gateway's clock), so a gateway runs its whole HTTP surface, lockbox and upstream with no chain. The rail is
 * never reachable in production: the builder lives in the gateway's test sources.
 */
@Singleton
@Requires(env = InMemoryRailBuilder.ENVIRONMENT)
@Replaces(SolanaRailBuilder.class)
public final class InMemoryRailBuilder implements RailBuilder {
    public static final String ENVIRONMENT = "memrail";
    private final Clock clock;

    InMemoryRailBuilder(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String family() {
        return "solana";
    }

    @Override
    public RailBinding build(NetworkConfig network, List<AssetConfig> assets) {
        List<ChainAsset> chainAssets = new ArrayList<>();
        for (AssetConfig a : assets) {
            chainAssets.add(a.nativeCoin() ? ChainAsset.nativeCoin(a.symbol(), a.decimals())
                    : new ChainAsset(a.symbol(), a.decimals(), a.address(), a.tokenProgram()));
        }
        return RailFactory.bind(new InMemoryRail(NetworkId.of(network.id()), chainAssets, clock), network, assets);
    }
}
