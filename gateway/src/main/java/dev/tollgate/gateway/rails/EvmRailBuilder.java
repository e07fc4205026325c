package dev.tollgate.gateway.rails;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.evm.EvmNetworkConfig;
import dev.tollgate.chain.evm.EvmRail;
import dev.tollgate.gateway.config.AssetConfig;
import dev.tollgate.gateway.config.NetworkConfig;
import dev.tollgate.lockbox.NonceReservationStore;
import io.micronaut.context.exceptions.ConfigurationException;
import dev.tollgate.chain.transport.RpcTransportPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EVM networks ({@code eip155:<chain id>}): payments through the network's FeeSplitter, the native coin plus ERC-20
 * tokens. The rail reserves payer nonces in the database, not in this process: several instances may share the
 * database and sign for the same payer key at the same moment (ATP private-key mode).
 */
@Singleton
final class EvmRailBuilder implements RailBuilder {
    private final java.util.Optional<MeterRegistry> metrics;
    private final NonceReservationStore nonceStore;

    EvmRailBuilder(NonceReservationStore nonceStore, java.util.Optional<MeterRegistry> metrics) {
        this.metrics = metrics;
        this.nonceStore = nonceStore;
    }

    @Override
    public String family() {
        return "eip155";
    }

    @Override
    public RailBinding build(NetworkConfig network, List<AssetConfig> assets) {
        if (network.splitterAddress() == null || network.splitterAddress().isBlank()) {
            throw new ConfigurationException(network.prefix() + ".splitter-address is required on an EVM network");
        }
        ChainAsset nativeCoin = null;
        Map<String, ChainAsset> tokens = new LinkedHashMap<>();
        for (AssetConfig a : assets) {
            if (a.tokenProgram() != null) {
                throw new ConfigurationException(network.prefix() + ".assets: token-program is for Solana assets only");
            }
            if (a.nativeCoin()) {
                nativeCoin = ChainAsset.nativeCoin(a.symbol(), a.decimals());
            } else {
                tokens.put(a.symbol(), new ChainAsset(a.symbol(), a.decimals(), a.address()));
            }
        }
        if (nativeCoin == null) {
            throw new ConfigurationException(network.prefix() + ".assets needs the native coin (native-coin: true)");
        }
        NetworkId id = NetworkId.of(network.id());
        long chainId;
        try {
            chainId = Long.parseLong(id.reference());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(network.prefix() + ".id: an EVM id is eip155:<decimal chain id>");
        }
        EvmRail rail;
        try {
            Duration timeout = Duration.ofMillis(network.rpcTimeoutMillis());
            rail = new EvmRail(new EvmNetworkConfig(id, chainId, RailFactory.primaryUrl(network),
                    network.splitterAddress().strip(), nativeCoin, tokens, network.confirmations(), network.finalizedTag(),
                    timeout, Duration.ofSeconds(network.paymentValiditySeconds()), RailFactory.fallbackUrls(network)),
                    new DatabaseNonceReservations(nonceStore), RpcTransportPolicy.forTimeout(timeout), metrics.orElse(null));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(network.prefix() + ": " + e.getMessage());
        }
        return RailFactory.bind(rail, network, assets);
    }
}
