package dev.tollgate.gateway.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

/**
 * The billing API's {@code upto} credential over real HTTP on the local anvil (our Permit2 and upto proxy at their
 * canonical addresses, a fresh UptoSplitter for the gateway's relayer) and the real embedded PostgreSQL: a usage
 * price offers the ceiling as an x402 {@code upto} entry; the STOCK {@code @x402/evm} client signs it; authorize
 * reserves the ceiling (nothing sent) and the same payload cannot authorise a second request; settle pays the actual
 * amount with the fee split on chain (payer − actual, payee net, fee recipient fee) exactly once; an actual cost above
 * the ceiling, or a payer who revoked its Permit2 approval after authorize, is refused with the output withheld in
 * the job (nothing sent); concurrent authorizes of one payload reserve it once; an
 * {@code accepted} that is not our offer, or a payload presented for other terms, is refused; a payer without a
 * Permit2 allowance is refused with x402's {@code permit2_allowance_required}.
 */
class BillingUptoOnLocalEvmTest extends UptoOnLocalEvm {

    @Test
    void theStockClientAuthorisesTheCeilingAndSettleChargesTheActualAmountOnce() throws Exception {
        String payee = LocalPolygon.newKey().getAddress();
        String feeTo = LocalPolygon.newKey().getAddress();
        ObjectNode terms = terms(payee, feeTo);
        JsonNode required = offers(terms);
        JsonNode upto = uptoEntry(required);
        assertThat(upto.path("amount").asText()).as("the ceiling, 0.05 USD").isEqualTo("50000");
        assertThat(upto.path("payTo").asText()).isEqualTo(splitter);
        assertThat(upto.path("extra").path("facilitatorAddress").asText()).isEqualTo(splitter);
        assertThat(upto.path("extra").path("assetTransferMethod").asText()).isEqualTo("permit2");
        String jobId = upto.path("extra").path("tollgateJobId").asText();

        Credentials payer = payerApprovingPermit2();
        String header = stockSign(required, payer);
        BillingHttp.Reply authorized = authorize(terms, header);
        assertThat(authorized.status()).as(authorized.raw()).isEqualTo(200);
        JsonNode a = authorized.body();
        assertThat(a.path("kind").asText()).isEqualTo("upto");
        assertThat(a.path("network").asText()).isEqualTo(network);
        assertThat(a.path("payer").asText()).isEqualToIgnoringCase(payer.getAddress());
        assertThat(a.path("reserved_units").asText()).isEqualTo("50000");
        assertThat(chain.usdc(payer.getAddress())).as("authorize never broadcasts").isEqualTo(BigInteger.valueOf(PAYER_USDC));

        BillingHttp.Reply twice = authorize(terms, header);
        assertThat(twice.status()).as("one payload authorises one request: " + twice.raw()).isEqualTo(402);

        BillingHttp.Reply paid = http.call("settle", BillingHttp.settleBody(a.path("authorization_id").asText(),
                "{\"answer\":42}", Map.of("usd", "0.0123",
                        "usage", Map.of("input_tokens", 1000, "output_tokens", 980, "total_tokens", 1980))));
        assertThat(paid.status()).as(paid.raw()).isEqualTo(200);
        JsonNode p = paid.body();
        assertThat(p.path("status").asText()).isEqualTo("paid");
        assertThat(p.path("job_id").asText()).isEqualTo(jobId);
        assertThat(p.path("total_units").asText()).isEqualTo("12300");
        assertThat(p.path("fee_units").asText()).isEqualTo("615"); // floor(12,300 * 500 / 10,000)
        assertThat(p.path("net_units").asText()).isEqualTo("11685");
        JsonNode response = BillingHttp.decode(p.path("payment_response").asText());
        assertThat(response.path("success").asBoolean()).isTrue();
        assertThat(response.path("transaction").asText()).isEqualTo(p.path("tx_id").asText());
        assertThat(response.path("amount").asText()).isEqualTo("12300");

        assertThat(chain.usdc(payer.getAddress())).isEqualTo(BigInteger.valueOf(PAYER_USDC - 12_300));
        assertThat(chain.usdc(payee)).isEqualTo(BigInteger.valueOf(11_685));
        assertThat(chain.usdc(feeTo)).isEqualTo(BigInteger.valueOf(615));
        assertThat(chain.usdc(splitter)).isZero();
        Job job = lockbox.find(UUID.fromString(jobId)).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.RELEASED);
        assertThat(job.txId()).isEqualToIgnoringCase(p.path("tx_id").asText());

