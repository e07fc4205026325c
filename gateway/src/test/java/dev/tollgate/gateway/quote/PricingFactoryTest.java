package dev.tollgate.gateway.quote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.memory.InMemoryRail;
import dev.tollgate.gateway.config.OracleConfig;
import dev.tollgate.gateway.rails.PaymentRails;
import dev.tollgate.gateway.rails.RailBinding;
import dev.tollgate.pricing.PriceOracle;
import dev.tollgate.pricing.PriceUnavailableException;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each configured asset's pricing reaches the oracle: pegged assets at exactly 1 USD, the rest from the sources. */
class PricingFactoryTest {
    private final Clock clock = Clock.systemUTC();

    @Test
    void assetsMarkedPeggedArePricedAtOneUsdAndOthersAreAskedOfTheSources() throws Exception {
        InMemoryRail rail = new InMemoryRail(NetworkId.of("solana:test"), List.of(new ChainAsset("PYUSD", 6,
                "2b1kV6DkPAnxd5ixfnxCpjxmKwqjjaYmCZfHsFu24GXo"), new ChainAsset("JUP", 6,
                "JUPyiwrYJFskUPiHa7hkeR8VUtAeFoSYbKedZNsDvCN")), clock);
        PaymentRails rails = new PaymentRails(List.of(new RailBinding(rail, "sol", null, null, List.of(), Map.of(
                "PYUSD", new RailBinding.AssetPrice("PYUSD", true),
                "JUP", new RailBinding.AssetPrice("jupiter-exchange-solana", false)))));
        OracleConfig fixedSol = new OracleConfig("fixed", "none", "https://api.coingecko.com", null,
                "https://api.coinbase.com", 60, 300, 300, 5000, Map.of("SOL", "150"));

        PriceOracle oracle = new PricingFactory().priceOracle(fixedSol, rails, clock);

        assertThat(oracle.price("PYUSD").usdPerToken()).isEqualByComparingTo(BigDecimal.ONE);
        assertThat(oracle.price("SOL").usdPerToken()).isEqualByComparingTo("150");
        assertThatThrownBy(() -> oracle.price("JUP")).isInstanceOf(PriceUnavailableException.class);
        assertThatThrownBy(() -> oracle.price("USDC")).as("not configured as pegged here")
                .isInstanceOf(PriceUnavailableException.class);
    }
}
