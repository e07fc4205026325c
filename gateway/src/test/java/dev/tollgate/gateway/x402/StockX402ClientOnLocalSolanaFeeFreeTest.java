package dev.tollgate.gateway.x402;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.gateway.support.LocalSolana;
import dev.tollgate.gateway.support.TestAgent;
import dev.tollgate.lockbox.JobState;
import dev.tollgate.lockbox.Lockbox;
import dev.tollgate.lockbox.SweepStore;
import dev.tollgate.lockbox.testing.MutableClock;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.p2p.solanaj.core.Account;

/**
 * Issue 9 (Solana, no fee): with a zero fee the stock {@code @x402/fetch} client's one transfer goes straight to the
 * agent's wallet: {@code payTo} is the agent treasury, the agent gets the total, nothing is swept.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StockX402ClientOnLocalSolanaFeeFreeTest implements TestPropertyProvider {
    private final TestAgent agent = new TestAgent();
    private final LocalSolana chain = LocalSolana.get();
    private final Account feePayer = new Account();
    /** Its own agent wallet (token account opened: stock clients never create the recipient's). */
    private final Account agentWallet = new Account();

    @Inject
    EmbeddedServer server;
    @Inject
    MutableClock clock;
    @Inject
    Lockbox lockbox;
    @Inject
    SweepStore sweeps;

    private X402Http http;

    @Override
    public Map<String, String> getProperties() {
        chain.node.airdrop(agentWallet.getPublicKeyBase58(), 1_000_000_000L);
        chain.node.mintTo(chain.usdc.address(), agentWallet.getPublicKeyBase58(), BigInteger.ONE);
        Map<String, String> p = StockX402ClientOnLocalSolanaTest.x402OnLocalSolana(agent, chain, feePayer);
        p.put("tollgate.networks.solana.agent-treasury", agentWallet.getPublicKeyBase58());
        p.put("tollgate.settlement-fee-percent", "0");
        p.put("tollgate.sweeper.enabled", "false");
        return p;
    }

    @BeforeAll
    void connect() {
        http = new X402Http(server.getURI());
    }

    @BeforeEach
    void realTime() {
        clock.set(Instant.now());
    }

    @AfterAll
    void stop() {
        agent.close();
    }

    @Test
    void withoutAFeeTheStockClientPaysTheAgentDirectly() throws Exception {
        Account payer = chain.payer(10_000_000L, StockX402ClientOnLocalSolanaTest.FUNDS);
        X402Http.Reply challenge = http.post("/v1/agent/trade", StockX402ClientOnLocalSolanaTest.tradeBody(payer), Map.of());
        assertThat(challenge.status()).as(challenge.raw()).isEqualTo(402);
        JsonNode offer = challenge.decoded("PAYMENT-REQUIRED").path("accepts").path(0);
        assertThat(offer.path("payTo").asText()).isEqualTo(agentWallet.getPublicKeyBase58());
        BigInteger total = new BigInteger(offer.path("amount").asText());
        BigInteger agentBefore = chain.usdc(agentWallet.getPublicKeyBase58());

        JsonNode paid = StockX402Client.pay(server.getURI().resolve("/v1/agent/trade").toString(), "POST",
                StockX402ClientOnLocalSolanaTest.tradeBody(payer), StockX402ClientOnLocalSolanaTest.keyOf(payer, chain));

        assertThat(paid.path("status").asInt()).as(paid.toString()).isEqualTo(200);
        assertThat(paid.path("body").path("agent_output").asText()).isEqualTo(TestAgent.DEFAULT_OUTPUT);
        assertThat(paid.path("paymentResponse").path("success").asBoolean()).isTrue();
        assertThat(paid.path("paymentResponse").path("payer").asText()).isEqualTo(payer.getPublicKeyBase58());
        assertThat(chain.usdc(agentWallet.getPublicKeyBase58()).subtract(agentBefore)).isEqualTo(total);
        assertThat(chain.usdc(payer.getPublicKeyBase58()))
                .isEqualTo(BigInteger.valueOf(StockX402ClientOnLocalSolanaTest.FUNDS).subtract(total));
        UUID jobId = UUID.fromString(paid.path("body").path("job_id").asText());
        assertThat(lockbox.find(jobId).orElseThrow().state()).isEqualTo(JobState.RELEASED);
        assertThat(sweeps.byJob(jobId)).isEmpty();
    }
}
