package dev.tollgate.gateway.billing;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.Commitment;
import dev.tollgate.gateway.rails.RailBinding;
import dev.tollgate.pricing.FeeBps;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A billed resource's terms as the filter sent them and the gateway validated them ({@link BillingTermsReader}):
 * the resource, its price in USD, and per rail the network resolved to this gateway's {@link RailBinding}, the asset
 * to its {@link ChainAsset}, and the payee and fee recipient checked (and spelled canonically) for that rail; the fee
 * in basis points and the finality the payment must reach. Credentials read what they need from here and never
 * re-validate: a {@code BillingTerms} is valid by construction.
 *
 * <p>A new credential kind plugs in without touching this record: it picks the {@link Rail}s its capability exists
 * on ({@code rail.binding().rail().uptoScheme()}, {@code allowanceCharges()}, ...) and prices with {@link #price()}.
 *
 * @param json the terms in the canonical JSON form the gateway stores with an authorization (and reads back at
 *             settle, where the filter sends no terms)
 */
public record BillingTerms(Resource resource, Price price, List<Rail> rails, FeeBps feeBps, Commitment finality,
                           String json) {

    public BillingTerms {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(feeBps, "feeBps");
        Objects.requireNonNull(finality, "finality");
        Objects.requireNonNull(json, "json");
        rails = List.copyOf(rails);
        if (rails.isEmpty()) {
            throw new IllegalArgumentException("at least one rail");
        }
    }

    /** x402's {@code resource}: the host's URL of the billed endpoint (SIWX domain and URI come from it). */
    public record Resource(URI url, String description, String mimeType) {
        public Resource {
            Objects.requireNonNull(url, "url");
            description = description == null ? "" : description;
            mimeType = mimeType == null ? "application/json" : mimeType;
        }

        /** SIWX's domain for this resource: host[:port] of the URL. */
        public String domain() {
            return url.getPort() == -1 ? url.getHost() : url.getHost() + ":" + url.getPort();
        }
    }

    /** How the request is priced, in USD (exact decimals, positive). */
    public sealed interface Price {
        /** The most one request can cost: the fixed price, or the usage price's ceiling. */
        BigDecimal maxUsd();
    }

    /** One price per request. */
    public record Fixed(BigDecimal usd) implements Price {
        public Fixed {
            requirePositive(usd, "fixed_usd");
        }

        @Override
        public BigDecimal maxUsd() {
            return usd;
        }
    }

    /** Priced by token usage (ATP's per-million rates), never above {@code ceilingUsd}. */
    public record Usage(BigDecimal inputUsdPerMillion, BigDecimal outputUsdPerMillion, BigDecimal ceilingUsd)
            implements Price {
        public Usage {
            Objects.requireNonNull(inputUsdPerMillion, "input_usd_per_million");
            Objects.requireNonNull(outputUsdPerMillion, "output_usd_per_million");
            if (inputUsdPerMillion.signum() < 0 || outputUsdPerMillion.signum() < 0
                    || inputUsdPerMillion.signum() + outputUsdPerMillion.signum() == 0) {
                throw new IllegalArgumentException("rates must be non-negative and not both zero");
            }
            requirePositive(ceilingUsd, "ceiling_usd");
        }

        @Override
        public BigDecimal maxUsd() {
            return ceilingUsd;
        }
    }

    /**
     * One rail the host takes payments on.
     *
     * @param payTo        the payee (canonical spelling on this rail)
     * @param feeRecipient who gets the fee (canonical spelling on this rail)
     */
    public record Rail(RailBinding binding, ChainAsset asset, String payTo, String feeRecipient) {
        public Rail {
            Objects.requireNonNull(binding, "binding");
            Objects.requireNonNull(asset, "asset");
            Objects.requireNonNull(payTo, "payTo");
            Objects.requireNonNull(feeRecipient, "feeRecipient");
        }

        /** The CAIP-2 id. */
        public String network() {
            return binding.rail().network().value();
        }
    }

    public boolean usagePriced() {
        return price instanceof Usage;
    }

    /** The rail for {@code network} (CAIP-2 or alias) and {@code asset} symbol (null: the rail's first). */
    public Optional<Rail> rail(String network, String asset) {
        return rails.stream()
                .filter(r -> network == null || r.network().equals(network)
                        || r.binding().alias().equalsIgnoreCase(network))
                .filter(r -> asset == null || r.asset().symbol().equals(asset))
                .findFirst();
    }

    private static void requirePositive(BigDecimal value, String name) {
        if (value == null || value.signum() <= 0) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
