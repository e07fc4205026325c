package dev.tollgate.gateway.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.solana.SolanaExactConfig;
import dev.tollgate.chain.solana.SolanaNetworkConfig;
import dev.tollgate.chain.solana.SolanaRail;
import dev.tollgate.chain.support.Poll;
import dev.tollgate.chain.transport.RpcTransportPolicy;
import dev.tollgate.chain.x402.SettlementSweeps;
import dev.tollgate.gateway.api.ApiException;
import dev.tollgate.gateway.rails.PaymentRails;
import dev.tollgate.gateway.rails.RailBinding;
import dev.tollgate.gateway.support.LocalSolana;
import dev.tollgate.lockbox.ClaimResult;
import dev.tollgate.lockbox.Job;
import dev.tollgate.lockbox.Lockbox;
import dev.tollgate.lockbox.NewJob;
import dev.tollgate.lockbox.Sweep;
import dev.tollgate.lockbox.SweepStore;
import dev.tollgate.lockbox.testing.SharedTestDatabase;
import io.micronaut.context.ApplicationContext;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.p2p.solanaj.core.Account;
import org.p2p.solanaj.utils.Base58;

/**
 * The sweep on the embedded PostgreSQL and the local Solana node: the money of x402 payments sits in the settlement
 * wallet, and the sweeper pays exactly net to the agent and fee to the fee treasury, once per payment, whether it is
 * run twice, by concurrent workers of two gateway instances, or after a crash between recording and broadcasting.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SettlementSweeperTest {
    private static final BigInteger NET = BigInteger.valueOf(1_900_000);
    private static final BigInteger FEE = BigInteger.valueOf(100_000);

    private final List<ApplicationContext> contexts = new ArrayList<>();
    private LocalSolana solana;
    private ChainAsset usdc;
    private Account settlement;
    private Account feePayer;
    private PaymentRails rails;
    private SettlementSweeps sweeps;
    private Lockbox lockbox;
    private SweepStore store;
    private SweepLedger ledger;

    @BeforeAll
    void start() throws Exception {
        solana = LocalSolana.get();
        usdc = solana.usdc;
        feePayer = new Account();
        settlement = new Account();
        solana.node.airdrop(feePayer.getPublicKeyBase58(), 10_000_000_000L);
        SolanaRail rail = sweepingRail(new SolanaNetworkConfig(NetworkId.of(solana.network), solana.node.rpcUrl(), usdc,
                Duration.ofSeconds(5)));
        sweeps = (SettlementSweeps) rail.exactScheme().orElseThrow();
        rails = new PaymentRails(List.of(new RailBinding(rail, "solana", solana.agentTreasury, solana.feeTreasury)));
        ApplicationContext context = newInstance();
        lockbox = context.getBean(Lockbox.class);
        store = context.getBean(SweepStore.class);
        ledger = new SweepLedger(store, rails);
    }

    @AfterAll
    void stop() {
        contexts.forEach(ApplicationContext::close);
    }

    /** A gateway instance's beans on the shared database, its own pool; nothing scheduled runs by itself. */
    private ApplicationContext newInstance() {
        return newInstance(Map.of());
    }

    private ApplicationContext newInstance(Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(SharedTestDatabase.properties());
        properties.putAll(extra);
        properties.put("tollgate.lockbox.reaper.enabled", "false");
        properties.put("tollgate.reconciler.enabled", "false");
        properties.put("tollgate.sweeper.enabled", "false");
        ApplicationContext context = ApplicationContext.run(properties, "test");
        contexts.add(context);
        return context;
    }

    private SettlementSweeper sweeper(SweepStore on) {
        return new SettlementSweeper(on, rails, Commitment.CONFIRMED);
    }

    @Test
    void aReleasedJobIsSweptIntoExactlyNetAndFeeOnceEvenWhenRecordedAndRunTwice() throws Exception {
        Parties parties = Parties.fresh();
        Job job = paidAndReleased(parties);
        String source = sourceTx();
        ledger.sweepAfterRelease(job, source);
        ledger.sweepAfterRelease(job, source); // a retried release records nothing new
        assertThat(store.byJob(job.id())).hasSize(1);

        SettlementSweeper sweeper = sweeper(store);
        Sweep done = runUntilDone(source, List.of(sweeper));
        sweeper.sweepDue(); // and again, after it is done
        sweeper.sweepDue();

        assertSwept(parties);
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(store.transactions(done.id())).singleElement().satisfies(tx -> {
            assertThat(tx.txId()).isEqualTo(done.sweepTxId());
            assertThat(tx.outcome()).isEqualTo("landed");
        });
        assertThat(done.sourceTxId()).isEqualTo(source);
        assertThat(done.settlementWallet()).isEqualTo(settlement.getPublicKeyBase58());

        // the operator sees the movement: the payment in, the one transaction out, net and fee
        ApplicationContext operator = newInstance(Map.of("tollgate.operator.token", "op-token"));
        SweepsController api = operator.getBean(SweepsController.class);
        assertThatThrownBy(() -> api.sweeps("Bearer wrong", null, null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("unauthorized"));
        com.fasterxml.jackson.databind.JsonNode listed = null;
        String after = null;
        while (listed == null) {
            com.fasterxml.jackson.databind.JsonNode page = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(api.sweeps("Bearer op-token", after, 500));
            for (com.fasterxml.jackson.databind.JsonNode item : page.path("sweeps")) {
                if (source.equals(item.path("source_tx_signature").asText())) {
                    listed = item;
                }
            }
            after = page.path("next_after").isNull() ? null : page.path("next_after").asText();
            if (after == null && listed == null) {
                throw new AssertionError("sweep not listed");
            }
        }
        assertThat(listed.path("state").asText()).isEqualTo("done");
        assertThat(listed.path("job_id").asText()).isEqualTo(job.id().toString());
        assertThat(listed.path("net_units").asText()).isEqualTo(NET.toString());
        assertThat(listed.path("fee_units").asText()).isEqualTo(FEE.toString());
        assertThat(listed.path("sweep_tx_signature").asText()).isEqualTo(done.sweepTxId());
        assertThat(listed.path("transactions").get(0).path("outcome").asText()).isEqualTo("landed");
    }

    @Test
    void concurrentWorkersOfTwoInstancesSweepEachPaymentOnce() throws Exception {
        SweepStore other = newInstance().getBean(SweepStore.class);
        List<Parties> parties = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Parties p = Parties.fresh();
            parties.add(p);
            String source = sourceTx();
            sources.add(source);
            ledger.sweepAfterRelease(paidAndReleased(p), source);
        }
        BigInteger walletBefore = solana.balance(settlement.getPublicKeyBase58(), usdc);

        List<SettlementSweeper> workers = List.of(sweeper(store), sweeper(store), sweeper(other), sweeper(other));
        ExecutorService pool = Executors.newFixedThreadPool(workers.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> runs = new ArrayList<>();
            for (SettlementSweeper worker : workers) {
                runs.add(pool.submit(() -> {
                    go.await();
                    worker.sweepDue();
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (String source : sources) {
            Sweep done = runUntilDone(source, workers);
            assertThat(done.attempts()).isEqualTo(1); // one transaction claimed; the losers' were never sent
            assertThat(store.transactions(done.id())).singleElement()
                    .satisfies(tx -> assertThat(tx.outcome()).isEqualTo("landed"));
        }
        parties.forEach(this::assertSwept);
        assertThat(solana.balance(settlement.getPublicKeyBase58(), usdc))
                .isEqualTo(walletBefore.subtract(NET.add(FEE).multiply(BigInteger.valueOf(3))));
    }

    @Test
    void aCrashAfterRecordingTheSweepTransactionSendsThatSameTransactionNeverASecond() throws Exception {
        // the crashed worker: signed and recorded, then died before broadcasting
        Recorded recorded = sweepRecordedUnsent();

        Sweep done = runUntilDone(recorded.source(), List.of(sweeper(store)));
        assertThat(done.sweepTxId()).isEqualTo(recorded.tx().txId());
        assertThat(done.attempts()).isEqualTo(1);
        assertSwept(recorded.parties());
    }

    @Test
    void aCrashAfterBroadcastingIsFinishedByCheckingNotBySendingAgain() throws Exception {
        Recorded sent = sweepRecordedUnsent();
        sweeps.submitSweep(sent.tx()); // broadcast, then the worker died before marking it done

        Sweep done = runUntilDone(sent.source(), List.of(sweeper(store), sweeper(store)));
        assertThat(done.sweepTxId()).isEqualTo(sent.tx().txId());
        assertSwept(sent.parties());
    }

    @Test
    void aRecordedTransactionThatCanNeverLandIsReplacedOnceTheChainSaysSoAndTheMoneyMovesOnce() throws Exception {
        // a rail that calls an unseen transaction dropped 5 finalized blocks after its blockhash expired
        SolanaRail quickToDrop = sweepingRail(new SolanaNetworkConfig(NetworkId.of(solana.network),
                solana.node.rpcUrl(), usdc, Duration.ofSeconds(5), 5));
        PaymentRails dropRails = new PaymentRails(List.of(new RailBinding(quickToDrop, "solana", solana.agentTreasury,
                solana.feeTreasury)));
        Recorded recorded = sweepRecordedUnsent();
        SignedPayment lost = recorded.tx();
        // the worker crashed before broadcasting, and stayed down until the transaction's blockhash expired
        Poll.until(() -> solana.node.rpc().call("getBlockHeight").asLong() > lost.validUntil() ? Boolean.TRUE : null,
                Poll.LIMIT);

        Sweep done = runUntilDone(recorded.source(),
                List.of(new SettlementSweeper(store, dropRails, Commitment.CONFIRMED)));
        assertThat(done.sweepTxId()).isNotEqualTo(lost.txId());
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(store.transactions(done.id())).extracting(Sweep.Transaction::txId, Sweep.Transaction::outcome)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(lost.txId(), "dropped"),
                        org.assertj.core.groups.Tuple.tuple(done.sweepTxId(), "landed"));
        assertSwept(recorded.parties());
        assertThat(solana.node.rpc().call("getSignatureStatuses", List.of(lost.txId()),
                Map.of("searchTransactionHistory", true)).path("value").path(0).isNull()).isTrue(); // never landed
    }

    @Test
    void aJobWithoutAFeeRecordsNoSweep() {
        Parties parties = Parties.fresh();
        Job job = released(parties, NET.add(FEE), BigInteger.ZERO);
        ledger.sweepAfterRelease(job, sourceTx());
        assertThat(store.byJob(job.id())).isEmpty();
    }

    // ---- helpers ----

    /** Fresh agent and fee accounts per test, so balances start at zero. */
    private record Parties(String agent, String feeTreasury) {
        static Parties fresh() {
            return new Parties(new Account().getPublicKeyBase58(), new Account().getPublicKeyBase58());
        }
    }

    /**
     * A job released for an x402 payment whose total landed in the settlement wallet (minted there, standing in for
     * the stock client's transfer, which SolanaExactSchemeTest lands for real).
     */
    private Job paidAndReleased(Parties parties) {
        solana.node.mintTo(usdc.address(), settlement.getPublicKeyBase58(), NET.add(FEE));
        return released(parties, NET, FEE);
    }

    private Job released(Parties parties, BigInteger net, BigInteger fee) {
        Job locked = lockbox.lock(new NewJob(solana.network, "USDC", null, parties.agent, parties.feeTreasury,
                net.add(fee), fee, net, 500, null, null, null, Duration.ofMinutes(10)),
                "output".getBytes(StandardCharsets.UTF_8));
        assertThat(lockbox.claim(locked.id())).isEqualTo(ClaimResult.CLAIMED);
        return lockbox.release(locked.id(), solana.network, sourceTx(), "{}").job();
    }

    /** The test's rail on {@code config}, taking x402 payments with the fee payer and settlement wallet. */
    private SolanaRail sweepingRail(SolanaNetworkConfig config) {
        return new SolanaRail(config, RpcTransportPolicy.forTimeout(Duration.ofSeconds(5)), null,
                SolanaExactConfig.fromKeys(SolanaExactConfig.DEVNET, Base58.encode(feePayer.getSecretKey()),
                        Base58.encode(settlement.getSecretKey())));
    }

    /** A sweep whose transaction a worker signed and recorded (claimed), then crashed before broadcasting. */
    private record Recorded(Parties parties, String source, SignedPayment tx) { }

    private Recorded sweepRecordedUnsent() throws Exception {
        Parties parties = Parties.fresh();
        Job job = paidAndReleased(parties);
        String source = sourceTx();
        ledger.sweepAfterRelease(job, source);
        Sweep pending = store.find(solana.network, source).orElseThrow();
        String jobId = job.id().toString();
        SignedPayment tx = sweeps.signSweep(new PaymentIntent(jobId, NetworkId.of(solana.network), usdc,
                settlement.getPublicKeyBase58(), parties.agent, parties.feeTreasury, NET, FEE,
                SettlementSweeps.sweepMemo(jobId)));
        assertThat(store.claim(pending.id(), solana.network, tx.txId(), tx.rawTx(), tx.validUntil())).isTrue();
        return new Recorded(parties, source, tx);
    }

    /** Exactly net reached the agent and the fee the fee treasury (their accounts are fresh per test). */
    private void assertSwept(Parties parties) {
        assertThat(solana.balance(parties.agent, usdc)).isEqualTo(NET);
        assertThat(solana.balance(parties.feeTreasury, usdc)).isEqualTo(FEE);
    }

    private static String sourceTx() {
        byte[] signature = new byte[64];
        ThreadLocalRandom.current().nextBytes(signature);
        return Base58.encode(signature);
    }

    /** Runs the workers until the sweep of {@code source} is DONE (polling, never a fixed sleep). */
    private Sweep runUntilDone(String source, List<SettlementSweeper> workers) throws InterruptedException {
        return Poll.until(() -> {
            workers.forEach(SettlementSweeper::sweepDue);
            Sweep sweep = store.find(solana.network, source).orElseThrow();
            assertThat(sweep.state()).isNotEqualTo(Sweep.State.FAILED);
            return sweep.state() == Sweep.State.DONE ? sweep : null;
        }, Poll.LIMIT);
    }
}
