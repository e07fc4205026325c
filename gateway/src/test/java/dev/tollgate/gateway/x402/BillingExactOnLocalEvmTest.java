package dev.tollgate.gateway.x402;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.gateway.billing.BillingHttp;
import dev.tollgate.gateway.support.LocalPolygon;
import dev.tollgate.lockbox.Job;
import dev.tollgate.lockbox.JobState;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

/**
 * Issue 10 (EVM): a billed request paid with x402 {@code exact} through {@code /v1/billing/*} on the real local anvil
 * (SplitVaultFactory, relayer), the real embedded PostgreSQL, payloads signed by the STOCK x402 client for the offer
 * the billing API made: the host's payee and fee recipient get exactly net and fee (judged on chain), the job the
 * offer named is released with the output, a replayed payload authorises nothing, concurrent authorizes of one
 * payload let one win, and a second settle is 409.
 */
class BillingExactOnLocalEvmTest extends StockX402OnLocalEvm {
    private static final String TOKEN = "billing-evm-token-0123456789";
    private final String payee = LocalPolygon.newKey().getAddress();
    private final String feeRecipient = LocalPolygon.newKey().getAddress();
    private BillingHttp billing;

    @Override
    void moreProperties(Map<String, String> properties) {
        properties.put("tollgate.billing.token", TOKEN);
    }

    private BillingHttp billing() {
        if (billing == null) {
            billing = new BillingHttp(server.getURI(), TOKEN);
        }
        return billing;
    }

    /** 0.025 USD at 500 bps: what the vault's fee (the rail's 5 %) splits. */
    private ObjectNode terms() {
        return BillingHttp.fixedTerms("0.025", "polygon", payee, feeRecipient, 500);
    }

    private JsonNode offers() {
        BillingHttp.Reply r = billing().call("offers", BillingHttp.wrap("terms", terms()));
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.body().path("payment_required");
    }

    private List<String> sign(JsonNode paymentRequired, Credentials payer, int count) {
        return StockX402Client.sign(X402Http.encode(paymentRequired),
                Map.of("EVM_PRIVATE_KEY", LocalPolygon.secret(payer)), count, null);
    }

    private BillingHttp.Reply authorize(String header) {
        ObjectNode body = BillingHttp.wrap("terms", terms());
        body.set("credential", BillingHttp.x402(header));
        return billing().call("authorize", body);
    }

    @Test
    void theStockClientsPaymentPaysTheHostsPayeeAndFeeRecipientExactlyOnce() throws Exception {
        Credentials payer = chain.payer(BigInteger.ZERO, FUNDS);
        JsonNode required = offers();
        JsonNode offer = required.path("accepts").get(0);
        assertThat(offer.path("scheme").asText()).isEqualTo("exact");
        assertThat(offer.path("network").asText()).isEqualTo(network);
        assertThat(offer.path("amount").asText()).isEqualTo(USDC_TOTAL.toString());
        String vault = offer.path("payTo").asText();
        String header = sign(required, payer, 1).get(0);
        BigInteger payeeBefore = chain.usdc(payee);
        BigInteger feeBefore = chain.usdc(feeRecipient);

        BillingHttp.Reply authorized = authorize(header);
        assertThat(authorized.status()).as(authorized.raw()).isEqualTo(200);
        assertThat(authorized.body().path("payer").asText()).isEqualToIgnoringCase(payer.getAddress());
        assertThat(chain.usdc(payer.getAddress())).as("authorize moves nothing").isEqualTo(BigInteger.valueOf(FUNDS));
        String id = authorized.body().path("authorization_id").asText();

        BillingHttp.Reply paid = billing().call("settle", BillingHttp.settleBody(id, "{\"answer\":42}", Map.of()));
        assertThat(paid.status()).as(paid.raw()).isEqualTo(200);
        String tx = paid.body().path("tx_id").asText();
        var receipt = web3j.ethGetTransactionReceipt(tx).send().getTransactionReceipt().orElseThrow();
        assertThat(receipt.isStatusOK()).isTrue();
        assertThat(chain.usdc(payee).subtract(payeeBefore)).isEqualTo(USDC_TOTAL.subtract(USDC_FEE));
        assertThat(chain.usdc(feeRecipient).subtract(feeBefore)).isEqualTo(USDC_FEE);
        assertThat(chain.usdc(payer.getAddress())).isEqualTo(BigInteger.valueOf(FUNDS).subtract(USDC_TOTAL));
        assertThat(chain.usdc(vault)).isZero();
        JsonNode response = BillingHttp.decode(paid.body().path("payment_response").asText());
        assertThat(response.path("success").asBoolean()).isTrue();
        assertThat(response.path("transaction").asText()).isEqualTo(tx);
        assertThat(paid.body().path("atp_settlement").path("payment").path("recipient").path("pubkey").asText())
                .isEqualToIgnoringCase(payee);
        Job job = lockbox.find(UUID.fromString(offer.path("extra").path("tollgateJobId").asText())).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.RELEASED);
        assertThat(new String(lockbox.releasedOutput(job.id()), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"answer\":42");

        BillingHttp.Reply again = billing().call("settle", BillingHttp.settleBody(id, "{}", Map.of()));
        assertThat(again.status()).isEqualTo(409);
        BillingHttp.Reply replay = authorize(header);
        assertThat(replay.status()).as(replay.raw()).isEqualTo(402);
        assertThat(replay.body().path("reason").asText()).isEqualTo("payment_already_used");
        assertThat(chain.usdc(payer.getAddress())).isEqualTo(BigInteger.valueOf(FUNDS).subtract(USDC_TOTAL));
    }

    @Test
    void concurrentAuthorizesOfOnePayloadLetOneWinAndItsSettlePaysOnce() throws Exception {
        Credentials payer = chain.payer(BigInteger.ZERO, FUNDS);
        String header = sign(offers(), payer, 1).get(0);
        int n = 4;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<BillingHttp.Reply> replies = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<BillingHttp.Reply>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return authorize(header);
                }));
            }
            go.countDown();
            for (Future<BillingHttp.Reply> f : futures) {
                replies.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        List<BillingHttp.Reply> won = replies.stream().filter(r -> r.status() == 200).toList();
        assertThat(won).as(replies.toString()).hasSize(1);
        replies.stream().filter(r -> r.status() != 200).forEach(r ->
                assertThat(r.body().path("reason").asText()).as(r.raw()).isEqualTo("payment_already_used"));
        String id = won.get(0).body().path("authorization_id").asText();
        assertThat(billing().call("settle", BillingHttp.settleBody(id, "{}", Map.of())).status()).isEqualTo(200);
        assertThat(chain.usdc(payer.getAddress())).isEqualTo(BigInteger.valueOf(FUNDS).subtract(USDC_TOTAL));
    }
}
