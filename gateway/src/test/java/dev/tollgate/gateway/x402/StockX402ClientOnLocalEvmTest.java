package dev.tollgate.gateway.x402;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.gateway.support.LocalPolygon;
import dev.tollgate.gateway.support.TestAgent;
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
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.utils.Numeric;

/**
 * Issue 9, done when (EVM): the STOCK {@code @x402/fetch} {@code wrapFetchWithPayment} (interop/x402-gw/pay.mjs: a
 * key, spend controls off, a URL; no code of ours) pays a Tollgate trade in USDC on a real local anvil through the
 * SplitVaultFactory, with the real embedded PostgreSQL and a real upstream agent. Everything is judged on chain (the
 * split landed exactly, the vault keeps nothing, one {@code Paid} event), in the lockbox and in the headers, never
 * on the client's own success. Also: 16 concurrent paid retries of one job pay once; tampered, expired and replayed
 * payments move nothing; the output URL is paid by the same stock client.
 */
class StockX402ClientOnLocalEvmTest extends StockX402OnLocalEvm {

    private String tradeBody(Credentials payer) {
        return "{\"agent_config\":{\"agent_name\":\"t\"},\"task\":\"x\",\"user_wallet\":\"" + payer.getAddress()
                + "\",\"network\":\"polygon\",\"payment_token\":\"USDC\"}";
    }

    private String tradeUrl() {
        return server.getURI().resolve("/v1/agent/trade").toString();
    }

    private Map<String, String> keyOf(Credentials payer) {
        return Map.of("EVM_PRIVATE_KEY", LocalPolygon.secret(payer));
    }

    /** The trade's 402 as any client sees it first. */
    private X402Http.Reply challenge(Credentials payer) {
        X402Http.Reply r = http.post("/v1/agent/trade", tradeBody(payer), Map.of());
        assertThat(r.status()).as(r.raw()).isEqualTo(402);
        assertThat(r.header("PAYMENT-REQUIRED")).isPresent();
        return r;
    }

    private X402Http.Reply retry(Credentials payer, String paymentSignature) {
        return http.post("/v1/agent/trade", tradeBody(payer), Map.of("PAYMENT-SIGNATURE", paymentSignature));
    }

