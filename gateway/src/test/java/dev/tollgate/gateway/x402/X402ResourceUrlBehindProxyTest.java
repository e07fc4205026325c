package dev.tollgate.gateway.x402;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.chain.memory.InMemoryRail;
import dev.tollgate.gateway.rails.InMemoryRailBuilder;
import dev.tollgate.gateway.support.TestAgent;
import dev.tollgate.lockbox.testing.SharedTestDatabase;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * x402's {@code resource.url} behind a TLS-terminating proxy: the trade's 402 and a refused paid retry name the URL
 * the client called ({@code X-Forwarded-Host}/{@code -Proto}) when the peer is a trusted proxy (127.0.0.9 here), and
 * the connection's own Host and scheme from any other peer (127.0.0.10), whatever it claims.
 */
@MicronautTest(transactional = false, environments = InMemoryRailBuilder.ENVIRONMENT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class X402ResourceUrlBehindProxyTest implements TestPropertyProvider {
    private static final String PROXY = "127.0.0.9";
    private static final String STRANGER = "127.0.0.10";
    private static final Map<String, String> FORWARDED = Map.of("X-Forwarded-Host", "pay.example.com",
            "X-Forwarded-Proto", "https");
    private static final String PUBLIC_URL = "https://pay.example.com/v1/agent/trade";

    private final TestAgent agent = new TestAgent();

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(SharedTestDatabase.stringProperties());
        p.put("micronaut.server.port", "-1");
        p.put("micronaut.server.host", "0.0.0.0");
        p.put("tollgate.networks.solana.id", "solana:x402mem");
        p.put("tollgate.networks.solana.rpc-url", "http://memory.invalid");
        p.put("tollgate.networks.solana.agent-treasury", InMemoryRail.newAccount().getPublicKeyBase58());
        p.put("tollgate.networks.solana.fee-treasury", InMemoryRail.newAccount().getPublicKeyBase58());
        p.put("tollgate.networks.solana.assets.usdc.address", InMemoryRail.newAccount().getPublicKeyBase58());
        p.put("tollgate.upstream.kind", "swarms");
        p.put("tollgate.upstream.url", agent.url().toString());
        p.put("tollgate.oracle.primary", "fixed");
        p.put("tollgate.oracle.secondary", "none");
        p.put("tollgate.oracle.fixed-prices.SOL", "150");
        p.put("tollgate.pricing.input-cost-per-million-usd", "10");
        p.put("tollgate.pricing.output-cost-per-million-usd", "30");
        p.put("tollgate.settlement-fee-percent", "0.05");
        p.put("tollgate.reconciler.enabled", "false");
        p.put("tollgate.lockbox.reaper.enabled", "false");
        p.put("tollgate.limits.enabled", "false");
        p.put("tollgate.limits.trusted-proxies", PROXY);
        p.put("tollgate.test.recording-sweeps", "true");
        return p;
    }

    @AfterAll
    void stop() {
        agent.close();
    }

    @Test
    void behindATrustedProxyTheResourceUrlIsWhatTheClientCalled() throws Exception {
        HttpResponse<String> trade = post(PROXY, tradeBody(), FORWARDED);
        assertThat(trade.statusCode()).as(trade.body()).isEqualTo(402);
        JsonNode required = paymentRequired(trade);
        assertThat(required.path("resource").path("url").asText()).isEqualTo(PUBLIC_URL);

        // a paid retry that does not match the offer: refused with a fresh demand for the same public URL
        ObjectNode accepted = (ObjectNode) required.path("accepts").path(0).deepCopy();
        accepted.put("amount", "1");
        Map<String, Object> payment = new LinkedHashMap<>();
        payment.put("x402Version", 2);
        payment.put("accepted", accepted);
        payment.put("payload", Map.of("transaction", "AA=="));
        Map<String, String> headers = new LinkedHashMap<>(FORWARDED);
        headers.put("PAYMENT-SIGNATURE", X402Http.encode(payment));
        HttpResponse<String> refused = post(PROXY, tradeBody(), headers);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(402);
        JsonNode again = paymentRequired(refused);
        assertThat(again.path("error").asText()).as(refused.body()).isNotBlank();
        assertThat(again.path("resource").path("url").asText()).isEqualTo(PUBLIC_URL);
    }

    @Test
    void fromAnyOtherPeerTheForwardedHeadersAreIgnored() throws Exception {
        HttpResponse<String> trade = post(STRANGER, tradeBody(), FORWARDED);
        assertThat(trade.statusCode()).as(trade.body()).isEqualTo(402);
        String url = paymentRequired(trade).path("resource").path("url").asText();
        assertThat(url).isEqualTo("http://" + host() + "/v1/agent/trade").doesNotContain("pay.example.com");
    }

    private String host() {
        return "127.0.0.1:" + server.getPort();
    }

    private static String tradeBody() {
        return "{\"agent_config\":{\"agent_name\":\"t\"},\"task\":\"x\",\"user_wallet\":\""
                + InMemoryRail.newAccount().getPublicKeyBase58() + "\",\"payment_token\":\"USDC\"}";
    }

    /** A POST from the local address {@code from} to the server at 127.0.0.1 (its Host header says so). */
    private HttpResponse<String> post(String from, String body, Map<String, String> headers) throws Exception {
        HttpClient client = HttpClient.newBuilder().localAddress(InetAddress.getByName(from))
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(java.net.URI.create("http://" + host()
                        + "/v1/agent/trade")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode paymentRequired(HttpResponse<String> response) {
        return X402Http.decode(response.headers().firstValue("PAYMENT-REQUIRED").orElseThrow());
    }
}
