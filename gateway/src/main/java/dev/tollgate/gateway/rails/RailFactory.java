package dev.tollgate.gateway.rails;

import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.evm.EvmNetworkConfig;
import dev.tollgate.chain.evm.EvmRail;
import dev.tollgate.chain.evm.NonceReservations;
import dev.tollgate.chain.solana.SolanaNetworkConfig;
import dev.tollgate.chain.solana.SolanaRail;
import dev.tollgate.gateway.config.PolygonConfig;
import dev.tollgate.gateway.config.SolanaConfig;
import dev.tollgate.lockbox.NonceReservationStore;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the configured rails, refusing to start with an address that is not valid on its rail. */
@Factory
public class RailFactory {
    private static final Logger LOG = LoggerFactory.getLogger(RailFactory.class);

    /**
     * The EVM rail reserves payer nonces in the database, not in this process: several instances may share the
     * database and sign for the same payer key at the same moment (ATP private-key mode).
     */
    @Singleton
    PaymentRails paymentRails(SolanaConfig solana, PolygonConfig polygon, NonceReservationStore nonceStore) {
        List<RailBinding> bindings = new ArrayList<>();
        if (solana.enabled()) {
            bindings.add(solanaBinding(solana));
        }
        if (polygon.enabled()) {
            bindings.add(polygonBinding(polygon, new DatabaseNonceReservations(nonceStore)));
        }
        if (bindings.isEmpty()) {
            throw new ConfigurationException("no payment rail is enabled");
        }
        return new PaymentRails(bindings);
    }

    private static RailBinding solanaBinding(SolanaConfig c) {
        String mint = blankToNull(c.usdcMint());
        SolanaRail rail = new SolanaRail(new SolanaNetworkConfig(NetworkId.of(c.network()), URI.create(c.rpcUrl()),
                mint == null ? null : SolanaNetworkConfig.usdcMint(mint), Duration.ofMillis(c.rpcTimeoutMillis())));
        String agent = checkedAddress(rail, "tollgate.solana.agent-treasury (AGENT_TREASURY_PUBKEY)", c.agentTreasury());
        String fee = checkedAddress(rail, "tollgate.solana.fee-treasury", c.feeTreasury());
        return new RailBinding(rail, "solana", agent, fee);
    }

    private static RailBinding polygonBinding(PolygonConfig c, NonceReservations nonces) {
        String splitter = blankToNull(c.splitterAddress());
        if (splitter == null) {
            throw new ConfigurationException("tollgate.polygon.splitter-address is required when the Polygon rail is enabled");
        }
        String usdc = blankToNull(c.usdcAddress());
        EvmRail rail;
        try {
            rail = new EvmRail(new EvmNetworkConfig(NetworkId.of("eip155:" + c.chainId()), c.chainId(),
                    URI.create(c.rpcUrl()), splitter, EvmNetworkConfig.POL,
                    usdc == null ? Map.of() : Map.of("USDC", EvmNetworkConfig.usdc(usdc)), c.confirmations(),
                    c.finalizedTag(), Duration.ofMillis(c.rpcTimeoutMillis()), Duration.ofSeconds(c.paymentValiditySeconds())),
                    nonces);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("tollgate.polygon: " + e.getMessage());
        }
        String agent = checkedAddress(rail, "tollgate.polygon.agent-treasury", c.agentTreasury());
        String fee = checkedAddress(rail, "tollgate.polygon.fee-treasury", c.feeTreasury());
        return new RailBinding(rail, "polygon", agent, fee);
    }

    static String checkedAddress(dev.tollgate.chain.PaymentRail rail, String name, String value) {
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
