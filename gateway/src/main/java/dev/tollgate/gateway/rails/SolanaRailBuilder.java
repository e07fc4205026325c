package dev.tollgate.gateway.rails;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.solana.SolanaNetworkConfig;
import dev.tollgate.chain.solana.ComputeBudgetCaps;
import dev.tollgate.chain.solana.SolanaExactConfig;
import dev.tollgate.chain.solana.SolanaRail;
import dev.tollgate.chain.solana.SolanaSponsor;
import dev.tollgate.gateway.config.X402NetworkConfig;
import io.micronaut.context.env.Environment;
import java.util.Optional;
import dev.tollgate.gateway.config.AssetConfig;
import dev.tollgate.gateway.config.NetworkConfig;
import io.micronaut.context.exceptions.ConfigurationException;
import dev.tollgate.chain.transport.RpcTransportPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Solana networks: SOL (9 decimals, the native coin) plus SPL tokens, each under its own token program. */
@Singleton
final class SolanaRailBuilder implements RailBuilder {
    private final java.util.Optional<MeterRegistry> metrics;
    private final RailSponsors sponsors;
    private final Environment env;

    SolanaRailBuilder(java.util.Optional<MeterRegistry> metrics, RailSponsors sponsors, Environment env) {
        this.metrics = metrics;
        this.sponsors = sponsors;
        this.env = env;
    }


    @Override
    public String family() {
        return "solana";
    }

    @Override
    public RailBinding build(NetworkConfig network, List<AssetConfig> assets) {
        List<ChainAsset> tokens = new ArrayList<>();
        AssetConfig nativeCoin = null;
        for (AssetConfig a : assets) {
            if (a.nativeCoin()) {
                if (!"SOL".equals(a.symbol()) || a.decimals() != 9 || a.address() != null) {
                    throw new ConfigurationException(network.prefix() + ".assets: Solana's native coin is SOL, 9 decimals, no address");
                }
                nativeCoin = a;
            } else {
                tokens.add(new ChainAsset(a.symbol(), a.decimals(), a.address(), a.tokenProgram()));
            }
        }
        if (nativeCoin == null) {
            throw new ConfigurationException(network.prefix() + ".assets needs the native coin (SOL, native-coin: true)");
        }
        SolanaRail rail;
        try {
            Duration timeout = Duration.ofMillis(network.rpcTimeoutMillis());
            Optional<RailSponsors.Sponsorship> sponsorship = sponsors.of(network);
            // the sponsor key pays fees of client-signed payments (within its budget) and co-signs x402 payments
            SolanaSponsor sponsor = sponsorship.map(s -> SolanaSponsor.parse(s.key(), s.budget())).orElse(null);
            X402NetworkConfig x402 = X402NetworkConfig.bind(env, network.prefix());
            SolanaExactConfig exact = x402.enabled() && sponsorship.isPresent()
                    ? SolanaExactConfig.fromKeys(x402.network() == null ? null : NetworkId.of(x402.network()),
                            sponsorship.get().key(), x402.settlementKey())
                    : null;
            rail = new SolanaRail(SolanaNetworkConfig.withTokens(NetworkId.of(network.id()),
                    RailFactory.primaryUrl(network), RailFactory.fallbackUrls(network), tokens, timeout),
                    RpcTransportPolicy.forTimeout(timeout), metrics.orElse(null), ComputeBudgetCaps.DEFAULT, sponsor,
                    exact);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(network.prefix() + ": " + e.getMessage());
        }
        return RailFactory.bind(rail, network, assets);
    }
}
