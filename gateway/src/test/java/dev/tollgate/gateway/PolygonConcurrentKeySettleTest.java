package dev.tollgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.gateway.support.GatewayHttp;
import dev.tollgate.gateway.support.GatewayHttp.Reply;
import dev.tollgate.gateway.support.GatewayTestProperties;
import dev.tollgate.gateway.support.LocalPolygon;
import dev.tollgate.gateway.support.TestAgent;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/**
 * Eight key-mode settles of one payer at once on anvil (the bench's {@code --full} shape). Signed concurrently, the
 * payments above the lowest nonce were signed without a valid simulation (their lower nonces not in the pool yet):
 * USDC permits went out with stale permit nonces and reverted on chain ({@code payment_failed}), and a payment
 * above a refused one waited in the pool behind the gap. In turn per payer, each is signed on what the previous one
 * left: a payment the wallet can no longer cover is refused unsent and its job stays payable.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolygonConcurrentKeySettleTest implements TestPropertyProvider {
    private static final BigInteger TEN_POL = BigInteger.TEN.pow(19);
    private static final long USDC_TOTAL = 25_000;
    private static final int SETTLES = 8;

    private final TestAgent agent = new TestAgent();
    private final LocalPolygon chain = LocalPolygon.get();

    @Inject
    EmbeddedServer server;
    private GatewayHttp http;

    @Override
    public Map<String, String> getProperties() {
        return GatewayTestProperties.forSolanaAndPolygon(agent, 1);
    }

    @BeforeAll
    void connect() {
        http = new GatewayHttp(server.getURI());
    }

    @AfterAll
    void stop() {
        agent.close();
    }

    @Test
    void eightSettlesOfOnePayerAtOnceAllLandInUsdc() throws Exception {
        Credentials payer = chain.payer(TEN_POL, SETTLES * USDC_TOTAL);
        List<Reply> replies = settleAllAtOnce(trades(payer, "USDC", SETTLES), payer);

        assertThat(replies).allSatisfy(r -> assertThat(r.status()).as(r.raw()).isEqualTo(200));
        assertThat(chain.usdc(payer.getAddress())).isZero();
        assertThat(nonce(payer, "latest")).isEqualTo(SETTLES);
        assertPoolEmpty();
    }

    @Test
    void aPaymentTheWalletCannotCoverAmongEightIsRefusedUnsentAndStaysPayable() throws Exception {
        // USDC for seven of the eight: whichever comes last cannot be covered
        Credentials payer = chain.payer(TEN_POL, (SETTLES - 1) * USDC_TOTAL);
        List<String> jobs = trades(payer, "USDC", SETTLES);
        List<Reply> replies = settleAllAtOnce(jobs, payer);

        List<String> refused = new ArrayList<>();
        for (int i = 0; i < SETTLES; i++) {
            Reply r = replies.get(i);
            if (r.status() != 200) {
                assertThat(r.status()).as(r.raw()).isEqualTo(400);
                assertThat(r.code()).as(r.raw()).isIn("payment_rejected", "insufficient_funds");
                refused.add(jobs.get(i));
            }
        }
        assertThat(refused).hasSize(1);
        // the refused payment was never broadcast: seven transactions, none on chain reverted, none waiting
        assertThat(nonce(payer, "latest")).isEqualTo(SETTLES - 1);
        assertThat(nonce(payer, "pending")).isEqualTo(SETTLES - 1);
        assertPoolEmpty();
        assertThat(chain.usdc(payer.getAddress())).isZero();

        chain.mintUsdc(payer.getAddress(), USDC_TOTAL);
        Reply retry = settle(refused.get(0), payer);
        assertThat(retry.status()).as(retry.raw()).isEqualTo(200);
        assertThat(retry.body().path("agent_output").asText()).isEqualTo(TestAgent.DEFAULT_OUTPUT);
        assertPoolEmpty();
    }

    private List<String> trades(Credentials payer, String token, int n) {
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Reply r = http.post("/v1/agent/trade", Map.of("agent_config", Map.of("agent_name", "t"), "task", "x",
                    "user_wallet", payer.getAddress(), "network", "polygon", "payment_token", token));
            assertThat(r.status()).as(r.raw()).isEqualTo(402);
            jobs.add(r.body().path("job_id").asText());
        }
        return jobs;
    }

    private Reply settle(String jobId, Credentials payer) {
        return http.post("/v1/agent/settle", Map.of("job_id", jobId, "private_key", LocalPolygon.secret(payer)));
    }

    /** One thread per job, all released at one instant. */
    private List<Reply> settleAllAtOnce(List<String> jobs, Credentials payer) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Reply>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(jobs.size())) {
            for (String job : jobs) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return settle(job, payer);
                }));
            }
            go.countDown();
            List<Reply> replies = new ArrayList<>();
            for (Future<Reply> f : futures) {
                replies.add(f.get(120, TimeUnit.SECONDS));
            }
            return replies;
        }
    }

    private long nonce(Credentials payer, String tag) {
        return Numeric.decodeQuantity(chain.anvil.rpc().call("eth_getTransactionCount", payer.getAddress(), tag)
                .asText()).longValueExact();
    }

    private void assertPoolEmpty() {
        JsonNode status = chain.anvil.rpc().call("txpool_status");
        assertThat(status.path("pending").asText()).as("pending in the pool").isEqualTo("0x0");
        assertThat(status.path("queued").asText()).as("queued behind a nonce gap").isEqualTo("0x0");
    }
}
