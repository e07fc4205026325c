package dev.tollgate.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BillingConfigLoaderTest {

    static Map<String, String> designExample() {
        Map<String, String> keys = new HashMap<>();
        keys.put("tollgate.billing.gateway-url", "http://127.0.0.1:8080");
        keys.put("tollgate.billing.gateway-token", "secret-token-value");
        keys.put("tollgate.billing.endpoints[0].path", "/v1/chat/completions");
        keys.put("tollgate.billing.endpoints[0].method", "post");
        keys.put("tollgate.billing.endpoints[0].input-usd-per-million", "2.5");
        keys.put("tollgate.billing.endpoints[0].output-usd-per-million", "10");
        keys.put("tollgate.billing.endpoints[0].ceiling-usd", "0.05");
        keys.put("tollgate.billing.endpoints[1].path", "/v1/quote");
        keys.put("tollgate.billing.endpoints[1].fixed-usd", "0.01");
        keys.put("tollgate.billing.rails[0].network", "polygon-local");
        keys.put("tollgate.billing.rails[0].asset", "USDC");
        keys.put("tollgate.billing.rails[0].pay-to", "0x1111111111111111111111111111111111111111");
        keys.put("tollgate.billing.rails[0].fee-recipient", "0x2222222222222222222222222222222222222222");
        keys.put("tollgate.billing.fee-bps", "500");
        keys.put("tollgate.billing.finality", "confirmed");
        keys.put("tollgate.billing.private-key-header.enabled", "false");
        keys.put("tollgate.billing.private-key-header.name", "x-wallet-private-key");
        keys.put("tollgate.billing.max-response-bytes", "4194304");
        keys.put("other.key", "ignored");
        return keys;
    }

    @Test
    void loadsTheDesignExample() {
        BillingConfig config = BillingConfig.fromMap(designExample());
        assertThat(config.gatewayUrl()).isEqualTo(URI.create("http://127.0.0.1:8080"));
        assertThat(config.endpoints()).containsExactly(
                EndpointRule.perMillion("/v1/chat/completions", "POST", new BigDecimal("2.5"), new BigDecimal("10"),
                        new BigDecimal("0.05")),
                EndpointRule.fixed("/v1/quote", null, new BigDecimal("0.01")));
        assertThat(config.rails()).containsExactly(new RailTerms("polygon-local", "USDC",
                "0x1111111111111111111111111111111111111111", "0x2222222222222222222222222222222222222222"));
        assertThat(config.feeBps()).isEqualTo(500);
        assertThat(config.finality()).isEqualTo("confirmed");
        assertThat(config.privateKeyHeader()).isEqualTo(new PrivateKeyHeader(false, "x-wallet-private-key"));
        assertThat(config.maxResponseBytes()).isEqualTo(4_194_304);
        assertThat(config.gatewayTimeoutMillis()).isEqualTo(BillingConfig.DEFAULT_GATEWAY_TIMEOUT_MILLIS);
        assertThat(config.publicUrl()).isNull();
    }

    @Test
    void unprefixedKeysWorkToo() {
        Map<String, String> keys = new HashMap<>();
        designExample().forEach((k, v) -> {
            if (k.startsWith(BillingConfigLoader.PREFIX)) {
                keys.put(k.substring(BillingConfigLoader.PREFIX.length()), v);
            }
        });
        keys.put("some-servlet-param", "x");
        assertThat(BillingConfig.fromMap(keys)).isEqualTo(BillingConfig.fromMap(designExample()));
    }

    @Test
    void defaults() {
        Map<String, String> keys = designExample();
        keys.keySet().removeIf(k -> k.endsWith("fee-bps") || k.endsWith("finality") || k.contains("private-key")
                || k.endsWith("max-response-bytes"));
        BillingConfig config = BillingConfig.fromMap(keys);
        assertThat(config.feeBps()).isZero();
        assertThat(config.finality()).isEqualTo("confirmed");
        assertThat(config.privateKeyHeader().enabled()).isFalse();
        assertThat(config.maxResponseBytes()).isEqualTo(4 * 1024 * 1024);
    }

    @Test
    void tokenIsNeverPrinted() {
        assertThat(BillingConfig.fromMap(designExample()).toString()).doesNotContain("secret-token-value");
    }

    private static void refused(String message, Map<String, String> keys) {
        assertThatThrownBy(() -> BillingConfig.fromMap(keys)).isInstanceOf(BillingConfigException.class)
                .hasMessageContaining(message);
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> keys = designExample();
        if (value == null) {
            keys.remove(key);
        } else {
            keys.put(key, value);
        }
        return keys;
    }

    @Test
    void validationErrorsNameTheKey() {
        refused("gateway-url is required", with("tollgate.billing.gateway-url", null));
        refused("gateway-token is required", with("tollgate.billing.gateway-token", ""));
        refused("gateway-url must be an http(s) URL", with("tollgate.billing.gateway-url", "ftp://x"));
        refused("unknown key tollgate.billing.fee-bsp", with("tollgate.billing.fee-bsp", "1"));
        refused("unknown key tollgate.billing.endpoints[0].price", with("tollgate.billing.endpoints[0].price", "1"));
        refused("fee-bps must be between 0 and 10000", with("tollgate.billing.fee-bps", "10001"));
        refused("fee-bps must be a whole number", with("tollgate.billing.fee-bps", "5.5"));
        refused("finality must be confirmed or finalized", with("tollgate.billing.finality", "safe"));
        refused("private-key-header.enabled must be true or false",
                with("tollgate.billing.private-key-header.enabled", "yes"));
        refused("endpoints[1]: '0.01x' is not a plain decimal USD amount",
                with("tollgate.billing.endpoints[1].fixed-usd", "0.01x"));
        refused("endpoints[1]: fixed-usd must be more than zero", with("tollgate.billing.endpoints[1].fixed-usd", "0"));
        refused("more than 18 fraction digits",
                with("tollgate.billing.endpoints[1].fixed-usd", "0.0000000000000000001"));
        refused("not both", with("tollgate.billing.endpoints[1].ceiling-usd", "1"));
        refused("usage pricing needs ceiling-usd", with("tollgate.billing.endpoints[0].ceiling-usd", null));
        refused("a price is required", with("tollgate.billing.endpoints[1].fixed-usd", null));
        refused("endpoints[0]: path must start with /", with("tollgate.billing.endpoints[0].path", "v1/chat"));
        refused("endpoints[0]: path: * and ** must be whole segments",
                with("tollgate.billing.endpoints[0].path", "/v1/ch*"));
        refused("endpoints[2] is missing", with("tollgate.billing.endpoints[3].path", "/x"));
        refused("rails[0]: pay-to is required", with("tollgate.billing.rails[0].pay-to", null));
        refused("rails: at least one rail", keysWithout("tollgate.billing.rails["));
        refused("endpoints: at least one billed endpoint", keysWithout("tollgate.billing.endpoints["));
        refused("private-key-header.name must be a header name",
                with("tollgate.billing.private-key-header.name", "x wallet"));
        refused("public-url must be scheme://host[:port] only", with("tollgate.billing.public-url", "http://h/x"));
    }

    @Test
    void errorsNeverEchoTheToken() {
        Map<String, String> keys = with("tollgate.billing.gateway-token", "line1\nline2-secret");
        assertThatThrownBy(() -> BillingConfig.fromMap(keys)).hasMessageNotContaining("secret");
    }

    private static Map<String, String> keysWithout(String prefix) {
        Map<String, String> keys = designExample();
        keys.keySet().removeIf(k -> k.startsWith(prefix));
        return keys;
    }

    @Test
    void builderStyleForServletHosts() {
        BillingConfig config = BillingConfig.of(URI.create("https://gw.example"), "t",
                        List.of(EndpointRule.fixed("/v1/quote", "GET", new BigDecimal("0.01"))),
                        List.of(new RailTerms("eip155:137", "USDC", "0xabc", null)))
                .withFeeBps(250).withFinality("finalized").withMaxResponseBytes(1024)
                .withPrivateKeyHeader(new PrivateKeyHeader(true, null))
                .withPublicUrl(URI.create("https://api.example"));
        assertThat(config.feeBps()).isEqualTo(250);
        assertThat(config.finality()).isEqualTo("finalized");
        assertThat(config.privateKeyHeader().name()).isEqualTo("x-wallet-private-key");
        assertThat(config.publicUrl()).isEqualTo(URI.create("https://api.example"));
    }
}
