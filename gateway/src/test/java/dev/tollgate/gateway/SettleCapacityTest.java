package dev.tollgate.gateway;

import dev.tollgate.chain.support.Poll;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.gateway.support.GatewayHttp;
import dev.tollgate.gateway.support.GatewayHttp.Reply;
import dev.tollgate.gateway.support.GatewayTestProperties;
import dev.tollgate.gateway.support.LocalSolana;
import dev.tollgate.gateway.support.TestAgent;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.p2p.solanaj.core.Account;
import org.p2p.solanaj.utils.Base58;

/**
 * Waiting for a chain must not use up the gateway: with many more settles in flight than the old 16-thread
 * settlement pool, each naming a well-formed signature the node has never seen (so each waits out a long
 * unseen-transaction grace), a real settle still gets its 200. On the old pool it queued behind them for at
 * least one whole grace period (30 s), far past this test's patience for it (20 s; it takes about a second).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SettleCapacityTest implements TestPropertyProvider {
    static final int OLD_POOL_SIZE = 16;
    static final int HANGING = 40;

    private final TestAgent agent = new TestAgent();
    private final LocalSolana chain = LocalSolana.get();

    @Inject
    EmbeddedServer server;

    private GatewayHttp http;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = GatewayTestProperties.forSolana(agent);
        p.put("tollgate.unseen-tx-grace-seconds", "30");
        p.put("tollgate.settle-wait-seconds", "60");
        p.put("tollgate.limits.enabled", "false"); // this test is one client making 80 requests at once
        return p;
    }

    @BeforeAll
    void connect() {
        http = new GatewayHttp(server.getURI());
    }

    @AfterAll
    void stopAgent() {
        agent.close();
    }

    private String trade(String wallet) {
        Reply r = http.post("/v1/agent/trade", Map.of("agent_config", Map.of("agent_name", "t"), "task", "x",
                "user_wallet", wallet, "payment_token", "SOL"));
        assertThat(r.status()).as(r.raw()).isEqualTo(402);
        return r.body().get("job_id").asText();
    }

    private static String unseenSignature(SecureRandom random) {
        byte[] signature = new byte[64];
        random.nextBytes(signature);
        return Base58.encode(signature);
    }

    private long settling(List<String> jobIds) {
        return jobIds.stream().filter(id -> "settling".equals(http.get("/v1/agent/jobs/" + id).body()
                .path("state").asText())).count();
    }

    @Test
    void aRealSettleCompletesWhileManyMoreThanThePoolSizeWaitForUnseenTransactions() throws Exception {
        SecureRandom random = new SecureRandom();
        List<String> hangingJobs = new ArrayList<>();
        for (int i = 0; i < HANGING; i++) {
            hangingJobs.add(trade(new Account().getPublicKeyBase58()));
        }
        ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
        List<Future<Reply>> hanging = new ArrayList<>();
        for (String jobId : hangingJobs) {
            String signature = unseenSignature(random);
            hanging.add(clients.submit(() -> http.post("/v1/agent/settle",
                    Map.of("job_id", jobId, "tx_signature", signature))));
        }
        // at least the old pool's worth must really be waiting before the real settle goes in
        Poll.until(() -> settling(hangingJobs) >= OLD_POOL_SIZE ? Boolean.TRUE : null, Duration.ofSeconds(20));

        Account payer = chain.payer(1_000_000_000L, 0);
        String jobId = trade(payer.getPublicKeyBase58());
        HttpClient patient = HttpClient.newHttpClient();
        HttpResponse<String> settled;
        try {
            settled = patient.send(HttpRequest.newBuilder(URI.create(server.getURI() + "/v1/agent/settle"))
                    .timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(GatewayHttp.JSON.writeValueAsString(
                            Map.of("job_id", jobId, "private_key", LocalSolana.secret(payer)))))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new AssertionError("the real settle got no answer while " + HANGING + " settles were waiting", e);
        }

        assertThat(settled.statusCode()).as(settled.body()).isEqualTo(200);
        JsonNode body = GatewayHttp.JSON.readTree(settled.body());
        assertThat(body.path("agent_output").asText()).isEqualTo(TestAgent.DEFAULT_OUTPUT);
        // and the waiting ones were served too: each signature nobody saw ends as 404, its job settleable again
        for (Future<Reply> f : hanging) {
            Reply r = f.get(90, TimeUnit.SECONDS);
            assertThat(r.status()).as(r.raw()).isEqualTo(404);
            assertThat(r.code()).isEqualTo("tx_not_found");
        }
        assertThat(settling(hangingJobs)).isZero();
        clients.shutdown();
    }
}