        BillingHttp.Reply again = http.call("settle", BillingHttp.settleBody(a.path("authorization_id").asText(),
                "{\"answer\":42}", Map.of("usd", "0.0123")));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("authorization_used");
        assertThat(chain.usdc(payer.getAddress())).isEqualTo(BigInteger.valueOf(PAYER_USDC - 12_300));
        // the spent payload authorises nothing more
        assertThat(authorize(terms, header).status()).isEqualTo(402);
    }

    @Test
    void anActualCostAboveTheCeilingIsRefusedAndTheOutputWaitsInTheJob() throws Exception {
        ObjectNode terms = terms(LocalPolygon.newKey().getAddress(), LocalPolygon.newKey().getAddress());
        JsonNode required = offers(terms);
        Credentials payer = payerApprovingPermit2();
        BillingHttp.Reply authorized = authorize(terms, stockSign(required, payer));
        assertThat(authorized.status()).as(authorized.raw()).isEqualTo(200);

        BillingHttp.Reply over = http.call("settle", BillingHttp.settleBody(
                authorized.body().path("authorization_id").asText(), "{\"answer\":43}", Map.of("usd", "0.0500001")));
        assertThat(over.status()).as(over.raw()).isEqualTo(402);
        assertThat(over.code()).isEqualTo("amount_exceeds_ceiling");
        Job job = lockbox.find(UUID.fromString(over.body().path("job_id").asText())).orElseThrow();
        assertThat(job.state()).as("the output waits in the job").isEqualTo(JobState.LOCKED);
        assertThat(chain.usdc(payer.getAddress())).isEqualTo(BigInteger.valueOf(PAYER_USDC));
    }

    @Test
    void aPayerWhoRevokesPermit2AfterAuthorizeIsRefusedAtSettleAndTheOutputWaitsInTheJob() throws Exception {
        ObjectNode terms = terms(LocalPolygon.newKey().getAddress(), LocalPolygon.newKey().getAddress());
        JsonNode required = offers(terms);
        Credentials payer = payerApprovingPermit2();
        BillingHttp.Reply authorized = authorize(terms, stockSign(required, payer));
        assertThat(authorized.status()).as(authorized.raw()).isEqualTo(200);
        approvePermit2(payer, BigInteger.ZERO);

        BillingHttp.Reply refused = http.call("settle", BillingHttp.settleBody(
                authorized.body().path("authorization_id").asText(), "{\"answer\":45}", Map.of("usd", "0.0123")));
        assertThat(refused.status()).as(refused.raw()).isEqualTo(402);
        assertThat(refused.body().path("reason").asText()).isEqualTo("permit2_allowance_required");
        assertThat(refused.raw()).doesNotContain("answer");
        Job job = lockbox.find(UUID.fromString(refused.body().path("job_id").asText())).orElseThrow();
        assertThat(job.state()).as("nothing was sent; the output waits in the job").isEqualTo(JobState.LOCKED);
        assertThat(job.txId()).isNull();
        assertThat(chain.usdc(payer.getAddress())).isEqualTo(BigInteger.valueOf(PAYER_USDC));
    }

    @Test
    void concurrentAuthorizesOfOnePayloadReserveItOnce() throws Exception {
        ObjectNode terms = terms(LocalPolygon.newKey().getAddress(), LocalPolygon.newKey().getAddress());
        String header = stockSign(offers(terms), payerApprovingPermit2());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<BillingHttp.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                replies.add(pool.submit(() -> {
                    start.await();
                    return authorize(terms, header);
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<BillingHttp.Reply> r : replies) {
                statuses.add(r.get(60, TimeUnit.SECONDS).status());
            }
            assertThat(statuses).as("one payload, one reservation").containsOnlyOnce(200);
            assertThat(statuses.stream().filter(x -> x != 200)).containsOnly(402);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anAcceptedThatIsNotOurOfferOrAPayloadForOtherTermsIsRefused() throws Exception {
        ObjectNode terms = terms(LocalPolygon.newKey().getAddress(), LocalPolygon.newKey().getAddress());
        Credentials payer = payerApprovingPermit2();
        String header = stockSign(offers(terms), payer);

        ObjectNode lowered = (ObjectNode) BillingHttp.decode(header);
        ((ObjectNode) lowered.get("accepted")).put("amount", "1");
        BillingHttp.Reply cheaper = authorize(terms, BillingHttp.encode(lowered));
        assertThat(cheaper.status()).as(cheaper.raw()).isEqualTo(402);
        assertThat(cheaper.body().path("reason").asText()).isEqualTo("invalid_payment_requirements");

        // signed for a 0.05 USD ceiling, presented for terms whose ceiling is 0.10 USD
        ObjectNode dearer = BillingHttp.usageTerms("2.5", "10", "0.10", "polygon",
                terms.path("rails").get(0).path("pay_to").asText(),
                terms.path("rails").get(0).path("fee_recipient").asText(), 500);
        BillingHttp.Reply other = authorize(dearer, header);
        assertThat(other.status()).as(other.raw()).isEqualTo(402);
        assertThat(other.body().path("reason").asText()).isEqualTo("invalid_payment_requirements");

        assertThat(authorize(terms, header).status()).as("the untouched payload still authorises").isEqualTo(200);
    }

    @Test
    void aPayerWithoutAPermit2AllowanceIsRefusedWithX402sReason() throws Exception {
        ObjectNode terms = terms(LocalPolygon.newKey().getAddress(), LocalPolygon.newKey().getAddress());
        JsonNode required = offers(terms);
        Credentials payer = chain.payer(BigInteger.TEN.pow(19), PAYER_USDC);

        BillingHttp.Reply refused = authorize(terms, stockSign(required, payer));
        assertThat(refused.status()).as(refused.raw()).isEqualTo(402);
        assertThat(refused.body().path("reason").asText()).isEqualTo("permit2_allowance_required");
        assertThat(refused.raw()).doesNotContain(chain.anvil.rpcUrl().toString());
    }
}
