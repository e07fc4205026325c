package dev.tollgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.contracts.generated.FeeSplitter;
import dev.tollgate.gateway.support.GatewayHttp;
import dev.tollgate.gateway.support.GatewayHttp.Reply;
import dev.tollgate.gateway.support.GatewayTestProperties;
import dev.tollgate.gateway.support.LocalPolygon;
import dev.tollgate.gateway.support.TestAgent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * Two gateway instances (two application contexts, each with its own beans, its own EvmRail and its own HTTP server)
 * on one database and one anvil, settling in private-key mode at the same moment from ONE payer key: every job is
 * paid exactly once on chain, with one transaction per job and no nonce used twice, and no job is left SETTLING.
 * With nonces reserved per instance this fails: both instances sign with the same nonce and one payment is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoGatewayInstancesTest {
    // The test agent's usage is $0.025: 0.1 POL at $0.25, or 25,000 USDC units; the fee is 5%.
    private static final BigInteger POL_TOTAL = new BigInteger("100000000000000000");
    private static final BigInteger POL_FEE = new BigInteger("5000000000000000");
    private static final BigInteger USDC_TOTAL = BigInteger.valueOf(25_000);
    private static final BigInteger USDC_FEE = BigInteger.valueOf(1_250);
    private static final BigInteger TEN_POL = BigInteger.TEN.pow(19);
    private static final long PAYER_USDC = 1_000_000;
    private static final int JOBS = 8;

    private final TestAgent agent = new TestAgent();
    private final LocalPolygon chain = LocalPolygon.get();
    private final List<ApplicationContext> instances = new ArrayList<>();
    private final List<GatewayHttp> gateways = new ArrayList<>();
    private Web3j web3j;

    @BeforeAll
    void startTwoInstances() {
        Map<String, Object> properties = new HashMap<>(GatewayTestProperties.forSolanaAndPolygon(agent, 1));
        for (int i = 0; i < 2; i++) {
            EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties, "test");
            instances.add(server.getApplicationContext());
            gateways.add(new GatewayHttp(server.getURI()));
        }
        web3j = Web3j.build(new HttpService(chain.anvil.rpcUrl().toString()));
    }

    @AfterAll
    void stop() {
        instances.forEach(ApplicationContext::close);
        web3j.shutdown();
        agent.close();
    }

    @Test
    void concurrentKeySettlesFromOnePayerThroughTwoInstancesPayEveryJobExactlyOnce() throws Exception {
        Credentials payer = chain.payer(TEN_POL, PAYER_USDC);
        List<String> tokens = new ArrayList<>();
        List<String> jobIds = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            String token = (i / 2) % 2 == 0 ? "POL" : "USDC"; // each instance gets both kinds
            Reply trade = gateway(i).post("/v1/agent/trade", Map.of("agent_config", Map.of("agent_name", "t"),
                    "task", "x", "user_wallet", payer.getAddress(), "network", "polygon", "payment_token", token));
            assertThat(trade.status()).as(trade.raw()).isEqualTo(402);
            tokens.add(token);
            jobIds.add(trade.body().path("job_id").asText());
        }
        Balances before = balances(payer);

        List<Reply> settles = settleAllAtOnce(jobIds, payer);

        for (int i = 0; i < JOBS; i++) {
            assertThat(settles.get(i).status()).as("job %d (%s) via instance %d: %s", i, tokens.get(i), i % 2,
                    settles.get(i).raw()).isEqualTo(200);
        }
        List<String> txs = settles.stream().map(r -> r.body().path("tx_signature").asText().toLowerCase()).toList();
        assertThat(txs).doesNotHaveDuplicates();
        for (int i = 0; i < JOBS; i++) {
            // asked of the other instance: the state is the database's, not the instance's
            assertThat(gateway(i + 1).get("/v1/agent/jobs/" + jobIds.get(i)).body().path("state").asText())
                    .isEqualTo("released");
        }

        long pol = tokens.stream().filter("POL"::equals).count();
        long usdc = JOBS - pol;
        Balances after = balances(payer);
        assertThat(after.agentPol.subtract(before.agentPol)).isEqualTo(POL_TOTAL.subtract(POL_FEE).multiply(BigInteger.valueOf(pol)));
        assertThat(after.feePol.subtract(before.feePol)).isEqualTo(POL_FEE.multiply(BigInteger.valueOf(pol)));
        assertThat(after.agentUsdc.subtract(before.agentUsdc)).isEqualTo(USDC_TOTAL.subtract(USDC_FEE).multiply(BigInteger.valueOf(usdc)));
        assertThat(after.feeUsdc.subtract(before.feeUsdc)).isEqualTo(USDC_FEE.multiply(BigInteger.valueOf(usdc)));
        assertThat(after.payerUsdc).isEqualTo(BigInteger.valueOf(PAYER_USDC).subtract(USDC_TOTAL.multiply(BigInteger.valueOf(usdc))));
        // one mined transaction per job, none wasted on a colliding nonce
        assertThat(web3j.ethGetTransactionCount(payer.getAddress(), DefaultBlockParameterName.LATEST).send()
                .getTransactionCount()).isEqualTo(BigInteger.valueOf(JOBS));
        // one Paid event per job, naming it
        List<String> paidJobRefs = paidEventsOf(payer.getAddress()).stream().map(l -> l.getTopics().get(1).toLowerCase()).toList();
        assertThat(paidJobRefs).containsExactlyInAnyOrderElementsOf(jobIds.stream()
                .map(id -> Numeric.toHexString(Hash.sha3(("ATP:" + id).getBytes(StandardCharsets.UTF_8))).toLowerCase())
                .toList());
    }

    private GatewayHttp gateway(int i) {
        return gateways.get(i % gateways.size());
    }

    /** Job i is settled through the instance that traded it; all requests released at one instant. */
    private List<Reply> settleAllAtOnce(List<String> jobIds, Credentials payer) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Reply>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(jobIds.size())) {
            for (int i = 0; i < jobIds.size(); i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    go.await();
                    return gateway(n).post("/v1/agent/settle", Map.of("job_id", jobIds.get(n),
                            "private_key", LocalPolygon.secret(payer)));
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

    private List<Log> paidEventsOf(String payer) throws Exception {
        EthFilter filter = new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST, chain.splitter);
        filter.addSingleTopic(EventEncoder.encode(FeeSplitter.PAID_EVENT));
        filter.addNullTopic();
        filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(Numeric.toBigInt(payer), 64));
        EthLog logs = web3j.ethGetLogs(filter).send();
        assertThat(logs.hasError()).as("eth_getLogs").isFalse();
        return logs.getLogs().stream().map(r -> (Log) r.get()).toList();
    }

    private record Balances(BigInteger agentPol, BigInteger feePol, BigInteger agentUsdc, BigInteger feeUsdc,
                            BigInteger payerUsdc) {
    }

    private Balances balances(Credentials payer) {
        return new Balances(chain.pol(chain.agentTreasury), chain.pol(chain.feeTreasury), chain.usdc(chain.agentTreasury),
                chain.usdc(chain.feeTreasury), chain.usdc(payer.getAddress()));
    }
}
