package dev.tollgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.memory.InMemoryRail;
import dev.tollgate.gateway.rails.InMemoryRailBuilder;
import dev.tollgate.gateway.config.NetworkConfig;
import dev.tollgate.gateway.rails.PaymentRails;
import dev.tollgate.gateway.rails.RailSponsors;
import dev.tollgate.gateway.support.GatewayHttp;
import dev.tollgate.gateway.support.GatewayHttp.Reply;
import dev.tollgate.gateway.support.InMemoryGatewayProperties;
import dev.tollgate.gateway.support.TestAgent;
import dev.tollgate.gateway.support.WalletProofs;
import dev.tollgate.lockbox.testing.MutableClock;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.p2p.solanaj.core.Account;

/**
 * Settling with a payment the payer signed itself ({@code signed_transaction}), over real HTTP, against a gateway on
 * the in-memory rail with key mode at its default (off), the real embedded PostgreSQL and a real test agent: the
 * output goes with the first broadcast only, a retry of the same bytes never pays twice, a refused payment leaves the
 * job settleable, two settles of the same bytes at once pay once, and every other way to settle still works.
 */
@MicronautTest(transactional = false, environments = InMemoryRailBuilder.ENVIRONMENT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientSignedSettlementTest implements TestPropertyProvider {
    private static final String NETWORK = "solana:memsigned";
    private static final String USDC = InMemoryRail.newAccount().getPublicKeyBase58();

    private final TestAgent agent = new TestAgent();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @Inject
    EmbeddedServer server;
    @Inject
    PaymentRails rails;
    @Inject
    MutableClock clock;
    @Inject
    RailSponsors sponsors;
    @Inject
    List<NetworkConfig> networks;

    private GatewayHttp http;
    private InMemoryRail rail;
    private ChainAsset sol;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(InMemoryGatewayProperties.solana(agent, NETWORK, USDC));
        p.put("tollgate.networks.solana.sponsor.key", InMemoryRail.secretOf(InMemoryRail.newAccount()));
        p.put("tollgate.networks.solana.sponsor.per-payer-units", "10000");
        p.put("tollgate.networks.solana.sponsor.total-units", "1000000000000");
        p.put("tollgate.networks.solana.sponsor.window-seconds", "3600");
        return p;
    }

    @BeforeEach
    void setUp() {
        http = new GatewayHttp(server.getURI());
        rail = (InMemoryRail) rails.resolve("solana").orElseThrow().rail();
        sol = rail.assets().get("SOL");
    }

    @AfterAll
    void stop() {
        agent.close();
        pool.shutdownNow();
    }

    @Test
    void theFirstBroadcastReleasesTheOutputAndARetryOfTheSameBytesPaysNothingAndNeedsAProof() {
        Account payer = funded();
        Job job = trade(payer);
        byte[] wire = signed(payer, job, BigInteger.ZERO);
        BigInteger before = rail.balanceOf(job.payee, sol);

        Reply first = settleSigned(job, wire, null);
        assertThat(first.status()).as(first.raw()).isEqualTo(200);
        assertThat(first.body().path("agent_output").asText()).isEqualTo(TestAgent.DEFAULT_OUTPUT);
        assertThat(first.body().path("tx_signature").asText()).isEqualTo(InMemoryRail.txIdOf(wire));

        // the response was lost: the same bytes again. They are public now (on chain), so they prove nothing
        Reply retry = settleSigned(job, wire, null);
        assertThat(retry.status()).as(retry.raw()).isEqualTo(403);
        assertThat(retry.code()).isEqualTo("payer_proof_required");
        assertThat(retry.body().path("error").path("paid").asBoolean()).isTrue();
        assertThat(retry.raw()).doesNotContain(TestAgent.DEFAULT_OUTPUT);

        Reply proven = settleSigned(job, wire, proof(payer, job));
        assertThat(proven.status()).as(proven.raw()).isEqualTo(200);
        assertThat(proven.body().path("agent_output").asText()).isEqualTo(TestAgent.DEFAULT_OUTPUT);

        assertThat(rail.clientSubmissions()).as("broadcast once").containsOnlyOnce(InMemoryRail.txIdOf(wire));
        assertThat(rail.balanceOf(job.payee, sol).subtract(before)).as("paid once").isEqualTo(job.net);
    }

    @Test
    void bytesSomeoneElseBroadcastFirstPayTheJobButReleaseTheOutputOnlyWithAProof() throws Exception {
        Account payer = funded();
        Job job = trade(payer);
        byte[] wire = signed(payer, job, BigInteger.ZERO);
        rail.broadcastClientPayment(wire); // copied from the mempool and sent by someone else, or sent by the payer

        Reply copied = settleSigned(job, wire, null);
        assertThat(copied.status()).as(copied.raw()).isEqualTo(403);
        assertThat(copied.code()).isEqualTo("payer_proof_required");
        assertThat(state(job)).isEqualTo("released");

        Reply proven = settleSigned(job, wire, proof(payer, job));
        assertThat(proven.status()).as(proven.raw()).isEqualTo(200);
    }

    @Test
    void aRefusedPaymentIsNeverSentAndTheJobStaysSettleable() {
        Account payer = funded();
        Job job = trade(payer);
        int submitted = rail.clientSubmissions().size();
        Reply underpaid = settleSigned(job, signed(payer, job, BigInteger.ONE.negate()), null);
        assertThat(underpaid.status()).as(underpaid.raw()).isEqualTo(422);
        assertThat(underpaid.code()).isEqualTo("amount_mismatch");
        assertThat(underpaid.body().path("error").path("reason").asText()).isEqualTo("amount_mismatch");
        assertThat(rail.clientSubmissions()).hasSize(submitted);
        assertThat(state(job)).isEqualTo("locked");

        Reply paid = settleSigned(job, signed(payer, job, BigInteger.ZERO), null);
        assertThat(paid.status()).as(paid.raw()).isEqualTo(200);
    }

    @Test
    void aPaymentTheNodeRejectsIsDiscardedAndTheJobStaysSettleable() {
        Account payer = funded();
        Job job = trade(payer);
        byte[] wire = signed(payer, job, BigInteger.ZERO);
        rail.scriptNext(new InMemoryRail.Behaviour.Refused(PaymentRejectedException.Reason.SIMULATION_FAILED));
        Reply rejected = settleSigned(job, wire, null);
        assertThat(rejected.status()).as(rejected.raw()).isEqualTo(400);
        assertThat(rejected.code()).isEqualTo("payment_rejected");
        assertThat(rail.discardedClientPayments()).contains(InMemoryRail.txIdOf(wire));
        assertThat(state(job)).isEqualTo("locked");

        // the same bytes again: now they land, but a node has seen them before, so they prove nothing
        Reply again = settleSigned(job, wire, null);
        assertThat(again.status()).as(again.raw()).isEqualTo(403);
        assertThat(again.code()).isEqualTo("payer_proof_required");
        assertThat(state(job)).isEqualTo("released");
        Reply proven = settleSigned(job, wire, proof(payer, job));
        assertThat(proven.status()).as(proven.raw()).isEqualTo(200);
    }

    @Test
    void twoSettlesOfTheSameBytesAtOncePayOnce() throws Exception {
        Account payer = funded();
        Job job = trade(payer);
        byte[] wire = signed(payer, job, BigInteger.ZERO);
        BigInteger before = rail.balanceOf(job.payee, sol);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Reply>> replies = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Callable<Reply> settle = () -> {
                start.await();
                return settleSigned(job, wire, null);
            };
            replies.add(pool.submit(settle));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        for (Future<Reply> f : replies) {
            Reply r = f.get(30, TimeUnit.SECONDS);
            statuses.add(r.status());
            codes.add(r.status() == 200 ? "ok" : r.code());
        }
        assertThat(statuses).as(codes.toString()).containsOnlyOnce(200);
        assertThat(codes).as("the other is told the job is being paid, or paid without proof")
                .allMatch(c -> c.equals("ok") || c.equals("settlement_in_progress") || c.equals("payer_proof_required"));
        assertThat(rail.clientSubmissions()).containsOnlyOnce(InMemoryRail.txIdOf(wire));
        assertThat(rail.balanceOf(job.payee, sol).subtract(before)).isEqualTo(job.net);
        assertThat(state(job)).isEqualTo("released");
    }

    @Test
    void anotherPaymentForAPaidJobIsNotSent() {
        Account payer = funded();
        Job job = trade(payer);
        assertThat(settleSigned(job, signed(payer, job, BigInteger.ZERO), null).status()).isEqualTo(200);
        int submitted = rail.clientSubmissions().size();
        Reply second = settleSigned(job, signed(payer, job, BigInteger.ZERO), null);
        assertThat(second.status()).as(second.raw()).isEqualTo(409);
        assertThat(second.code()).isEqualTo("already_settled");
        assertThat(rail.clientSubmissions()).hasSize(submitted);
    }

    @Test
    void anExpiredJobTakesNoSignedPayment() {
        Account payer = funded();
        Job job = trade(payer);
        byte[] wire = signed(payer, job, BigInteger.ZERO);
        clock.advance(Duration.ofSeconds(601)); // past the 600 s TTL
        int submitted = rail.clientSubmissions().size();
        try {
            Reply r = settleSigned(job, wire, null);
            assertThat(r.status()).as(r.raw()).isEqualTo(404);
            assertThat(r.code()).isEqualTo("job_not_found");
            assertThat(rail.clientSubmissions()).as("no money moves for an expired job").hasSize(submitted);
        } finally {
            clock.advance(Duration.ofSeconds(-601));
        }
    }

    @Test
    void exactlyOneWayToPayPerRequest() {
        Account payer = funded();
        Job job = trade(payer);
        String b64 = Base64.getEncoder().encodeToString(signed(payer, job, BigInteger.ZERO));
        Reply both = http.post("/v1/agent/settle", Map.of("job_id", job.id, "signed_transaction", b64,
                "tx_signature", InMemoryRail.newTxId()));
        assertThat(both.status()).as(both.raw()).isEqualTo(422);
        assertThat(both.code()).isEqualTo("invalid_request");
        assertThat(both.body().path("error").path("field").asText()).isEqualTo("signed_transaction");
        Reply two = http.post("/v1/agent/settle", Map.of("job_id", job.id, "signed_transaction", b64,
                "authorization", Map.of("from", "0x" + "ab".repeat(20), "deadline", 1, "signature", "0x" + "cd".repeat(65))));
        assertThat(two.status()).as(two.raw()).isEqualTo(422);
        assertThat(two.code()).isEqualTo("invalid_request");
        Reply badAuthorization = http.post("/v1/agent/settle", Map.of("job_id", job.id,
                "authorization", Map.of("from", "0x" + "ab".repeat(20), "deadline", "soon", "signature", "0x12")));
        assertThat(badAuthorization.status()).as(badAuthorization.raw()).isEqualTo(422);
        assertThat(badAuthorization.body().path("error").path("field").asText()).isEqualTo("authorization");
        Reply notBase64 = http.post("/v1/agent/settle", Map.of("job_id", job.id, "signed_transaction", "***"));
        assertThat(notBase64.status()).as(notBase64.raw()).isEqualTo(422);
        assertThat(notBase64.code()).isEqualTo("invalid_signed_transaction");
        assertThat(rail.clientSubmissions()).doesNotContain(InMemoryRail.txIdOf(Base64.getDecoder().decode(b64)));
        assertThat(state(job)).isEqualTo("locked");
    }

    @Test
    void withKeyModeOffEveryOtherPathWorks() throws Exception {
        Account payer = funded();
        Job keyJob = trade(payer);
        Reply key = http.post("/v1/agent/settle", Map.of("job_id", keyJob.id, "private_key", InMemoryRail.secretOf(payer)));
        assertThat(key.status()).as(key.raw()).isEqualTo(403);
        assertThat(key.code()).isEqualTo("private_key_settlement_disabled");
        assertThat(state(keyJob)).isEqualTo("locked");

        Job walletJob = trade(payer);
        String tx = rail.pay(payer.getPublicKeyBase58(), sol, Map.of(walletJob.payee, walletJob.net,
                walletJob.feeRecipient, walletJob.fee), List.of(walletJob.memo));
        Reply named = http.post("/v1/agent/settle", Map.of("job_id", walletJob.id, "tx_signature", tx,
                "payer_proof", proof(payer, walletJob)));
        assertThat(named.status()).as(named.raw()).isEqualTo(200);

        Reply signed = settleSigned(keyJob, signed(payer, keyJob, BigInteger.ZERO), null);
        assertThat(signed.status()).as(signed.raw()).isEqualTo(200);
        assertThat(signed.body().path("agent_output").asText()).isEqualTo(TestAgent.DEFAULT_OUTPUT);
    }

    @Test
    void aNetworksSponsorshipCarriesItsKeyAndABudgetEveryInstanceShares() {
        NetworkConfig solana = networks.stream().filter(n -> n.name().equals("solana")).findFirst().orElseThrow();
        RailSponsors.Sponsorship one = sponsors.of(solana).orElseThrow();
        RailSponsors.Sponsorship another = sponsors.of(solana).orElseThrow(); // as a second instance would build it
        assertThat(one.key()).isNotBlank();
        assertThat(one.toString()).doesNotContain(one.key());
        String payer = InMemoryRail.newAccount().getPublicKeyBase58();
        BigInteger fee = BigInteger.valueOf(5_000);
        assertThat(one.budget().tryReserve(NETWORK, payer, fee)).isTrue();
        assertThat(another.budget().tryReserve(NETWORK, payer, fee)).isTrue();
        assertThat(one.budget().tryReserve(NETWORK, payer, fee)).as("10000 per payer, in the database").isFalse();
        another.budget().release(NETWORK, payer, fee);
        assertThat(one.budget().tryReserve(NETWORK, payer, fee)).isTrue();
    }

    // ---- helpers ----

    private record Job(String id, String payee, String feeRecipient, BigInteger net, BigInteger fee, String memo) {
    }

    private Account funded() {
        Account account = InMemoryRail.newAccount();
        rail.fund(account.getPublicKeyBase58(), sol, BigInteger.valueOf(10_000_000_000L));
        return account;
    }

    private Job trade(Account payer) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("agent_config", Map.of("agent_name", "t"));
        body.put("task", "x");
        body.put("user_wallet", payer.getPublicKeyBase58());
        Reply r = http.post("/v1/agent/trade", body);
        assertThat(r.status()).as(r.raw()).isEqualTo(402);
        JsonNode transfers = r.body().path("payment_instructions").path("transfers");
        return new Job(r.body().path("job_id").asText(), transfers.get(0).path("to").asText(),
                transfers.get(1).path("to").asText(), new BigInteger(transfers.get(0).path("amount").asText()),
                new BigInteger(transfers.get(1).path("amount").asText()), r.body().path("payment").path("memo").asText());
    }

    private byte[] signed(Account payer, Job job, BigInteger netDelta) {
        return InMemoryRail.signClientPayment(payer, sol, Map.of(job.payee, job.net.add(netDelta), job.feeRecipient,
                job.fee), job.memo);
    }

    private Reply settleSigned(Job job, byte[] wire, Map<String, Object> proof) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("job_id", job.id);
        body.put("signed_transaction", Base64.getEncoder().encodeToString(wire));
        if (proof != null) {
            body.put("payer_proof", proof);
        }
        return http.post("/v1/agent/settle", body);
    }

    private Map<String, Object> proof(Account payer, Job job) {
        return WalletProofs.solana(payer, NETWORK, job.id, server.getURI(), clock.instant());
    }

    private String state(Job job) {
        return http.get("/v1/agent/jobs/" + job.id).body().path("state").asText();
    }
}
