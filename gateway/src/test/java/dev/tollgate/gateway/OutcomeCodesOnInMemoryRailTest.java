package dev.tollgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.ClientPaymentRefusedException;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.memory.InMemoryRail;
import dev.tollgate.gateway.core.Code;
import dev.tollgate.gateway.rails.InMemoryRailBuilder;
import dev.tollgate.gateway.rails.PaymentRails;
import dev.tollgate.gateway.support.GatewayHttp;
import dev.tollgate.gateway.support.GatewayHttp.Reply;
import dev.tollgate.gateway.support.GatewayTestProperties;
import dev.tollgate.gateway.support.TestAgent;
import dev.tollgate.gateway.support.WalletProofs;
import dev.tollgate.lockbox.Lockbox;
import dev.tollgate.lockbox.NewJob;
import dev.tollgate.lockbox.testing.MutableClock;
import dev.tollgate.lockbox.testing.SharedTestDatabase;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.p2p.solanaj.core.Account;

/**
 * Fast: every outcome code settle and trade can produce, walked over real HTTP to its ATP status and JSON body
 * (error.code, detail, facts), plus 200, 202 and 403-proof, against a gateway on the in-memory rail (real embedded
 * PostgreSQL lockbox, real test upstream agent, no chain). A code added to {@link Code} without a scenario here,
 * or an explicit and justified exclusion, fails {@link #everyCodeHasAScenarioOrAJustifiedExclusion()}.
 */
