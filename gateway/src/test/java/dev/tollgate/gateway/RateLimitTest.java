package dev.tollgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.gateway.support.GatewayHttp;
import dev.tollgate.gateway.support.GatewayTestProperties;
import dev.tollgate.gateway.support.TestAgent;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.p2p.solanaj.core.Account;

/**
 * Per-client limits over real HTTP. Clients are told apart by their real source address: each test connects from
 * its own loopback address (127.0.0.x), so one client's spent bucket is visibly not another's. 127.0.0.9 is a
 * trusted proxy. Limits here: trades 1 a minute in bursts of 2, settles 1 a minute in bursts of 3. Output-URL fetches
 * and x402 paid retries are settle-class.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitTest implements TestPropertyProvider {
    private final TestAgent agent = new TestAgent();

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = GatewayTestProperties.forSolana(agent);
        p.put("tollgate.limits.enabled", "true");
        p.put("tollgate.limits.trades-per-minute", "1");
        p.put("tollgate.limits.trade-burst", "2");
        p.put("tollgate.limits.settles-per-minute", "1");
        p.put("tollgate.limits.settle-burst", "3");
        p.put("tollgate.limits.trusted-proxies", "127.0.0.9, 10.0.0.0/8");
        return p;
    }

    @AfterAll
    void stopAgent() {
        agent.close();
    }

    record Answer(int status, JsonNode body, HttpResponse<String> raw) {
        String code() {
            return body.path("error").path("code").asText(null);
        }
    }

    /** POSTs {@code body} from the local address {@code from}, with an X-Forwarded-For header if given. */
    private Answer post(String from, String path, Object body, String forwardedFor) throws Exception {
        HttpClient client = HttpClient.newBuilder().localAddress(InetAddress.getByName(from))
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(server.getURI().resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(GatewayHttp.JSON.writeValueAsString(body)));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), GatewayHttp.JSON.readTree(response.body()), response);
    }

    /** GETs {@code path} from the local address {@code from}, with extra headers. */
    private Answer get(String from, String path, Map<String, String> headers) throws Exception {
        HttpClient client = HttpClient.newBuilder().localAddress(InetAddress.getByName(from))
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(server.getURI().resolve(path))
                .timeout(Duration.ofSeconds(30)).GET();
        headers.forEach(request::header);
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), GatewayHttp.JSON.readTree(response.body()), response);
    }

    /** POSTs a trade carrying an x402 payment header: a paid retry (here of nothing: refused when it gets through). */
    private Answer paidRetry(String from) throws Exception {
        HttpClient client = HttpClient.newBuilder().localAddress(InetAddress.getByName(from))
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(server.getURI().resolve("/v1/agent/trade"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("PAYMENT-SIGNATURE", "e30=")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), GatewayHttp.JSON.readTree(response.body()), response);
    }

    private Answer trade(String from) throws Exception {
        return post(from, "/v1/agent/trade", Map.of("agent_config", Map.of("agent_name", "t"), "task", "x",
                "user_wallet", new Account().getPublicKeyBase58()), null);
    }

    /** A settle of nothing: 422 when it gets through, 429 when the limit stops it first. */
    private Answer settle(String from, String forwardedFor) throws Exception {
        return post(from, "/v1/agent/settle", Map.of(), forwardedFor);
    }

    @Test
    void aClientOverItsTradeLimitGets429WithRetryAfterAndTheAgentDoesNotRun() throws Exception {
        assertThat(trade("127.0.0.2").status()).isEqualTo(402);
        assertThat(trade("127.0.0.2").status()).isEqualTo(402);
        int callsBefore = agent.calls();

        Answer limited = trade("127.0.0.2");

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.code()).isEqualTo("rate_limited");
        long retryAfter = Long.parseLong(limited.raw().headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 60L); // one trade a minute
        assertThat(limited.body().path("error").path("retry_after_seconds").asLong()).isEqualTo(retryAfter);
        assertThat(limited.body().path("detail").asText()).contains("Too many trades");
        assertThat(agent.calls()).isEqualTo(callsBefore);
    }

    @Test
    void anotherClientIsUnaffectedAndTradesAndSettlesAreCountedApart() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(settle("127.0.0.3", null).status()).isEqualTo(422);
        }
        assertThat(settle("127.0.0.3", null).status()).isEqualTo(429);

        assertThat(settle("127.0.0.4", null).status()).isEqualTo(422);
        assertThat(trade("127.0.0.3").status()).isEqualTo(402);
    }

    @Test
    void forwardedForIsIgnoredFromAnUntrustedPeer() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(settle("127.0.0.5", "203.0.113." + i).status()).isEqualTo(422);
        }
        // a client cannot become someone else by naming another address
        assertThat(settle("127.0.0.5", "203.0.113.99").status()).isEqualTo(429);
    }

    @Test
    void behindATrustedProxyTheForwardedClientIsCounted() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(settle("127.0.0.9", "198.51.100.7").status()).isEqualTo(422);
        }
        assertThat(settle("127.0.0.9", "198.51.100.7").status()).isEqualTo(429);
        // a spoofed hop to the left of what the proxy appended does not help; internal hops are skipped
        assertThat(settle("127.0.0.9", "192.0.2.1, 198.51.100.7").status()).isEqualTo(429);
        assertThat(settle("127.0.0.9", "198.51.100.7, 10.1.2.3").status()).isEqualTo(429);
        // another client behind the same proxy has its own bucket
        assertThat(settle("127.0.0.9", "198.51.100.8").status()).isEqualTo(422);
    }

    @Test
    void outputUrlFetchesAreSettleClassAndGet429WithRetryAfter() throws Exception {
        String output = "/v1/agent/jobs/" + java.util.UUID.randomUUID() + "/output";
        for (int i = 0; i < 3; i++) {
            Answer passed = get("127.0.0.6", output, Map.of());
            assertThat(passed.status()).as(passed.raw().body()).isEqualTo(404);
        }

        Answer limited = get("127.0.0.6", output, Map.of());

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.code()).isEqualTo("rate_limited");
        long retryAfter = Long.parseLong(limited.raw().headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 60L); // one settle-class request a minute
        assertThat(limited.body().path("detail").asText()).contains("Too many settles");
        // the same bucket as settles; trades are counted apart
        assertThat(settle("127.0.0.6", null).status()).isEqualTo(429);
        assertThat(trade("127.0.0.6").status()).isEqualTo(402);
        // a paying fetch of the output URL is limited too (the x402 paid retry of GET output)
        assertThat(get("127.0.0.6", output, Map.of("PAYMENT-SIGNATURE", "e30=")).status()).isEqualTo(429);
    }

    @Test
    void x402PaidRetriesOfATradeAreSettleClassNotTrades() throws Exception {
        int callsBefore = agent.calls();
        for (int i = 0; i < 3; i++) {
            Answer passed = paidRetry("127.0.0.7");
            assertThat(passed.code()).as(passed.raw().body()).isEqualTo("payment_refused"); // let through, refused
        }

        Answer limited = paidRetry("127.0.0.7");

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.raw().headers().firstValue("Retry-After")).isPresent();
        assertThat(limited.body().path("detail").asText()).contains("Too many settles");
        assertThat(agent.calls()).isEqualTo(callsBefore);
        // the trade bucket is untouched: two trades still fit its burst
        assertThat(trade("127.0.0.7").status()).isEqualTo(402);
        assertThat(trade("127.0.0.7").status()).isEqualTo(402);
    }
}
