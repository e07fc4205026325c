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

    @Singleton
    PriceOracle priceOracle(OracleConfig config, Clock clock) {
        PriceOracle.Builder builder = PriceOracle.builder(source(config.primary(), config, clock), clock)
                .cacheTtl(Duration.ofSeconds(config.cacheTtlSeconds()))
                .maxAge(Duration.ofSeconds(config.maxAgeSeconds()))
                .maxDeviationBps(config.maxDeviationBps())
                .peggedSymbols(Set.of("USDC"));
        if (!"none".equals(config.secondary()) && !config.secondary().equals(config.primary())) {
            builder.secondary(source(config.secondary(), config, clock));
        }
        return builder.build();
    }

    private static PriceSource source(String name, OracleConfig config, Clock clock) {
        Duration timeout = Duration.ofMillis(config.timeoutMillis());
        return switch (name) {
            case "coingecko" -> new CoinGeckoPriceSource(URI.create(config.coingeckoUrl()), timeout,
                    CoinGeckoPriceSource.DEFAULT_COIN_IDS, clock, config.coingeckoApiKey());
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
