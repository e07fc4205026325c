package dev.tollgate.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP client of the contract against a stub gateway over real HTTP. */
class HttpBillingGatewayTest {

    private static StubGatewayServer stub;
    private static HttpBillingGateway gateway;

    private static final BillingTerms FIXED = new BillingTerms(new BillingTerms.Resource("http://h:1/v1/quote", "q",
            "application/json"), EndpointRule.fixed("/v1/quote", null, new BigDecimal("0.010")),
            List.of(new RailTerms("polygon-local", "USDC", "0xpay", null)), 500, "confirmed");

    @BeforeAll
    static void start() throws Exception {
        stub = new StubGatewayServer();
        gateway = new HttpBillingGateway(stub.url(), StubGatewayServer.TOKEN, Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() {
        stub.close();
    }

    @Test
    void offersSendsTheTermsWithTheBearerToken() {
        Offers offers = gateway.offers(FIXED);
        assertThat(offers.paymentRequired().get("x402Version").asInt()).isEqualTo(2);
        assertThat(offers.allowances().get(0).get("spender").asText()).isEqualTo("0xspender");
        JsonNode terms = stub.offers.getLast().get("terms");
        assertThat(terms.at("/price/fixed_usd").asText()).isEqualTo("0.01");
        assertThat(terms.at("/rails/0/pay_to").asText()).isEqualTo("0xpay");
        assertThat(terms.at("/rails/0").has("fee_recipient")).isFalse();
        assertThat(terms.get("fee_bps").asInt()).isEqualTo(500);
        assertThat(terms.at("/resource/url").asText()).isEqualTo("http://h:1/v1/quote");
    }

    @Test
    void authorizeSettleAndReleaseRoundTrip() {
        AuthorizeResult result = gateway.authorize(new AuthorizeRequest(FIXED, null, new Credential.X402("good-1")));
        Authorization authorization = ((AuthorizeResult.Authorized) result).authorization();
        assertThat(authorization.kind()).isEqualTo("exact");
        assertThat(authorization.reservedUnits()).isEqualTo(new java.math.BigInteger("50000"));
        assertThat(stub.authorizations.getLast().at("/credential/type").asText()).isEqualTo("x402");
        assertThat(stub.authorizations.getLast().has("estimate_usd")).isFalse();

        SettleResult settled = gateway.settle(new SettleRequest(authorization.id(), null, null, "text/plain",
                "out".getBytes(StandardCharsets.UTF_8), null));
        assertThat(settled).isInstanceOf(SettleResult.Paid.class);
        JsonNode sent = stub.settles.getLast();
        assertThat(Base64.getDecoder().decode(sent.at("/output/base64").asText())).isEqualTo(
                "out".getBytes(StandardCharsets.UTF_8));
        assertThat(sent.at("/output/content_type").asText()).isEqualTo("text/plain");
        assertThat(sent.has("usd")).isFalse();
        assertThat(sent.has("credential")).isFalse();

        assertThat(gateway.settle(new SettleRequest(authorization.id(), null, null, null, new byte[0], null)))
                .as("exactly once").isInstanceOf(SettleResult.AlreadyUsed.class);
        gateway.release(authorization.id());
        assertThat(stub.releases).contains(authorization.id());
    }

    @Test
    void refusalIsAValueWithTheGatewayBody() {
        AuthorizeResult result = gateway.authorize(new AuthorizeRequest(FIXED, null, new Credential.Siwx("bad", null,
                null)));
        AuthorizeResult.Refused refused = (AuthorizeResult.Refused) result;
        assertThat(refused.status()).isEqualTo(402);
        assertThat(refused.code()).isEqualTo("payment_invalid");
        assertThat(refused.body().get("reason").asText()).isEqualTo("invalid_exact_evm_payload_signature");
    }

    @Test
    void wrongTokenIsAnExceptionWithoutTheToken() {
        HttpBillingGateway wrong = new HttpBillingGateway(stub.url(), "not-the-token", Duration.ofSeconds(5));
        assertThatThrownBy(() -> wrong.offers(FIXED)).isInstanceOf(BillingGatewayException.class)
                .hasMessageContaining("HTTP 401").hasMessageNotContaining("not-the-token")
                .hasMessageNotContaining("127.0.0.1");
    }

    @Test
    void unreachableAndSlowGatewaysFailFast() throws Exception {
        HttpServer silent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        java.util.concurrent.CountDownLatch testOver = new java.util.concurrent.CountDownLatch(1);
        silent.createContext("/", exchange -> {
            // never answers while the test runs, however slow the machine
            try {
                testOver.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        silent.start();
        try {
            HttpBillingGateway slow = new HttpBillingGateway(URI.create("http://127.0.0.1:"
                    + silent.getAddress().getPort()), "t", Duration.ofMillis(300));
            long start = System.nanoTime();
            assertThatThrownBy(() -> slow.release("x")).isInstanceOf(BillingGatewayException.class)
                    .hasMessageContaining("timed out");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        } finally {
            testOver.countDown();
            silent.stop(0);
        }
    }

    @Test
    void oversizedAnswersAreRefused() throws Exception {
        HttpServer huge = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        huge.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            try (var out = exchange.getResponseBody()) {
                for (int i = 0; i < 40; i++) {
                    out.write(chunk);
                }
            } catch (java.io.IOException cancelled) {
                // the client hung up once over its cap
            }
        });
        huge.start();
        try {
            HttpBillingGateway client = new HttpBillingGateway(URI.create("http://127.0.0.1:"
                    + huge.getAddress().getPort() + "/"), "t", Duration.ofSeconds(5));
            assertThatThrownBy(() -> client.offers(FIXED)).isInstanceOf(BillingGatewayException.class)
                    .hasMessageContaining("larger than");
        } finally {
            huge.stop(0);
        }
    }
}