@MicronautTest(transactional = false, environments = InMemoryRailBuilder.ENVIRONMENT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutcomeCodesOnInMemoryRailTest implements TestPropertyProvider {
    private static final String NETWORK = "solana:memrail";
    private static final String USDC = InMemoryRail.newAccount().getPublicKeyBase58();
    private static final String NOPRICE = InMemoryRail.newAccount().getPublicKeyBase58();

    /** Codes no request to a running gateway can produce, each with why. */
    private static final Map<Code, String> EXCLUDED = Map.of(
            Code.INTERRUPTED, "only when the gateway shuts down while a settle waits on the chain: no request to a"
                    + " running gateway produces it",
            Code.SIGN_IN_REQUIRED, "only with tollgate.proof.accept-unsigned-requests=false, which this gateway does"
                    + " not run with: walked over HTTP (trade, settle, job read; 401) by UnsignedRequestsOffTest");

    private final TestAgent agent = new TestAgent();
    private final Map<Code, Runnable> scenarios = new EnumMap<>(Code.class);

    @Inject
    EmbeddedServer server;
    @Inject
    PaymentRails rails;
    @Inject
    MutableClock clock;
    @Inject
    Lockbox lockbox;

    private GatewayHttp http;
    private InMemoryRail rail;
    private ChainAsset sol;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(SharedTestDatabase.stringProperties());
        p.put("micronaut.server.port", "-1");
        p.put("micronaut.server.host", "127.0.0.1");
        network(p, "solana", NETWORK, true, true);
        p.put("tollgate.networks.solana.assets.usdc.address", USDC);
        p.put("tollgate.networks.solana.assets.noprice.decimals", "6");
        p.put("tollgate.networks.solana.assets.noprice.address", NOPRICE);
        network(p, "bare", "solana:bare", false, false);
        network(p, "nofee", "solana:nofee", true, false);
        p.put("tollgate.upstream.kind", "swarms");
        p.put("tollgate.upstream.url", agent.url().toString());
        p.put("tollgate.upstream.timeout-seconds", "1");
        p.put("tollgate.oracle.primary", "fixed");
        p.put("tollgate.oracle.secondary", "none");
        p.put("tollgate.oracle.fixed-prices.SOL", "150");
        p.put("tollgate.pricing.input-cost-per-million-usd", "10");
        p.put("tollgate.pricing.output-cost-per-million-usd", "30");
        p.put("tollgate.settlement-fee-percent", "0.05");
        p.put("tollgate.private-key-settlement", "true");
        p.put("tollgate.settle-wait-seconds", "2");
        p.put("tollgate.unseen-tx-grace-seconds", "1");
        p.put("tollgate.reconciler.enabled", "false");
        p.put("tollgate.lockbox.reaper.enabled", "false");
        p.put("tollgate.limits.enabled", "false");
        return p;
    }

    private static void network(Map<String, String> p, String name, String id, boolean agentTreasury,
                                boolean feeTreasury) {
        String n = "tollgate.networks." + name + ".";
        p.put(n + "id", id);
        p.put(n + "alias", name);
        p.put(n + "rpc-url", "http://memory.invalid"); // never called: the in-memory rail does no I/O
        if (!"solana".equals(name)) {
            p.put(n + "assets.sol.native-coin", "true");
            p.put(n + "assets.sol.decimals", "9");
        }
        if (agentTreasury) {
            p.put(n + "agent-treasury", InMemoryRail.newAccount().getPublicKeyBase58());
        }
        if (feeTreasury) {
            p.put(n + "fee-treasury", InMemoryRail.newAccount().getPublicKeyBase58());
        }
    }

    @AfterAll
    void stop() {
        agent.close();
    }

    // ---- the table ----

    @Test
    void everyCodeHasAScenarioOrAJustifiedExclusion() {
        defineScenarios();
        List<Code> missing = new ArrayList<>();
        for (Code code : Code.values()) {
            if (!scenarios.containsKey(code) && !EXCLUDED.containsKey(code)) {
                missing.add(code);
            }
            assertThat(scenarios.containsKey(code) && EXCLUDED.containsKey(code)).as(code + " both walked and excluded")
                    .isFalse();
        }
        assertThat(missing).as("codes without a scenario here (add one, or a justified exclusion)").isEmpty();
        EXCLUDED.values().forEach(why -> assertThat(why).isNotBlank());
    }

    @TestFactory
    Stream<DynamicTest> everyCodeToItsStatusAndBody() {
        defineScenarios();
        return scenarios.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey().wireName(), e.getValue()::run));
    }

    private void setUp() {
        if (http == null) {
            http = new GatewayHttp(server.getURI());
            rail = (InMemoryRail) rails.resolve("solana").orElseThrow().rail();
            sol = rail.assets().get("SOL");
        }
    }

    private void defineScenarios() {
        if (!scenarios.isEmpty()) {
            return;
        }
        // ---- trade ----
        scenarios.put(Code.INVALID_REQUEST, () -> {
            Reply noJob = settle(Map.of("tx_signature", InMemoryRail.newTxId()));
            assertError(noJob, 422, Code.INVALID_REQUEST);
            assertThat(noJob.body().path("error").path("field").asText()).isEqualTo("job_id");
            // the node itself calls the id invalid: the caller's input, and the job stays payable
            Account payer = funded();
            Job job = trade(payer, "SOL");
            rail.scriptNext(new InMemoryRail.Behaviour.InvalidTxId());
            String tx = walletPays(payer, job, BigInteger.ZERO);
            Reply r = settle(Map.of("job_id", job.id, "tx_signature", tx));
            assertError(r, 422, Code.INVALID_REQUEST);
            assertThat(r.body().path("error").path("field").asText()).isEqualTo("tx_signature");
            assertThat(r.body().path("error").path("verification").asText()).isEqualTo("invalid_tx_id");
            assertThat(state(job)).isEqualTo("locked");
        });
        scenarios.put(Code.TREASURY_NOT_CONFIGURED, () -> {
            Reply r = tradeReply(funded(), "SOL", "bare");
            assertError(r, 500, Code.TREASURY_NOT_CONFIGURED);
            assertThat(r.body().path("detail").asText()).isEqualTo("Treasury not configured");
        });
        scenarios.put(Code.FEE_TREASURY_NOT_CONFIGURED, () -> {
            Reply r = tradeReply(funded(), "SOL", "nofee");
            assertError(r, 500, Code.FEE_TREASURY_NOT_CONFIGURED);
            assertThat(r.body().path("detail").asText()).isEqualTo("Fee treasury not configured");
        });
        scenarios.put(Code.PRICE_UNAVAILABLE, () -> {
            int calls = agent.calls();
            assertError(tradeReply(funded(), "NOPRICE", null), 503, Code.PRICE_UNAVAILABLE);
            assertThat(agent.calls()).as("no work is done that cannot be priced").isEqualTo(calls);
        });
        scenarios.put(Code.ZERO_COST, () -> withAgent(TestAgent.Mode.ZERO_USAGE,
                () -> assertError(tradeReply(funded(), "SOL", null), 422, Code.ZERO_COST)));
        scenarios.put(Code.UPSTREAM_ERROR, () -> withAgent(TestAgent.Mode.ERROR_500, () -> {
            Reply r = tradeReply(funded(), "SOL", null);
            assertError(r, 502, Code.UPSTREAM_ERROR);
            assertThat(r.body().path("detail").asText()).isEqualTo("Upstream Agent Error: 500");
        }));
        scenarios.put(Code.UPSTREAM_MALFORMED, () -> withAgent(TestAgent.Mode.GARBAGE,
                () -> assertError(tradeReply(funded(), "SOL", null), 502, Code.UPSTREAM_MALFORMED)));
        scenarios.put(Code.UPSTREAM_UNREACHABLE, () -> withAgent(TestAgent.Mode.HANG_UP,
                () -> assertError(tradeReply(funded(), "SOL", null), 502, Code.UPSTREAM_UNREACHABLE)));
        scenarios.put(Code.UPSTREAM_TIMEOUT, () -> withAgent(TestAgent.Mode.HANG, () -> {
            Reply r = tradeReply(funded(), "SOL", null);
            assertError(r, 504, Code.UPSTREAM_TIMEOUT);
            assertThat(r.body().path("detail").asText()).isEqualTo("Agent execution timed out");
        }));
        // ---- settle: the request ----
        scenarios.put(Code.PRIVATE_KEY_SETTLEMENT_DISABLED, () -> {
            Account payer = funded();
            Job job = trade(payer, "SOL");
            rail.offerCustodialSigning(false);
            try {
                assertError(settleWithKey(job, payer), 403, Code.PRIVATE_KEY_SETTLEMENT_DISABLED);
            } finally {
                rail.offerCustodialSigning(true);
            }
            assertThat(state(job)).isEqualTo("locked");
        });
        scenarios.put(Code.INVALID_PRIVATE_KEY, () -> {
            Job job = trade(funded(), "SOL");
            Reply r = settle(Map.of("job_id", job.id, "private_key", "not-a-key"));
            assertError(r, 400, Code.INVALID_PRIVATE_KEY);
            assertThat(r.raw()).doesNotContain("not-a-key");
        });
        scenarios.put(Code.PAYER_MISMATCH, () -> {
            Job job = trade(funded(), "SOL");
            Reply r = settleWithKey(job, funded());
            assertError(r, 400, Code.PAYER_MISMATCH);
            assertThat(r.body().path("detail").asText())
                    .isEqualTo("Payer mismatch: private key does not correspond to the job sender wallet.");
        });
        scenarios.put(Code.PAYER_PROOF_REQUIRED, () -> {
            Account payer = funded();
            Job job = trade(payer, "SOL");
            Reply r = settle(Map.of("job_id", job.id, "tx_signature", walletPays(payer, job, BigInteger.ZERO)));
            assertError(r, 403, Code.PAYER_PROOF_REQUIRED);
            assertThat(r.body().path("error").path("paid").asBoolean()).isTrue();
            assertThat(r.body().path("error").path("sign_in_with_x").path("chainId").asText()).isEqualTo(NETWORK);
            assertThat(r.raw()).doesNotContain(TestAgent.DEFAULT_OUTPUT);
        });
        scenarios.put(Code.INVALID_PAYER_PROOF, () -> {
            Account payer = funded();
            Job job = trade(payer, "SOL");
            String tx = walletPays(payer, job, BigInteger.ZERO);
            Reply r = settle(Map.of("job_id", job.id, "tx_signature", tx, "payer_proof", proof(funded(), job)));
            assertError(r, 403, Code.INVALID_PAYER_PROOF);
            assertThat(r.body().path("error").path("reason").asText()).isEqualTo("wrong_wallet");
            assertThat(r.raw()).doesNotContain(TestAgent.DEFAULT_OUTPUT);
        });
        // ---- settle: the job ----
        scenarios.put(Code.JOB_NOT_FOUND, () -> {
            Reply r = settle(Map.of("job_id", UUID.randomUUID().toString(), "tx_signature", InMemoryRail.newTxId()));
            assertError(r, 404, Code.JOB_NOT_FOUND);
            assertThat(r.body().path("detail").asText())
                    .isEqualTo("Trade session expired or invalid. Jobs expire after the TTL period.");
        });
        scenarios.put(Code.ALREADY_SETTLED, () -> {
            Account payer = funded();
            Job job = trade(payer, "SOL");
            assertThat(settleWithKey(job, payer).status()).isEqualTo(200);
            String second = walletPays(payer, job, BigInteger.ZERO);
            Reply r = settle(Map.of("job_id", job.id, "tx_signature", second));
            assertError(r, 409, Code.ALREADY_SETTLED);
            assertThat(r.body().path("error").path("tx_signature").asText()).isEqualTo(second);
            assertThat(r.body().path("error").path("refund_owed").asBoolean()).isTrue();
        });
        scenarios.put(Code.SETTLEMENT_IN_PROGRESS, () -> {
            Account payer = funded();
            Job job = trade(payer, "SOL");
            rail.scriptNext(new InMemoryRail.Behaviour.PendingFor(1_000));
            Reply pending = settleWithKey(job, payer);
            assertThat(pending.status()).as(pending.raw()).isEqualTo(202);
            assertThat(pending.code()).isEqualTo("settlement_pending");
            String first = pending.body().path("error").path("tx_signature").asText(
                    pending.body().path("tx_signature").asText());
            Reply r = settle(Map.of("job_id", job.id, "tx_signature", InMemoryRail.newTxId()));
            assertError(r, 409, Code.SETTLEMENT_IN_PROGRESS);
            assertThat(r.raw()).contains(first);
        });
        scenarios.put(Code.NETWORK_UNAVAILABLE, () -> {
            Account payer = funded();
            String someone = InMemoryRail.newAccount().getPublicKeyBase58();
            var job = lockbox.lock(new NewJob("solana:retired", "SOL", payer.getPublicKeyBase58(), someone, someone,
                    BigInteger.valueOf(1_000), BigInteger.ONE, BigInteger.valueOf(999), 5, new BigDecimal("0.01"),
                    new BigDecimal("150"), "{}", Duration.ofMinutes(10)), "{}".getBytes(StandardCharsets.UTF_8));
            Reply r = settle(Map.of("job_id", job.id().toString(), "tx_signature", InMemoryRail.newTxId()));
            assertError(r, 409, Code.NETWORK_UNAVAILABLE);
            assertThat(r.body().path("detail").asText()).contains("solana:retired");
        });
        // ---- settle: the payment ----
        scenarios.put(Code.TX_NOT_FOUND, () -> {
            Job job = trade(funded(), "SOL");
            String tx = InMemoryRail.newTxId();
            Reply r = settle(Map.of("job_id", job.id, "tx_signature", tx));
            assertError(r, 404, Code.TX_NOT_FOUND);
            assertThat(r.body().path("error").path("network").asText()).isEqualTo(NETWORK);
            assertThat(r.body().path("error").path("tx_signature").asText()).isEqualTo(tx);
            assertThat(state(job)).isEqualTo("locked");
        });
        scenarios.put(Code.TX_ALREADY_USED, () -> {
            Account payer = funded();
            Job a = trade(payer, "SOL");
            Job b = trade(payer, "SOL");
            // one transaction naming both jobs: it pays the first; it cannot pay the second too
            String tx = pay(payer, a, BigInteger.ZERO, List.of(a.memo, b.memo));
            assertThat(settle(Map.of("job_id", a.id, "tx_signature", tx, "payer_proof", proof(payer, a))).status())
                    .isEqualTo(200);
            Reply r = settle(Map.of("job_id", b.id, "tx_signature", tx, "payer_proof", proof(payer, b)));
            assertError(r, 409, Code.TX_ALREADY_USED);
            assertThat(r.body().path("error").path("tx_signature").asText()).isEqualTo(tx);
            assertThat(state(b)).isEqualTo("locked");
        });
        scenarios.put(Code.INSUFFICIENT_FUNDS, () -> {
            Account broke = InMemoryRail.newAccount();
            Job job = trade(broke, "SOL");
            Reply r = settleWithKey(job, broke);
            assertError(r, 400, Code.INSUFFICIENT_FUNDS);
            assertThat(r.body().path("error").path("network").asText()).isEqualTo(NETWORK);
            assertThat(r.body().path("error").path("settleable_until").asText()).isNotBlank();
            assertThat(state(job)).isEqualTo("locked");
        });
        scenarios.put(Code.PAYMENT_REJECTED, () -> {
            Account payer = funded();
            Job job = trade(payer, "SOL");
            rail.scriptNext(new InMemoryRail.Behaviour.Refused(PaymentRejectedException.Reason.SIMULATION_FAILED));
            Reply r = settleWithKey(job, payer);
            assertError(r, 400, Code.PAYMENT_REJECTED);
            assertThat(r.body().path("error").path("tx_signature").asText()).isNotBlank();
            assertThat(state(job)).isEqualTo("locked");
        });
        scenarios.put(Code.PAYMENT_FAILED, () -> {
            Account payer = funded();
            Job job = trade(payer, "SOL");
            String underpaid = walletPays(payer, job, BigInteger.ONE.negate());
            Reply r = settle(Map.of("job_id", job.id, "tx_signature", underpaid));
            assertError(r, 400, Code.PAYMENT_FAILED);
            assertThat(r.body().path("error").path("verification").asText()).isEqualTo("amount_mismatch");
            assertThat(r.body().path("error").path("refund_owed").asBoolean()).isTrue();
            // failed on chain: nothing reached the treasuries, so nothing is owed
            rail.scriptNext(new InMemoryRail.Behaviour.FailsOnChain());
            Reply failed = settle(Map.of("job_id", job.id, "tx_signature", walletPays(payer, job, BigInteger.ZERO)));
            assertError(failed, 400, Code.PAYMENT_FAILED);
            assertThat(failed.body().path("error").path("verification").asText()).isEqualTo("tx_failed");
            assertThat(failed.body().path("error").has("refund_owed")).isFalse();
            assertThat(state(job)).isEqualTo("locked");
        });
        scenarios.put(Code.PAYMENT_DROPPED, () -> {
            Account payer = funded();
            Job job = trade(payer, "SOL");
            rail.scriptNext(new InMemoryRail.Behaviour.Dropped());
            Reply r = settleWithKey(job, payer);
            assertError(r, 409, Code.PAYMENT_DROPPED);
            assertThat(state(job)).isEqualTo("locked");
        });
        scenarios.put(Code.PAYMENT_LATE, () -> {
            Account payer = funded();
            Job job = trade(payer, "SOL");
            clock.advance(Duration.ofSeconds(601)); // past the 600 s TTL, inside the late-payment grace
            String tx = walletPays(payer, job, BigInteger.ZERO);
            Reply r = settle(Map.of("job_id", job.id, "tx_signature", tx));
            assertError(r, 409, Code.PAYMENT_LATE);
            JsonNode e = r.body().path("error");
            assertThat(e.path("expired_at").asText()).isNotBlank();
            assertThat(e.path("landed_at").asText()).isNotBlank();
            assertThat(e.path("refund_owed").asBoolean()).isTrue();
        });
        // ---- settle: a payment the client signed, refused before broadcast (nothing sent, job still locked) ----
        scenarios.put(Code.AMOUNT_MISMATCH, () -> signedRefused(BigInteger.ONE.negate(), null, Code.AMOUNT_MISMATCH));
        scenarios.put(Code.WRONG_RECIPIENT, () -> {
            Account payer = funded();
            Job job = trade(payer, "SOL");
            byte[] wire = InMemoryRail.signClientPayment(payer, sol,
                    Map.of(InMemoryRail.newAccount().getPublicKeyBase58(), job.net, job.feeRecipient, job.fee), job.memo);
            assertSignedRefused(job, wire, 422, Code.WRONG_RECIPIENT);
        });
        scenarios.put(Code.WRONG_ASSET, () -> {
            Account payer = funded();
            Job job = trade(payer, "SOL");
            byte[] wire = InMemoryRail.signClientPayment(payer, rail.assets().get("USDC"),
                    Map.of(job.payee, job.net, job.feeRecipient, job.fee), job.memo);
            assertSignedRefused(job, wire, 422, Code.WRONG_ASSET);
        });
        scenarios.put(Code.MEMO_MISSING, () -> {
            Account payer = funded();
            Job job = trade(payer, "SOL");
            byte[] wire = InMemoryRail.signClientPayment(payer, sol,
                    Map.of(job.payee, job.net, job.feeRecipient, job.fee), "ATP:" + UUID.randomUUID());
            assertSignedRefused(job, wire, 422, Code.MEMO_MISSING);
        });
        scenarios.put(Code.WRONG_PAYER, () -> {
            Job job = trade(funded(), "SOL");
            assertSignedRefused(job, signedFor(funded(), job), 422, Code.WRONG_PAYER);
        });
        scenarios.put(Code.SIGNATURE_INVALID, () -> {
            Account payer = funded();
            Job job = trade(payer, "SOL");
            byte[] wire = signedFor(payer, job);
            wire[3] ^= 1; // one bit of the signature
            assertSignedRefused(job, wire, 422, Code.SIGNATURE_INVALID);
        });
        scenarios.put(Code.INVALID_SIGNED_TRANSACTION, () -> {
            Job job = trade(funded(), "SOL");
            assertSignedRefused(job, "not a transaction at all".getBytes(StandardCharsets.UTF_8), 422,
                    Code.INVALID_SIGNED_TRANSACTION);
            // over the size limit: refused before it is decoded, naming the field
            Reply r = settle(Map.of("job_id", job.id, "signed_transaction", "A".repeat(4100)));
            assertError(r, 422, Code.INVALID_SIGNED_TRANSACTION);
            assertThat(r.body().path("error").path("field").asText()).isEqualTo("signed_transaction");
        });
        scenarios.put(Code.CLIENT_PAYMENT_UNSUPPORTED, () -> {
            Account payer = funded();
            Job job = trade(payer, "SOL");
            // this rail takes no gasless authorisations
            Reply r = settle(Map.of("job_id", job.id, "authorization", Map.of("from", "0x" + "ab".repeat(20),
                    "deadline", 1_900_000_000L, "signature", "0x" + "cd".repeat(65))));
            assertError(r, 422, Code.CLIENT_PAYMENT_UNSUPPORTED);
            rail.offerClientPayments(false);
            try {
                assertError(settleSigned(job, signedFor(payer, job)), 422, Code.CLIENT_PAYMENT_UNSUPPORTED);
            } finally {
                rail.offerClientPayments(true);
            }
            assertThat(state(job)).isEqualTo("locked");
        });
        scenarios.put(Code.WRONG_NETWORK, () -> signedRefused(BigInteger.ZERO,
                ClientPaymentRefusedException.Reason.WRONG_NETWORK, Code.WRONG_NETWORK));
        scenarios.put(Code.UNEXPECTED_INSTRUCTION, () -> signedRefused(BigInteger.ZERO,
                ClientPaymentRefusedException.Reason.UNEXPECTED_INSTRUCTION, Code.UNEXPECTED_INSTRUCTION));
        scenarios.put(Code.FEE_PAYER_NOT_ALLOWED, () -> signedRefused(BigInteger.ZERO,
                ClientPaymentRefusedException.Reason.FEE_PAYER_NOT_ALLOWED, Code.FEE_PAYER_NOT_ALLOWED));
        scenarios.put(Code.BLOCKHASH_EXPIRED, () -> signedRefused(BigInteger.ZERO,
                ClientPaymentRefusedException.Reason.BLOCKHASH_EXPIRED, Code.BLOCKHASH_EXPIRED));
        scenarios.put(Code.AUTHORIZATION_EXPIRED, () -> signedRefused(BigInteger.ZERO,
                ClientPaymentRefusedException.Reason.AUTHORIZATION_EXPIRED, Code.AUTHORIZATION_EXPIRED));
        scenarios.put(Code.SPONSOR_BUDGET_EXCEEDED, () -> signedRefused(BigInteger.ZERO,
                ClientPaymentRefusedException.Reason.SPONSOR_BUDGET_EXCEEDED, Code.SPONSOR_BUDGET_EXCEEDED));
        // ---- outages ----
        scenarios.put(Code.RAIL_UNAVAILABLE, () -> {
            Account payer = funded();
            Job job = trade(payer, "SOL");
            rail.nodeDown(true);
            try {
                Reply r = settleWithKey(job, payer);
                assertError(r, 503, Code.RAIL_UNAVAILABLE);
                assertThat(r.raw()).doesNotContain("memory.invalid");
            } finally {
                rail.nodeDown(false);
            }
            assertThat(state(job)).isEqualTo("locked");
        });
    }

    // ---- the successful outcomes ----

    @Test
    void keyModePaysAndReleasesWith200() {
        setUp();
        Account payer = funded();
        Job job = trade(payer, "SOL");
        BigInteger before = rail.balanceOf(job.payee, sol);
        Reply r = settleWithKey(job, payer);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.body().path("status").asText()).isEqualTo("success");
        assertThat(r.body().path("job_id").asText()).isEqualTo(job.id);
        assertThat(r.body().path("agent_output").asText()).isEqualTo(TestAgent.DEFAULT_OUTPUT);
        assertThat(rail.balanceOf(job.payee, sol).subtract(before)).isEqualTo(job.net);
        Reply again = settleWithKey(job, payer);
        assertThat(again.raw()).as("a repeat returns the same body and pays nothing").isEqualTo(r.raw());
        assertThat(rail.balanceOf(job.payee, sol).subtract(before)).isEqualTo(job.net);
    }

    @Test
    void aPaymentWithAProofReleasesWith200AndAPendingOneIs202() {
        setUp();
        Account payer = funded();
        Job job = trade(payer, "SOL");
        rail.scriptNext(new InMemoryRail.Behaviour.PendingFor(1_000));
        String tx = walletPays(payer, job, BigInteger.ZERO);
        Reply pending = settle(Map.of("job_id", job.id, "tx_signature", tx, "payer_proof", proof(payer, job)));
        assertThat(pending.status()).as(pending.raw()).isEqualTo(202);
        assertThat(pending.code()).isEqualTo("settlement_pending");

        Job other = trade(payer, "USDC");
        Reply r = settle(Map.of("job_id", other.id, "tx_signature", walletPays(payer, other, BigInteger.ZERO),
                "payer_proof", proof(payer, other)));
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.body().path("agent_output").asText()).isEqualTo(TestAgent.DEFAULT_OUTPUT);
    }

    @Test
    void aClientSignedPaymentPaysAndReleasesWith200() {
        setUp();
        Account payer = funded();
        Job job = trade(payer, "SOL");
        BigInteger before = rail.balanceOf(job.payee, sol);
        byte[] wire = signedFor(payer, job);
        Reply r = settleSigned(job, wire);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.body().path("tx_signature").asText()).isEqualTo(InMemoryRail.txIdOf(wire));
        assertThat(r.body().path("agent_output").asText()).isEqualTo(TestAgent.DEFAULT_OUTPUT);
        assertThat(rail.balanceOf(job.payee, sol).subtract(before)).isEqualTo(job.net);
    }

    // ---- helpers ----

    /** A client-signed payment for the job, the net changed by {@code netDelta}, refused with {@code code}. */
    private void signedRefused(BigInteger netDelta, ClientPaymentRefusedException.Reason scripted, Code code) {
        Account payer = funded();
        Job job = trade(payer, "SOL");
        byte[] wire = InMemoryRail.signClientPayment(payer, sol,
                Map.of(job.payee, job.net.add(netDelta), job.feeRecipient, job.fee), job.memo);
        rail.refuseNextInspection(scripted);
        assertSignedRefused(job, wire, code == Code.SPONSOR_BUDGET_EXCEEDED ? 402 : 422, code);
    }

    private void assertSignedRefused(Job job, byte[] wire, int status, Code code) {
        int submitted = rail.clientSubmissions().size();
        Reply r = settleSigned(job, wire);
        assertError(r, status, code);
        assertThat(r.body().path("error").path("network").asText()).isEqualTo(NETWORK);
        assertThat(r.body().path("error").path("settleable_until").asText()).isNotBlank();
        assertThat(rail.clientSubmissions()).as("a refused payment is never broadcast").hasSize(submitted);
        assertThat(state(job)).isEqualTo("locked");
    }

    private byte[] signedFor(Account payer, Job job) {
        return InMemoryRail.signClientPayment(payer, job.asset, Map.of(job.payee, job.net, job.feeRecipient, job.fee),
                job.memo);
    }

    private Reply settleSigned(Job job, byte[] wire) {
        return settle(Map.of("job_id", job.id, "signed_transaction", Base64.getEncoder().encodeToString(wire)));
    }

    private record Job(String id, String payee, String feeRecipient, BigInteger net, BigInteger fee, String memo,
                       ChainAsset asset) {
    }

    private Account funded() {
        setUp();
        return rail.newFundedAccount(rail.assets().get("USDC"), BigInteger.valueOf(1_000_000_000L));
    }

    private Reply tradeReply(Account payer, String token, String network) {
        setUp();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("agent_config", Map.of("agent_name", "t"));
        body.put("task", "x");
        body.put("user_wallet", payer.getPublicKeyBase58());
        body.put("payment_token", token);
        if (network != null) {
            body.put("network", network);
        }
        return http.post("/v1/agent/trade", body);
    }

    private Job trade(Account payer, String token) {
        Reply r = tradeReply(payer, token, null);
        assertThat(r.status()).as(r.raw()).isEqualTo(402);
        JsonNode transfers = r.body().path("payment_instructions").path("transfers");
        BigInteger fee = transfers.size() > 1 ? new BigInteger(transfers.get(1).path("amount").asText()) : BigInteger.ZERO;
        String feeTo = transfers.size() > 1 ? transfers.get(1).path("to").asText() : transfers.get(0).path("to").asText();
        return new Job(r.body().path("job_id").asText(), transfers.get(0).path("to").asText(), feeTo,
                new BigInteger(transfers.get(0).path("amount").asText()), fee,
                r.body().path("payment").path("memo").asText(), rail.assets().get(token));
    }

    /** The payer's wallet pays the job's transfers, the net changed by {@code netDelta}. */
    private String walletPays(Account payer, Job job, BigInteger netDelta) {
        return pay(payer, job, netDelta, List.of(job.memo));
    }

    private String pay(Account payer, Job job, BigInteger netDelta, List<String> memos) {
        try {
            return rail.pay(payer.getPublicKeyBase58(), job.asset,
                    Map.of(job.payee, job.net.add(netDelta), job.feeRecipient, job.fee), memos);
        } catch (PaymentRejectedException e) {
            throw new AssertionError(e);
        }
    }

    private Reply settle(Map<String, Object> body) {
        setUp();
        return http.post("/v1/agent/settle", body);
    }

    private Reply settleWithKey(Job job, Account payer) {
        return settle(Map.of("job_id", job.id, "private_key", InMemoryRail.secretOf(payer)));
    }

    private Map<String, Object> proof(Account signer, Job job) {
        return WalletProofs.solana(signer, NETWORK, job.id, server.getURI(), clock.instant());
    }

    private String state(Job job) {
        return http.get("/v1/agent/jobs/" + job.id).body().path("state").asText();
    }

    private void withAgent(TestAgent.Mode mode, Runnable scenario) {
        agent.mode(mode);
        try {
            scenario.run();
        } finally {
            agent.mode(TestAgent.Mode.OK);
        }
    }

    /** ATP's one error shape: the status, error.code, a message, and detail equal to it. */
    private static void assertError(Reply r, int status, Code code) {
        assertThat(r.status()).as(r.raw()).isEqualTo(status);
        assertThat(r.code()).as(r.raw()).isEqualTo(code.wireName());
        String message = r.body().path("error").path("message").asText();
        assertThat(message).as(r.raw()).isNotBlank();
        assertThat(r.body().path("detail").asText()).isEqualTo(message);
    }
}
