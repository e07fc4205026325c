package dev.tollgate.gateway.rails;

import dev.tollgate.gateway.config.AssetConfig;
import dev.tollgate.gateway.config.NetworkConfig;
import java.util.List;

/**
 * Builds the rails of one chain family (the CAIP-2 namespace: {@code solana}, {@code eip155}) from configuration.
 * One per family; a network of a family without one is refused at start.
 */
public interface RailBuilder {

    /** The CAIP-2 namespace this builder serves. */
    String family();

    /**
     * The rail of one enabled network entry with its assets (tokens with an empty address already left out).
     *
     * @throws io.micronaut.context.exceptions.ConfigurationException naming the property that is wrong
     */
    RailBinding build(NetworkConfig network, List<AssetConfig> assets);
}
