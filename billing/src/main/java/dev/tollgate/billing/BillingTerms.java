package dev.tollgate.billing;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * The terms object of the wire contract, sent with {@code offers} and {@code authorize}: what is sold (resource),
 * its price (fixed, or per-million rates with a ceiling), the rails, the fee and the finality.
 */
public record BillingTerms(Resource resource, EndpointRule price, List<RailTerms> rails, int feeBps,
                           String finality) {

    public BillingTerms {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(price, "price");
        rails = List.copyOf(rails);
    }

    /** x402's resource: the absolute URL of the request (no query), what it is, and its media type. */
    public record Resource(String url, String description, String mimeType) {
        public Resource {
            Objects.requireNonNull(url, "url");
        }
    }

    public boolean usagePriced() {
        return price.usagePriced();
    }

    public BigDecimal fixedUsd() {
        return price.fixedUsd();
    }
}
