package dev.tollgate.gateway.x402;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.chain.solana.SolanaExactConfig;
import dev.tollgate.chain.support.Poll;
import dev.tollgate.gateway.billing.BillingHttp;
import dev.tollgate.gateway.support.LocalSolana;
import dev.tollgate.lockbox.JobState;
import dev.tollgate.lockbox.Sweep;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.math.BigInteger;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.p2p.solanaj.core.Account;

/**
 * Issue 10 (Solana): a billed request paid with x402 {@code exact} through {@code /v1/billing/*} on the local Solana
 * node, the payload signed by the STOCK x402 client ({@code @x402/svm}) for the billing API's offer: the total lands
 * in the settlement wallet and the sweeper moves exactly net to the host's payee and the fee to its fee recipient;
 * a replayed payload authorises nothing. Also the {@code private_key} credential, switched on here, paying the split
 * directly from the payer's key.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BillingExactOnLocalSolanaTest extends StockX402OnLocalSolana {
    private static final String TOKEN = "billing-svm-token-0123456789";
    private static final long FEE_BPS = 500;
    private BillingHttp billing;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = x402OnLocalSolana();
        p.put("tollgate.sweeper.initial-delay-seconds", "1");
        p.put("tollgate.sweeper.interval-seconds", "1");
        p.put("tollgate.billing.token", TOKEN);
        p.put("tollgate.billing.allow-private-key", "true");
        p.put("tollgate.private-key-settlement", "false");
        return p;
    }

    private BillingHttp billing() {
        if (billing == null) {
            billing = new BillingHttp(server.getURI(), TOKEN);
        }
        return billing;
    }

    private ObjectNode terms() {
        return BillingHttp.fixedTerms("0.02", "solana", chain.agentTreasury, chain.feeTreasury, (int) FEE_BPS);
    }

    private BillingHttp.Reply authorize(ObjectNode credential) {
        ObjectNode body = BillingHttp.wrap("terms", terms());
        body.set("credential", credential);
        return billing().call("authorize", body);
    }

    @Test
    void theStockClientsPaymentIsSettledAndSweptIntoTheHostsPayeeAndFeeRecipient() throws Exception {
        Account payer = payer();
        BillingHttp.Reply offers = billing().call("offers", BillingHttp.wrap("terms", terms()));
        assertThat(offers.status()).as(offers.raw()).isEqualTo(200);
        JsonNode required = offers.body().path("payment_required");
        JsonNode offer = required.path("accepts").get(0);
        assertThat(offer.path("network").asText()).isEqualTo(SolanaExactConfig.DEVNET.value());
        assertThat(offer.path("extra").path("memo").asText())
                .isEqualTo("ATP:" + offer.path("extra").path("tollgateJobId").asText());
        BigInteger total = new BigInteger(offer.path("amount").asText());
        assertThat(total).isEqualTo(BigInteger.valueOf(20_000));
        BigInteger fee = total.multiply(BigInteger.valueOf(FEE_BPS)).divide(BigInteger.valueOf(10_000));
        String settlementWallet = offer.path("payTo").asText();
        String header = StockX402Client.sign(X402Http.encode(required), keyOf(payer), 1, null).get(0);
        BigInteger agentBefore = chain.usdc(chain.agentTreasury);
        BigInteger feeBefore = chain.usdc(chain.feeTreasury);

        BillingHttp.Reply authorized = authorize(BillingHttp.x402(header));
        assertThat(authorized.status()).as(authorized.raw()).isEqualTo(200);
        assertThat(authorized.body().path("payer").asText()).isEqualTo(payer.getPublicKeyBase58());
        BillingHttp.Reply paid = billing().call("settle", BillingHttp.settleBody(
                authorized.body().path("authorization_id").asText(), "{\"answer\":42}", Map.of()));
        assertThat(paid.status()).as(paid.raw()).isEqualTo(200);
        String tx = paid.body().path("tx_id").asText();
        assertThat(chain.usdc(payer.getPublicKeyBase58())).isEqualTo(BigInteger.valueOf(FUNDS).subtract(total));
        UUID jobId = UUID.fromString(paid.body().path("job_id").asText());
        assertThat(jobId.toString()).isEqualTo(offer.path("extra").path("tollgateJobId").asText());
        assertThat(lockbox.find(jobId).orElseThrow().state()).isEqualTo(JobState.RELEASED);

        Sweep done = Poll.until(() -> sweeps.byJob(jobId).stream().filter(s -> s.state() == Sweep.State.DONE)
                .findFirst().orElse(null), Poll.LIMIT);
        assertThat(done.sourceTxId()).isEqualTo(tx);
        assertThat(done.netUnits()).isEqualTo(total.subtract(fee));
        assertThat(done.feeUnits()).isEqualTo(fee);
        assertThat(chain.usdc(chain.agentTreasury).subtract(agentBefore)).isEqualTo(total.subtract(fee));
        assertThat(chain.usdc(chain.feeTreasury).subtract(feeBefore)).isEqualTo(fee);
        assertThat(chain.usdc(settlementWallet)).isZero();

        BillingHttp.Reply replay = authorize(BillingHttp.x402(header));
        assertThat(replay.status()).as(replay.raw()).isEqualTo(402);
        assertThat(replay.body().path("reason").asText()).isEqualTo("payment_already_used");
    }

    @Test
    void anAllowedPrivateKeyPaysTheSplitFromThePayersWallet() throws Exception {
        Account payer = payer();
        ObjectNode key = BillingHttp.JSON.createObjectNode();
        key.put("type", "private_key").put("key", LocalSolana.secret(payer)).put("network", "solana");
        BillingHttp.Reply authorized = authorize(key);
        assertThat(authorized.status()).as(authorized.raw()).isEqualTo(200);
        assertThat(authorized.body().path("kind").asText()).isEqualTo("private_key");
        BigInteger agentBefore = chain.usdc(chain.agentTreasury);
        BigInteger feeBefore = chain.usdc(chain.feeTreasury);

        ObjectNode settle = BillingHttp.settleBody(authorized.body().path("authorization_id").asText(), "{}", Map.of());
        settle.set("credential", key);
        BillingHttp.Reply paid = billing().call("settle", settle);
        assertThat(paid.status()).as(paid.raw()).isEqualTo(200);
        assertThat(paid.raw()).doesNotContain(LocalSolana.secret(payer));
        assertThat(chain.usdc(payer.getPublicKeyBase58())).isEqualTo(BigInteger.valueOf(FUNDS - 20_000));
        assertThat(chain.usdc(chain.agentTreasury).subtract(agentBefore)).isEqualTo(BigInteger.valueOf(19_000));
        assertThat(chain.usdc(chain.feeTreasury).subtract(feeBefore)).isEqualTo(BigInteger.valueOf(1_000));
    }
}
