package dev.tollgate.billing;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The host's billing configuration ({@code tollgate.billing.*}); see {@link BillingConfigLoader} for the keys.
 *
 * @param gatewayUrl           the Tollgate gateway serving {@code /v1/billing/*} (ATP {@code settlement_service_url})
 * @param gatewayToken         the gateway's {@code TOLLGATE_BILLING_TOKEN}; never printed
 * @param endpoints            the billed endpoints, first match wins
 * @param rails                the rails the host accepts, at least one
 * @param feeBps               the fee share in basis points (0..10000)
 * @param finality             {@code confirmed} or {@code finalized}
 * @param privateKeyHeader     ATP's custodial key header, off by default
 * @param maxResponseBytes     the most a handler's response may be (it is buffered); larger → 502
 * @param gatewayTimeoutMillis the timeout of one call to the gateway (settle waits for the chain)
 * @param publicUrl            the host's public base URL (scheme://host[:port]) used for {@code resource.url}, which
 *                             Sign-In-With-X proofs are bound to; null = taken from the request (Host header)
 */
public record BillingConfig(URI gatewayUrl, String gatewayToken, List<EndpointRule> endpoints,
                            List<RailTerms> rails, int feeBps, String finality, PrivateKeyHeader privateKeyHeader,
                            int maxResponseBytes, int gatewayTimeoutMillis, URI publicUrl) {

    public static final int DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
    public static final int DEFAULT_GATEWAY_TIMEOUT_MILLIS = 60_000;
    public static final int DEFAULT_FEE_BPS = 0;
    public static final String DEFAULT_FINALITY = "confirmed";

    public BillingConfig {
        Objects.requireNonNull(gatewayUrl, "gateway-url is required");
        String scheme = gatewayUrl.getScheme() == null ? "" : gatewayUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || gatewayUrl.getHost() == null
                || gatewayUrl.getRawUserInfo() != null || gatewayUrl.getRawQuery() != null
                || gatewayUrl.getRawFragment() != null) {
            throw new BillingConfigException("gateway-url must be an http(s) URL with a host and no user, query "
                    + "or fragment");
        }
        Require.text("gateway-token", gatewayToken, 4096);
        endpoints = List.copyOf(Objects.requireNonNull(endpoints, "endpoints"));
        rails = List.copyOf(Objects.requireNonNull(rails, "rails"));
        if (endpoints.isEmpty()) {
            throw new BillingConfigException("endpoints: at least one billed endpoint is required");
        }
        if (rails.isEmpty()) {
            throw new BillingConfigException("rails: at least one rail is required");
        }
        if (feeBps < 0 || feeBps > 10_000) {
            throw new BillingConfigException("fee-bps must be between 0 and 10000");
        }
        finality = finality == null ? DEFAULT_FINALITY : finality;
        if (!finality.equals("confirmed") && !finality.equals("finalized")) {
            throw new BillingConfigException("finality must be confirmed or finalized");
        }
        privateKeyHeader = privateKeyHeader == null ? PrivateKeyHeader.DISABLED : privateKeyHeader;
        if (maxResponseBytes < 1 || maxResponseBytes > 256 * 1024 * 1024) {
            throw new BillingConfigException("max-response-bytes must be between 1 and 268435456");
        }
        if (gatewayTimeoutMillis < 100 || gatewayTimeoutMillis > 600_000) {
            throw new BillingConfigException("gateway-timeout-millis must be between 100 and 600000");
        }
        if (publicUrl != null) {
            String publicScheme = publicUrl.getScheme() == null ? "" : publicUrl.getScheme().toLowerCase(Locale.ROOT);
            if (!(publicScheme.equals("http") || publicScheme.equals("https")) || publicUrl.getHost() == null
                    || publicUrl.getRawUserInfo() != null || publicUrl.getRawQuery() != null
                    || publicUrl.getRawFragment() != null
                    || !(publicUrl.getRawPath() == null || publicUrl.getRawPath().isEmpty()
                    || publicUrl.getRawPath().equals("/"))) {
                throw new BillingConfigException("public-url must be scheme://host[:port] only");
            }
        }
    }

    /** The defaults for everything optional. */
    public static BillingConfig of(URI gatewayUrl, String gatewayToken, List<EndpointRule> endpoints,
                                   List<RailTerms> rails) {
        return new BillingConfig(gatewayUrl, gatewayToken, endpoints, rails, DEFAULT_FEE_BPS, DEFAULT_FINALITY,
                PrivateKeyHeader.DISABLED, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_GATEWAY_TIMEOUT_MILLIS, null);
    }

    /** Reads the {@code tollgate.billing.*} keys (or the same keys without the prefix) of a flat map. */
    public static BillingConfig fromMap(Map<String, String> keys) {
        return BillingConfigLoader.load(keys);
    }

    public BillingConfig withFeeBps(int bps) {
        return new BillingConfig(gatewayUrl, gatewayToken, endpoints, rails, bps, finality, privateKeyHeader,
                maxResponseBytes, gatewayTimeoutMillis, publicUrl);
    }

    public BillingConfig withFinality(String value) {
        return new BillingConfig(gatewayUrl, gatewayToken, endpoints, rails, feeBps, value, privateKeyHeader,
                maxResponseBytes, gatewayTimeoutMillis, publicUrl);
    }

    public BillingConfig withPrivateKeyHeader(PrivateKeyHeader header) {
        return new BillingConfig(gatewayUrl, gatewayToken, endpoints, rails, feeBps, finality, header,
                maxResponseBytes, gatewayTimeoutMillis, publicUrl);
    }

    public BillingConfig withMaxResponseBytes(int bytes) {
        return new BillingConfig(gatewayUrl, gatewayToken, endpoints, rails, feeBps, finality, privateKeyHeader,
                bytes, gatewayTimeoutMillis, publicUrl);
    }

    public BillingConfig withGatewayTimeoutMillis(int millis) {
        return new BillingConfig(gatewayUrl, gatewayToken, endpoints, rails, feeBps, finality, privateKeyHeader,
                maxResponseBytes, millis, publicUrl);
    }

    public BillingConfig withPublicUrl(URI url) {
        return new BillingConfig(gatewayUrl, gatewayToken, endpoints, rails, feeBps, finality, privateKeyHeader,
                maxResponseBytes, gatewayTimeoutMillis, url);
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "BillingConfig[gatewayUrl=" + gatewayUrl + ", gatewayToken=***, endpoints=" + endpoints
                + ", rails=" + rails + ", feeBps=" + feeBps + ", finality=" + finality + ", privateKeyHeader="
                + privateKeyHeader + ", maxResponseBytes=" + maxResponseBytes + ", gatewayTimeoutMillis="
                + gatewayTimeoutMillis + ", publicUrl=" + publicUrl + "]";
    }
}