    private long paidEvents(Credentials payer) throws Exception {
        EthFilter filter = new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST, factory);
        filter.addSingleTopic(PAID_TOPIC);
        filter.addNullTopic();
        filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(Numeric.toBigInt(payer.getAddress()), 64));
        return web3j.ethGetLogs(filter).send().getLogs().size();
    }

    private JobState state(String jobId) {
        return lockbox.find(UUID.fromString(jobId)).orElseThrow().state();
    }

    @Test
    void theStockFetchClientPaysATradeInUsdcAndTheSplitLandsExactly() throws Exception {
        Credentials payer = chain.payer(BigInteger.ZERO, FUNDS); // pays no gas: the relayer does
        String vault = challenge(payer).decoded("PAYMENT-REQUIRED").path("accepts").path(0).path("payTo").asText();
        BigInteger agentBefore = chain.usdc(chain.agentTreasury);
        BigInteger feeBefore = chain.usdc(chain.feeTreasury);

        JsonNode paid = StockX402Client.pay(tradeUrl(), "POST", tradeBody(payer), keyOf(payer));

        StockX402Client.assertPaidWithOutput(paid, payer.getAddress());
        JsonNode response = paid.path("paymentResponse");
        assertThat(response.path("network").asText()).isEqualTo(network);
        String tx = response.path("transaction").asText();
        var receipt = web3j.ethGetTransactionReceipt(tx).send().getTransactionReceipt().orElseThrow();
        assertThat(receipt.isStatusOK()).isTrue();
        assertThat(receipt.getTo()).isEqualToIgnoringCase(factory);

        assertThat(chain.usdc(chain.agentTreasury).subtract(agentBefore)).isEqualTo(USDC_TOTAL.subtract(USDC_FEE));
        assertThat(chain.usdc(chain.feeTreasury).subtract(feeBefore)).isEqualTo(USDC_FEE);
        assertThat(chain.usdc(payer.getAddress())).isEqualTo(BigInteger.valueOf(FUNDS).subtract(USDC_TOTAL));
        assertThat(chain.usdc(vault)).isZero();
        assertThat(paidEvents(payer)).isEqualTo(1);
        String jobId = paid.path("body").path("job_id").asText();
        assertThat(state(jobId)).isEqualTo(JobState.RELEASED);
    }

    @Test
    void sixteenConcurrentPaidRetriesOfOneJobPayOnce() throws Exception {
        Credentials payer = chain.payer(BigInteger.ZERO, FUNDS);
        X402Http.Reply challenge = challenge(payer);
        String jobId = challenge.body().path("job_id").asText();
        // sixteen different authorisations for the one job, each valid on chain on its own: what sixteen stock
        // clients (or one retrying) would send
        List<String> signatures = StockX402Client.sign(challenge.header("PAYMENT-REQUIRED").orElseThrow(),
                keyOf(payer), 16, null);
        assertThat(signatures).hasSize(16).doesNotHaveDuplicates();
        BigInteger agentBefore = chain.usdc(chain.agentTreasury);

        List<X402Http.Reply> replies = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<X402Http.Reply>> futures = new ArrayList<>();
            for (String signature : signatures) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return retry(payer, signature);
                }));
            }
            start.countDown();
            for (Future<X402Http.Reply> f : futures) {
                replies.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(chain.usdc(payer.getAddress())).isEqualTo(BigInteger.valueOf(FUNDS).subtract(USDC_TOTAL));
        assertThat(chain.usdc(chain.agentTreasury).subtract(agentBefore)).isEqualTo(USDC_TOTAL.subtract(USDC_FEE));
        assertThat(paidEvents(payer)).isEqualTo(1);
        assertThat(state(jobId)).isEqualTo(JobState.RELEASED);
        List<X402Http.Reply> ok = replies.stream().filter(r -> r.status() == 200).toList();
        assertThat(ok).as(replies.stream().map(X402Http.Reply::raw).toList().toString()).isNotEmpty();
        for (X402Http.Reply r : replies) {
            // never a fresh demand that a stock client would pay again with yet another authorisation
            assertThat(r.status()).as(r.raw()).isIn(200, 202, 402, 409);
            assertThat(r.raw()).doesNotContain("private_key");
        }
        String tx = ok.get(0).decoded("PAYMENT-RESPONSE").path("transaction").asText();
        for (X402Http.Reply r : ok) {
            assertThat(r.body().path("agent_output").asText()).isEqualTo(TestAgent.DEFAULT_OUTPUT);
            assertThat(r.decoded("PAYMENT-RESPONSE").path("transaction").asText()).isEqualTo(tx);
        }

        // every authorisation again, now that the job is released: answered or refused, never settled
        for (String signature : signatures) {
            X402Http.Reply late = retry(payer, signature);
            assertThat(late.status()).as(late.raw()).isIn(200, 409);
            if (late.status() == 200) {
                assertThat(late.decoded("PAYMENT-RESPONSE").path("transaction").asText()).isEqualTo(tx);
            }
        }
        assertThat(chain.usdc(payer.getAddress())).isEqualTo(BigInteger.valueOf(FUNDS).subtract(USDC_TOTAL));
        assertThat(paidEvents(payer)).isEqualTo(1);
    }

    @Test
    void tamperedExpiredAndReplayedPaymentsMoveNothing() throws Exception {
        Credentials payer = chain.payer(BigInteger.ZERO, FUNDS);
        X402Http.Reply challenge = challenge(payer);
        String jobId = challenge.body().path("job_id").asText();
        String required = challenge.header("PAYMENT-REQUIRED").orElseThrow();
        String signature = StockX402Client.sign(required, keyOf(payer), 1, null).get(0);
        Credentials thief = LocalPolygon.newKey();

        // a lower amount, in the offer and the authorisation alike
        X402Http.Reply cheaper = retry(payer, tamper(signature, "amount", "value", "1"));
        assertRefusedUnpaid(cheaper, payer, jobId);
        // another recipient (what a mempool copier would want), again in both
        X402Http.Reply redirected = retry(payer, tamper(signature, "payTo", "to", thief.getAddress()));
        assertRefusedUnpaid(redirected, payer, jobId);
        assertThat(chain.usdc(thief.getAddress())).isZero();
        // signed by the stock client with a 1 s window: expired before it can be settled
        String expiring = StockX402Client.sign(required, keyOf(payer), 1, 1).get(0);
        X402Http.Reply expired = retry(payer, expiring);
        assertRefusedUnpaid(expired, payer, jobId);
        assertThat(expired.decoded("PAYMENT-REQUIRED").path("error").asText()).contains("valid_before");

        X402Http.Reply paid = retry(payer, signature);
        assertThat(paid.status()).as(paid.raw()).isEqualTo(200);
        assertThat(chain.usdc(payer.getAddress())).isEqualTo(BigInteger.valueOf(FUNDS).subtract(USDC_TOTAL));

        // the same payment again after release: the answer already given, nothing moves
        StockX402Client.assertReplayGetsTheSameAnswer(retry(payer, signature), paid);
        assertThat(chain.usdc(payer.getAddress())).isEqualTo(BigInteger.valueOf(FUNDS).subtract(USDC_TOTAL));
        assertThat(paidEvents(payer)).isEqualTo(1);
    }

    @Test
    void theStockFetchClientPaysTheOutputUrlOfALockedJob() throws Exception {
        Credentials payer = chain.payer(BigInteger.ZERO, FUNDS);
        String jobId = challenge(payer).body().path("job_id").asText();
        BigInteger agentBefore = chain.usdc(chain.agentTreasury);
        String url = server.getURI().resolve("/v1/agent/jobs/" + jobId + "/output").toString();

        JsonNode paid = StockX402Client.pay(url, "GET", null, keyOf(payer));

        StockX402Client.assertPaidWithOutput(paid, payer.getAddress());
        assertThat(chain.usdc(chain.agentTreasury).subtract(agentBefore)).isEqualTo(USDC_TOTAL.subtract(USDC_FEE));
        assertThat(chain.usdc(payer.getAddress())).isEqualTo(BigInteger.valueOf(FUNDS).subtract(USDC_TOTAL));
        assertThat(paidEvents(payer)).isEqualTo(1);
        assertThat(state(jobId)).isEqualTo(JobState.RELEASED);
    }

    private void assertRefusedUnpaid(X402Http.Reply r, Credentials payer, String jobId) {
        StockX402Client.assertRefusedWithoutOutput(r);
        assertThat(chain.usdc(payer.getAddress())).isEqualTo(BigInteger.valueOf(FUNDS));
        assertThat(state(jobId)).isEqualTo(JobState.LOCKED);
    }

    /** The payment with {@code accepted.<offerField>} and {@code payload.authorization.<authField>} set to {@code value}. */
    private static String tamper(String signature, String offerField, String authField, String value) {
        ObjectNode payload = (ObjectNode) X402Http.decode(signature);
        ((ObjectNode) payload.path("accepted")).put(offerField, value);
        ((ObjectNode) payload.path("payload").path("authorization")).put(authField, value);
        return X402Http.encode(payload);
    }
}
