package dev.tollgate.gateway.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.chain.memory.InMemoryRail;
import dev.tollgate.chain.memory.InMemoryRailExactScheme;
import dev.tollgate.gateway.rails.InMemoryRailBuilder;
import dev.tollgate.gateway.rails.PaymentRails;
import dev.tollgate.gateway.rails.RailBinding;
import dev.tollgate.gateway.support.InMemoryGatewayProperties;
import dev.tollgate.gateway.support.TestAgent;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.p2p.solanaj.core.Account;

/**
 * x402's wire objects pinned by golden files (decoded header JSON, key order and number text included): the
 * trade's PAYMENT-REQUIRED, a refusal's fresh PAYMENT-REQUIRED with its error, the PAYMENT-RESPONSE of a paid
 * retry, and the facilitator's /supported. On the in-memory rail's exact scheme (the rails' own extras differ).
 */
@MicronautTest(transactional = false, environments = InMemoryRailBuilder.ENVIRONMENT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class X402WireGoldenTest implements TestPropertyProvider {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USDC = InMemoryRail.newAccount().getPublicKeyBase58();

    private final TestAgent agent = new TestAgent();
    private final HttpClient http = HttpClient.newHttpClient();
    private final GoldenFiles golden = GoldenFiles.ofGatewayModule();

    @Inject
    EmbeddedServer server;
    @Inject
    PaymentRails rails;

    @Override
    public Map<String, String> getProperties() {
        return InMemoryGatewayProperties.solana(agent, "solana:golden", USDC);
    }

    @AfterAll
    void stop() {
        agent.close();
    }

    @Test
    void x402WireObjects() throws Exception {
        RailBinding binding = rails.resolve("solana").orElseThrow();
        InMemoryRail rail = (InMemoryRail) binding.rail();
        Account payer = InMemoryRail.newAccount();
        rail.fund(payer.getPublicKeyBase58(), rail.assets().get("SOL"), BigInteger.valueOf(10_000_000_000L));
        rail.fund(payer.getPublicKeyBase58(), rail.assets().get("USDC"), BigInteger.valueOf(1_000_000_000L));
        String body = JSON.writeValueAsString(Map.of("agent_config", Map.of("agent_name", "t"), "task", "x",
                "user_wallet", payer.getPublicKeyBase58(), "payment_token", "USDC"));

        HttpResponse<String> challenge = post("/v1/agent/trade", body, Map.of());
        String jobId = JSON.readTree(challenge.body()).path("job_id").asText();
        JsonNode required = decode(challenge.headers().firstValue("PAYMENT-REQUIRED").orElseThrow());
        GoldenNormaliser names = new GoldenNormaliser().known(jobId, "job_id")
                .known(payer.getPublicKeyBase58(), "payer").known(USDC, "usdc_mint")
                .known(rail.exact().vault(), "vault").known(rail.exact().signers().get(0), "relayer")
                .known(server.getHost() + ":" + server.getPort(), "host");
        golden.assertMatches("x402_payment_required", names.normalise(402, required.toString()));

        JsonNode offer = required.path("accepts").path(0);
        Map<String, Object> signedForLess = InMemoryRailExactScheme.sign(payer, offer.path("network").asText(), USDC,
                offer.path("payTo").asText(), "1", "nonce00000000001", System.currentTimeMillis() / 1000 + 300);
        HttpResponse<String> refused = post("/v1/agent/trade", body,
                Map.of("PAYMENT-SIGNATURE", envelope(required, offer, signedForLess)));
        assertThat(refused.statusCode()).isEqualTo(402);
        golden.assertMatches("x402_payment_required_refused", names.normalise(refused.statusCode(),
                decode(refused.headers().firstValue("PAYMENT-REQUIRED").orElseThrow()).toString()));

        Map<String, Object> payload = InMemoryRailExactScheme.sign(payer, offer.path("network").asText(), USDC,
                offer.path("payTo").asText(), offer.path("amount").asText(), "nonce00000000002",
                System.currentTimeMillis() / 1000 + 300);
        HttpResponse<String> paid = post("/v1/agent/trade", body,
                Map.of("PAYMENT-SIGNATURE", envelope(required, offer, payload)));
        assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
        String tx = JSON.readTree(paid.body()).path("tx_signature").asText();
        names.known(tx, "tx_signature");
        golden.assertMatches("x402_payment_response", names.normalise(200,
                decode(paid.headers().firstValue("PAYMENT-RESPONSE").orElseThrow()).toString()));

        HttpResponse<String> supported = http.send(HttpRequest.newBuilder(server.getURI().resolve("/x402/supported"))
                .GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        golden.assertMatches("x402_facilitator_supported", names.normalise(supported.statusCode(),
                supported.body()));
    }

    private HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.getURI().resolve(path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String envelope(JsonNode required, JsonNode offer, Map<String, Object> payload) throws Exception {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("x402Version", 2);
        p.put("payload", payload);
        p.put("resource", required.path("resource"));
        p.put("accepted", offer);
        return Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(p));
    }

    private static JsonNode decode(String header) throws Exception {
        return JSON.readTree(Base64.getDecoder().decode(header));
    }
}
