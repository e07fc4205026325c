package dev.tollgate.gateway.x402;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.chain.solana.SolanaExactConfig;
import dev.tollgate.chain.support.Poll;
import dev.tollgate.lockbox.JobState;
import dev.tollgate.lockbox.Sweep;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.p2p.solanaj.core.Account;

/**
 * Issue 9, done when (Solana, with a fee): the STOCK {@code @x402/fetch} client ({@code @x402/svm} pointed at the
 * local node by {@code rpcUrl}; no code of ours) pays a Tollgate trade in USDC on the local Solana node, advertised
 * under devnet's id as stock SVM clients require. The stock client makes one transfer to {@code payTo}, so with a
 * 5% fee the total lands in the gateway's settlement wallet and the sweeper (run every second here) moves exactly
 * net to the agent and the fee to the fee treasury, recorded as a sweep. Judged on chain, in the lockbox and in the
 * headers. A transaction tampered with after the payer signed is refused unsent; a replay after release gets the
 * answer already given. The fee-free case is {@link StockX402ClientOnLocalSolanaFeeFreeTest}.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StockX402ClientOnLocalSolanaTest extends StockX402OnLocalSolana {
    static final long FEE_BPS = 500; // tollgate.settlement-fee-percent 0.05

    /** The jobs this class made, whose sweeps move the shared treasuries. */
    private final java.util.Set<UUID> jobs = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = x402OnLocalSolana();
        p.put("tollgate.sweeper.initial-delay-seconds", "1");
        p.put("tollgate.sweeper.interval-seconds", "1");
        return p;
    }

    @Test
    void theStockFetchClientPaysATradeInUsdcAndTheSweeperSplitsItExactly() throws Exception {
        Account payer = payer();
        X402Http.Reply challenge = http.post("/v1/agent/trade", tradeBody(payer), Map.of());
        assertThat(challenge.status()).as(challenge.raw()).isEqualTo(402);
        JsonNode offer = challenge.decoded("PAYMENT-REQUIRED").path("accepts").path(0);
        assertThat(offer.path("network").asText()).isEqualTo(SolanaExactConfig.DEVNET.value());
        assertThat(offer.path("extra").path("feePayer").asText()).isEqualTo(feePayer.getPublicKeyBase58());
        String settlementWallet = offer.path("payTo").asText();
        assertThat(settlementWallet).isNotEqualTo(chain.agentTreasury);
        BigInteger total = new BigInteger(offer.path("amount").asText());
        BigInteger fee = total.multiply(BigInteger.valueOf(FEE_BPS)).divide(BigInteger.valueOf(10_000));
        assertThat(fee).isPositive();
        noSweepPending(); // the treasuries' balances move only for this job from here
        BigInteger agentBefore = chain.usdc(chain.agentTreasury);
        BigInteger feeBefore = chain.usdc(chain.feeTreasury);
        BigInteger payerSol = chain.sol(payer.getPublicKeyBase58());

        JsonNode paid = stockClientPaysTrade(payer);

        StockX402Client.assertPaidWithOutput(paid, payer.getPublicKeyBase58());
        JsonNode response = paid.path("paymentResponse");
        assertThat(response.path("network").asText()).isEqualTo(SolanaExactConfig.DEVNET.value());
        String tx = response.path("transaction").asText();
        assertThat(tx).matches("[1-9A-HJ-NP-Za-km-z]{64,88}");
        assertThat(chain.usdc(payer.getPublicKeyBase58())).isEqualTo(BigInteger.valueOf(FUNDS).subtract(total));
        assertThat(chain.sol(payer.getPublicKeyBase58())).as("the fee payer paid the fee").isEqualTo(payerSol);
        UUID jobId = UUID.fromString(paid.path("body").path("job_id").asText());
        jobs.add(jobId);
        assertThat(lockbox.find(jobId).orElseThrow().state()).isEqualTo(JobState.RELEASED);

        // the sweeper moves exactly what the settlement wallet received for this job, recorded against its payment
        Sweep done = Poll.until(() -> sweeps.byJob(jobId).stream().filter(s -> s.state() == Sweep.State.DONE)
                .findFirst().orElse(null), Poll.LIMIT);
        assertThat(done.sourceTxId()).isEqualTo(tx);
        assertThat(done.netUnits()).isEqualTo(total.subtract(fee));
        assertThat(done.feeUnits()).isEqualTo(fee);
        assertThat(sweeps.byJob(jobId)).hasSize(1);
        assertThat(chain.usdc(chain.agentTreasury).subtract(agentBefore)).isEqualTo(total.subtract(fee));
        assertThat(chain.usdc(chain.feeTreasury).subtract(feeBefore)).isEqualTo(fee);
        assertThat(chain.usdc(settlementWallet)).isZero();
        List<Sweep.Transaction> moves = sweeps.transactions(done.id());
        assertThat(moves).filteredOn(t -> "landed".equals(t.outcome())).hasSize(1);
    }

    @Test
    void aTamperedTransactionIsRefusedUnsentAndAReplayAfterReleaseMovesNothing() throws Exception {
        Account payer = payer();
        X402Http.Reply challenge = challenge(payer);
        UUID jobId = UUID.fromString(challenge.body().path("job_id").asText());
        BigInteger total = offeredTotal(challenge);
        String signature = StockX402Client.sign(challenge.header("PAYMENT-REQUIRED").orElseThrow(),
                keyOf(payer), 1, null).get(0);

        // the TransferChecked amount lowered by one unit after the payer signed: refused before anything is sent
        X402Http.Reply tampered = retry(payer, lowerTransferAmount(signature, total));
        StockX402Client.assertRefusedWithoutOutput(tampered);
        assertThat(chain.usdc(payer.getPublicKeyBase58())).isEqualTo(BigInteger.valueOf(FUNDS));
        assertThat(lockbox.find(jobId).orElseThrow().state()).isEqualTo(JobState.LOCKED);

        X402Http.Reply paid = retry(payer, signature);
        assertThat(paid.status()).as(paid.raw()).isEqualTo(200);
        assertThat(chain.usdc(payer.getPublicKeyBase58())).isEqualTo(BigInteger.valueOf(FUNDS).subtract(total));

        StockX402Client.assertReplayGetsTheSameAnswer(retry(payer, signature), paid);
        assertThat(chain.usdc(payer.getPublicKeyBase58())).isEqualTo(BigInteger.valueOf(FUNDS).subtract(total));
        assertThat(lockbox.find(jobId).orElseThrow().state()).isEqualTo(JobState.RELEASED);
        noSweepPending();
        assertThat(sweeps.byJob(jobId)).hasSize(1);
    }

    /** Waits until no sweep of a job of this class is still to move (other classes' leftovers are not ours). */
    private void noSweepPending() throws InterruptedException {
        Poll.until(() -> sweeps.due(1_000).stream().noneMatch(s -> jobs.contains(s.jobId())) ? Boolean.TRUE : null,
                Poll.LIMIT);
    }

    @Test
    void theStockFetchClientPaysTheOutputUrlOfALockedJob() throws Exception {
        Account payer = payer();
        X402Http.Reply challenge = challenge(payer);
        UUID jobId = UUID.fromString(challenge.body().path("job_id").asText());
        BigInteger total = offeredTotal(challenge);

        JsonNode paid = StockX402Client.pay(server.getURI().resolve("/v1/agent/jobs/" + jobId + "/output").toString(),
                "GET", null, keyOf(payer));

        StockX402Client.assertPaidWithOutput(paid, payer.getPublicKeyBase58());
        assertThat(chain.usdc(payer.getPublicKeyBase58())).isEqualTo(BigInteger.valueOf(FUNDS).subtract(total));
        assertThat(lockbox.find(jobId).orElseThrow().state()).isEqualTo(JobState.RELEASED);
        noSweepPending();
        assertThat(sweeps.byJob(jobId)).singleElement().extracting(Sweep::state).isEqualTo(Sweep.State.DONE);
    }

    /** The trade's 402 as any client sees it first; its job is one of this class's. */
    private X402Http.Reply challenge(Account payer) {
        X402Http.Reply challenge = http.post("/v1/agent/trade", tradeBody(payer), Map.of());
        assertThat(challenge.status()).as(challenge.raw()).isEqualTo(402);
        jobs.add(UUID.fromString(challenge.body().path("job_id").asText()));
        return challenge;
    }

    private static BigInteger offeredTotal(X402Http.Reply challenge) {
        return new BigInteger(challenge.decoded("PAYMENT-REQUIRED").path("accepts").path(0).path("amount").asText());
    }

    private X402Http.Reply retry(Account payer, String paymentSignature) {
        return http.post("/v1/agent/trade", tradeBody(payer), Map.of("PAYMENT-SIGNATURE", paymentSignature));
    }

    /** The payment with its transaction's TransferChecked data ({@code 0x0c}, u64 LE amount, decimals 6) at amount - 1. */
    private static String lowerTransferAmount(String signature, BigInteger amount) {
        ObjectNode payload = (ObjectNode) X402Http.decode(signature);
        byte[] tx = Base64.getDecoder().decode(payload.path("payload").path("transaction").asText());
        byte[] data = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0x0c)
                .putLong(amount.longValueExact()).put((byte) 6).array();
        int at = indexOf(tx, data);
        assertThat(at).as("TransferChecked data in the stock client's transaction").isNotNegative();
        ByteBuffer.wrap(tx, at + 1, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(amount.longValueExact() - 1);
        ((ObjectNode) payload.path("payload")).put("transaction", Base64.getEncoder().encodeToString(tx));
        return X402Http.encode(payload);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
