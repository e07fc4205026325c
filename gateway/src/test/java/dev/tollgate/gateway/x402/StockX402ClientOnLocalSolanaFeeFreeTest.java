package dev.tollgate.gateway.x402;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.lockbox.JobState;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.math.BigInteger;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.p2p.solanaj.core.Account;

/**
 * Issue 9 (Solana, no fee): with a zero fee the stock {@code @x402/fetch} client's one transfer goes straight to the
 * agent's wallet: {@code payTo} is the agent treasury, the agent gets the total, nothing is swept.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StockX402ClientOnLocalSolanaFeeFreeTest extends StockX402OnLocalSolana {
    /** Its own agent wallet (token account opened: stock clients never create the recipient's). */
    private final Account agentWallet = new Account();

    @Override
    public Map<String, String> getProperties() {
        chain.node.airdrop(agentWallet.getPublicKeyBase58(), 1_000_000_000L);
        chain.node.mintTo(chain.usdc.address(), agentWallet.getPublicKeyBase58(), BigInteger.ONE);
        Map<String, String> p = x402OnLocalSolana();
        p.put("tollgate.networks.solana.agent-treasury", agentWallet.getPublicKeyBase58());
        p.put("tollgate.settlement-fee-percent", "0");
        p.put("tollgate.sweeper.enabled", "false");
        return p;
    }

    @Test
    void withoutAFeeTheStockClientPaysTheAgentDirectly() throws Exception {
        Account payer = payer();
        X402Http.Reply challenge = http.post("/v1/agent/trade", tradeBody(payer), Map.of());
        assertThat(challenge.status()).as(challenge.raw()).isEqualTo(402);
        JsonNode offer = challenge.decoded("PAYMENT-REQUIRED").path("accepts").path(0);
        assertThat(offer.path("payTo").asText()).isEqualTo(agentWallet.getPublicKeyBase58());
        BigInteger total = new BigInteger(offer.path("amount").asText());
        BigInteger agentBefore = chain.usdc(agentWallet.getPublicKeyBase58());

        JsonNode paid = stockClientPaysTrade(payer);

        StockX402Client.assertPaidWithOutput(paid, payer.getPublicKeyBase58());
        assertThat(chain.usdc(agentWallet.getPublicKeyBase58()).subtract(agentBefore)).isEqualTo(total);
        assertThat(chain.usdc(payer.getPublicKeyBase58()))
                .isEqualTo(BigInteger.valueOf(FUNDS).subtract(total));
        UUID jobId = UUID.fromString(paid.path("body").path("job_id").asText());
        assertThat(lockbox.find(jobId).orElseThrow().state()).isEqualTo(JobState.RELEASED);
        assertThat(sweeps.byJob(jobId)).isEmpty();
    }
}
