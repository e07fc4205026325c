package dev.tollgate.gateway.rails;

import dev.tollgate.chain.PaymentRail;
import dev.tollgate.gateway.config.AssetConfig;
import dev.tollgate.gateway.config.NetworkConfig;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a rail for every enabled network entry ({@code tollgate.networks.*}) with the builder of its family,
 * refusing to start with an address that is not valid on its rail or a network no builder serves.
 */
@Factory
public class RailFactory {
    private static final Logger LOG = LoggerFactory.getLogger(RailFactory.class);

    @Singleton
    @Bean(preDestroy = "close") // at shutdown: the rails zero their sponsor and relayer keys
    PaymentRails paymentRails(List<NetworkConfig> networks, List<RailBuilder> builders, Environment env) {
        Map<String, RailBuilder> byFamily = builders.stream()
                .collect(Collectors.toMap(RailBuilder::family, Function.identity()));
        List<RailBinding> bindings = new ArrayList<>();
        // entry order: solana first (ATP's default network), then by name, so listings are stable
        List<NetworkConfig> ordered = new ArrayList<>(networks);
        ordered.sort(Comparator.comparing((NetworkConfig n) -> !"solana".equals(n.name())).thenComparing(NetworkConfig::name));
        for (NetworkConfig network : ordered) {
            if (!network.enabled()) {
                continue;
            }
            if (network.id() == null || network.id().isBlank()) {
                throw new ConfigurationException(network.prefix() + ".id is required (a CAIP-2 id such as eip155:8453)");
            }
            String family = network.id().substring(0, network.id().indexOf(':'));
            RailBuilder builder = byFamily.get(family);
            if (builder == null) {
                throw new ConfigurationException(network.prefix() + ".id: no rail family " + family
                        + " (supported: " + byFamily.keySet() + ")");
            }
            List<AssetConfig> assets = new ArrayList<>();
            for (String entry : AssetConfig.entries(env, network.prefix())) {
                AssetConfig asset = AssetConfig.bind(env, network.prefix() + ".assets." + entry);
                if (asset.nativeCoin() || asset.address() != null) {
                    assets.add(asset); // a token with an empty address is switched off (ATP: empty USDC_MINT_ADDRESS)
                }
            }
            bindings.add(builder.build(network, assets));
        }
        if (bindings.isEmpty()) {
            throw new ConfigurationException("no payment rail is enabled (tollgate.networks.*.enabled)");
        }
        try {
            return new PaymentRails(bindings);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("tollgate.networks: " + e.getMessage());
        }
    }

    /** The binding of a built rail: alias, checked treasuries, RPC URLs and asset prices from its entry. */
    static RailBinding bind(PaymentRail rail, NetworkConfig network, List<AssetConfig> assets) {
        String agent = checkedAddress(rail, network.prefix() + ".agent-treasury", network.agentTreasury());
        String fee = checkedAddress(rail, network.prefix() + ".fee-treasury", network.feeTreasury());
        Map<String, RailBinding.AssetPrice> prices = new LinkedHashMap<>();
        for (AssetConfig a : assets) {
            prices.put(a.symbol(), new RailBinding.AssetPrice(a.priceKey(), a.pegged()));
        }
        return new RailBinding(rail, network.clientAlias(), agent, fee, rpcUrls(network), prices);
    }

    static URI primaryUrl(NetworkConfig network) {
        String url = blankToNull(network.rpcUrl());
        if (url == null) {
            throw new ConfigurationException(network.prefix() + ".rpc-url is required");
        }
        return URI.create(url);
    }

    static List<URI> rpcUrls(NetworkConfig network) {
        List<URI> urls = new ArrayList<>(List.of(primaryUrl(network)));
        String fallbacks = blankToNull(network.rpcFallbackUrls());
        if (fallbacks != null) {
            Arrays.stream(fallbacks.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(URI::create)
                    .forEach(urls::add);
        }
        return urls;
    }

    /** The fallback RPC URLs of an entry, in order (reads only: a transaction is sent to one node). */
    static List<URI> fallbackUrls(NetworkConfig network) {
        List<URI> all = rpcUrls(network);
        return List.copyOf(all.subList(1, all.size()));
    }

    static String checkedAddress(PaymentRail rail, String name, String value) {
        String address = blankToNull(value);
        if (address == null) {
            LOG.warn("{} is not set: trades on {} will be refused until it is", name, rail.network());
            return null;
        }
        if (!rail.isValidAddress(address)) {
            throw new ConfigurationException(name + " is not a valid address on " + rail.network() + ": " + address);
        }
        return rail.canonicalAddress(address);
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
