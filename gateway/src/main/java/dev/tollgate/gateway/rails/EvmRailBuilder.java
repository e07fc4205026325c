package dev.tollgate.gateway.rails;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.evm.EvmNetworkConfig;
import dev.tollgate.chain.SpendBudget;
import dev.tollgate.chain.evm.EvmExactConfig;
import dev.tollgate.chain.evm.EvmRail;
import dev.tollgate.gateway.config.AllowanceNetworkConfig;
import dev.tollgate.gateway.config.X402NetworkConfig;
import dev.tollgate.pricing.FeeBps;
import io.micronaut.context.env.Environment;
import java.util.Optional;
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
    private final RailSponsors sponsors;
    private final Environment env;
    private final FeeBps feeBps;

    EvmRailBuilder(NonceReservationStore nonceStore, java.util.Optional<MeterRegistry> metrics, RailSponsors sponsors,
                   Environment env, FeeBps feeBps) {
        this.metrics = metrics;
        this.nonceStore = nonceStore;
        this.sponsors = sponsors;
        this.env = env;
        this.feeBps = feeBps;
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
            EvmNetworkConfig config = new EvmNetworkConfig(id, chainId, RailFactory.primaryUrl(network),
                    network.splitterAddress().strip(), nativeCoin, tokens, network.confirmations(), network.finalizedTag(),
                    timeout, Duration.ofSeconds(network.paymentValiditySeconds()), RailFactory.fallbackUrls(network));
            Optional<RailSponsors.Sponsorship> sponsorship = sponsors.of(network);
            SpendBudget budget = SpendBudget.NONE;
            String allowanceContract = null;
            if (sponsorship.isPresent()) {
                // the sponsor key relays gasless authorisations and x402 settlements, paying their gas within budget
                String key = sponsorship.get().key();
                budget = sponsorship.get().budget();
                config = config.withRelayerKey(EvmNetworkConfig.relayerKey(key));
                X402NetworkConfig x402 = X402NetworkConfig.bind(env, network.prefix());
                if (x402.enabled() && x402.factoryAddress() != null) {
                    // how far back the transaction that used a client's authorisation is looked for (someone else
                    // may submit it first); providers cap eth_getLogs ranges
                    long lookback = env.getProperty(network.prefix() + ".x402.authorization-lookback-blocks", Long.class)
                            .orElse(EvmExactConfig.DEFAULT_AUTHORIZATION_LOOKBACK_BLOCKS);
                    EvmExactConfig exact = EvmExactConfig.of(x402.factoryAddress(), feeBps.value(), key)
                            .withAuthorizationLookbackBlocks(lookback);
                    // x402 upto (usage-priced billing) settles through the UptoSplitter, relayed by the same key
                    config = config.withExact(x402.uptoContract() == null ? exact
                            : exact.withUptoSplitter(x402.uptoContract()));
                }
                // allowances payers approved to the AllowanceSplitter, charged by the sponsor key (one of its billers)
                allowanceContract = AllowanceNetworkConfig.bind(env, network.prefix()).contract();
            }
            if (sponsorship.isEmpty() && AllowanceNetworkConfig.bind(env, network.prefix()).contract() != null) {
                throw new ConfigurationException(network.prefix() + ".allowance.contract needs " + network.prefix()
                        + ".sponsor.key: the sponsor key is the contract's biller");
            }
            rail = new EvmRail(config, new DatabaseNonceReservations(nonceStore), RpcTransportPolicy.forTimeout(timeout),
                    metrics.orElse(null), budget, allowanceContract);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(network.prefix() + ": " + e.getMessage());
        }
        return RailFactory.bind(rail, network, assets);
    }
}
