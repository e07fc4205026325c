package dev.tollgate.gateway.quote;

import dev.tollgate.gateway.config.GatewayConfig;
import dev.tollgate.gateway.config.OracleConfig;
import dev.tollgate.gateway.config.PricingConfig;
import dev.tollgate.pricing.CoinGeckoPriceSource;
import dev.tollgate.pricing.CoinbasePriceSource;
import dev.tollgate.pricing.FeeBps;
import dev.tollgate.pricing.FixedPriceSource;
import dev.tollgate.pricing.PriceOracle;
import dev.tollgate.pricing.PriceSource;
import dev.tollgate.pricing.UsdPricing;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import dev.tollgate.gateway.rails.PaymentRails;
import dev.tollgate.gateway.rails.RailBinding;

/** Turns validated configuration into the pricing module's objects; bad values stop start-up with a reason. */
@Factory
public class PricingFactory {

    @Singleton
    FeeBps feeBps(GatewayConfig config) {
        if (config.feeBps() != null) {
            return new FeeBps(config.feeBps());
        }
        try {
            return FeeBps.fromPercentFraction(config.settlementFeePercent());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("SETTLEMENT_FEE_PERCENT / tollgate.settlement-fee-percent: " + e.getMessage());
        }
    }

    @Singleton
    UsdPricing usdPricing(PricingConfig config) {
        try {
            return new UsdPricing(decimalOrNull(config.inputCostPerMillionUsd()),
                    decimalOrNull(config.outputCostPerMillionUsd()), new BigDecimal(config.defaultUsd().trim()));
        } catch (NumberFormatException e) {
            throw new ConfigurationException("tollgate.pricing: rates and default-usd must be plain decimals");
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("tollgate.pricing: " + e.getMessage());
        }
    }

    /**
     * The oracle for every configured asset: an asset marked {@code pegged} is priced at exactly 1 USD; any other
     * asset is asked of the sources by symbol, CoinGecko by the asset's {@code price-id} when one is set.
     */
    @Singleton
    PriceOracle priceOracle(OracleConfig config, PaymentRails rails, Clock clock) {
        Set<String> pegged = new TreeSet<>();
        Map<String, String> coinIds = new LinkedHashMap<>(CoinGeckoPriceSource.DEFAULT_COIN_IDS);
        for (RailBinding rail : rails.all()) {
            rail.prices().forEach((symbol, price) -> {
                if (price.pegged()) {
                    pegged.add(symbol);
                } else if (price.priceId() != null && !price.priceId().equals(symbol)) {
                    coinIds.put(symbol, price.priceId());
                }
            });
        }
        PriceOracle.Builder builder = PriceOracle.builder(source(config.primary(), config, coinIds, clock), clock)
                .cacheTtl(Duration.ofSeconds(config.cacheTtlSeconds()))
                .maxAge(Duration.ofSeconds(config.maxAgeSeconds()))
                .maxDeviationBps(config.maxDeviationBps())
                .peggedSymbols(pegged);
        if (!"none".equals(config.secondary()) && !config.secondary().equals(config.primary())) {
            builder.secondary(source(config.secondary(), config, coinIds, clock));
        }
        return builder.build();
    }

    private static PriceSource source(String name, OracleConfig config, Map<String, String> coinIds, Clock clock) {
        Duration timeout = Duration.ofMillis(config.timeoutMillis());
        return switch (name) {
            case "coingecko" -> new CoinGeckoPriceSource(URI.create(config.coingeckoUrl()), timeout,
                    coinIds, clock, config.coingeckoApiKey());
            case "coinbase" -> new CoinbasePriceSource(URI.create(config.coinbaseUrl()), timeout, clock);
            case "fixed" -> new FixedPriceSource(fixedPrices(config), clock);
            default -> throw new ConfigurationException(
                    "tollgate.oracle source must be coingecko, coinbase, fixed or none, not " + name);
        };
    }

    private static Map<String, BigDecimal> fixedPrices(OracleConfig config) {
        if (config.fixedPrices() == null || config.fixedPrices().isEmpty()) {
            throw new ConfigurationException("tollgate.oracle.fixed-prices must list a USD price per token for the fixed source");
        }
        Map<String, BigDecimal> prices = new LinkedHashMap<>();
        config.fixedPrices().forEach((symbol, price) -> {
            try {
                prices.put(symbol.toUpperCase(java.util.Locale.ROOT), new BigDecimal(price.trim()));
            } catch (NumberFormatException e) {
                throw new ConfigurationException("tollgate.oracle.fixed-prices." + symbol + " is not a decimal: " + price);
            }
        });
        return prices;
    }

    private static BigDecimal decimalOrNull(String text) {
        return text == null || text.isBlank() ? null : new BigDecimal(text.trim());
    }
}
