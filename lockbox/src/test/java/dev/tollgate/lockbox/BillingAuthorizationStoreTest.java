package dev.tollgate.lockbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.lockbox.BillingAuthorizationStore.NewAuthorization;
import dev.tollgate.lockbox.BillingAuthorizationStore.SettleStart;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Billing authorizations in the real embedded PostgreSQL: one x402 payload reserves once, an allowance is never
 * overdrawn by 20 threads on their own connections reserving at the same instant (each stands for a gateway
 * instance: only the database serializes them), and every state move is a compare-and-set.
 */
@MicronautTest(environments = LockboxTestBeans.ENV, transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BillingAuthorizationStoreTest extends LockboxDbTestSupport {
    private static final int THREADS = 20;
    private static final String USDC = "USDC";
    private static final Duration TTL = Duration.ofSeconds(300);

    @Inject
    BillingAuthorizationStore store;

    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @AfterAll
    void shutdown() {
        pool.shutdownNow();
    }

    private static NewAuthorization x402(String key, long units) {
        return new NewAuthorization(UUID.randomUUID(), "exact", POLYGON, USDC, "0xpayer", key,
                BigInteger.valueOf(units), UUID.randomUUID(), "{}", TTL);
    }

    private static NewAuthorization allowance(String payer, long units) {
        return new NewAuthorization(UUID.randomUUID(), "allowance", SOLANA, USDC, payer, null,
                BigInteger.valueOf(units), null, "{}", TTL);
    }

    @Test
    void twentyConcurrentAllowanceReservationsNeverOverdrawWhatIsSpendable() throws Exception {
        BigInteger spendable = BigInteger.valueOf(7 * 1_000 + 999); // room for seven, not eight
        List<Boolean> taken = race(i -> store.tryReserveWithin(allowance("payer", 1_000), spendable).isPresent());
        assertThat(taken.stream().filter(b -> b).count()).isEqualTo(7);
        assertThat(store.openUnits(SOLANA, USDC, "payer")).isEqualTo(BigInteger.valueOf(7_000));
        assertThat(store.tryReserveWithin(allowance("other", 1_000), spendable))
                .as("another payer has its own allowance").isPresent();
        assertThat(count("SELECT count(*) FROM billing_authorizations WHERE payer = 'payer'")).isEqualTo(7);
    }

    @Test
    void twentyConcurrentReservationsOfOnePayloadLetExactlyOneWin() throws Exception {
        List<Boolean> taken = race(i -> store.reserve(x402("0xtoken:0xpayer:0xnonce", 10_000)).isPresent());
        assertThat(taken.stream().filter(b -> b).count()).isEqualTo(1);
        assertThat(store.findByPaymentKey(POLYGON, "0xtoken:0xpayer:0xnonce")).isPresent();
        assertThat(store.reserve(new NewAuthorization(UUID.randomUUID(), "exact", SOLANA, USDC, "p",
                "0xtoken:0xpayer:0xnonce", BigInteger.ONE, null, "{}", TTL)))
                .as("the key is unique per network").isPresent();
        UUID job = UUID.randomUUID();
        assertThat(store.reserve(new NewAuthorization(UUID.randomUUID(), "exact", POLYGON, USDC, "p", "k-a",
                BigInteger.ONE, job, "{}", TTL))).isPresent();
        assertThat(store.reserve(new NewAuthorization(UUID.randomUUID(), "exact", POLYGON, USDC, "p", "k-b",
                BigInteger.ONE, job, "{}", TTL))).as("one authorization per job").isEmpty();
    }

    @Test
    void settlingMovesOnceAndAUsedAuthorizationCannotBeSettledOrReleasedAgain() {
        BillingAuthorization a = store.reserve(x402("k1", 500)).orElseThrow();
        assertThat(a.state()).isEqualTo(BillingAuthorization.State.RESERVED);
        UUID job = a.jobId();

        assertThat(store.beginSettling(a.id(), UUID.randomUUID())).isEqualTo(SettleStart.STARTED);
        assertThat(store.find(a.id()).orElseThrow().jobId()).as("the job named at authorize stays").isEqualTo(job);
        assertThat(store.beginSettling(a.id(), UUID.randomUUID())).isEqualTo(SettleStart.USED);
        assertThat(store.release(a.id())).as("a settling authorization is not released").isFalse();
        assertThat(store.markSettled(a.id(), BigInteger.valueOf(500))).isTrue();
        assertThat(store.markSettled(a.id(), BigInteger.valueOf(500))).isFalse();
        assertThat(store.releaseSettling(a.id())).isFalse();
        assertThat(store.find(a.id()).orElseThrow().state()).isEqualTo(BillingAuthorization.State.SETTLED);
        assertThat(store.beginSettling(UUID.randomUUID(), job)).isEqualTo(SettleStart.UNKNOWN);
    }

    @Test
    void releaseIsIdempotentFreesTheAllowanceAndKeepsThePayloadUsed() {
        BigInteger spendable = BigInteger.valueOf(1_000);
        BillingAuthorization a = store.tryReserveWithin(allowance("p", 1_000), spendable).orElseThrow();
        assertThat(store.tryReserveWithin(allowance("p", 1), spendable)).isEmpty();
        assertThat(store.release(a.id())).isTrue();
        assertThat(store.release(a.id())).as("idempotent").isTrue();
        assertThat(store.beginSettling(a.id(), UUID.randomUUID())).isEqualTo(SettleStart.USED);
        assertThat(store.tryReserveWithin(allowance("p", 1_000), spendable)).as("freed").isPresent();

        BillingAuthorization x = store.reserve(x402("k2", 5)).orElseThrow();
        assertThat(store.release(x.id())).isTrue();
        assertThat(store.reserve(x402("k2", 5))).as("a released payload is still used").isEmpty();
        assertThat(store.release(UUID.randomUUID())).as("unknown").isFalse();
    }

    @Test
    void aSettlingReservationStillCountsAndAFailedSettleGivesItBack() {
        BigInteger spendable = BigInteger.valueOf(1_000);
        BillingAuthorization a = store.tryReserveWithin(allowance("p", 600), spendable).orElseThrow();
        assertThat(store.beginSettling(a.id(), UUID.randomUUID())).isEqualTo(SettleStart.STARTED);
        clock.advance(TTL.plusSeconds(1));
        assertThat(store.openUnits(SOLANA, USDC, "p")).as("being charged: held past its expiry")
                .isEqualTo(BigInteger.valueOf(600));
        assertThat(store.tryReserveWithin(allowance("p", 600), spendable)).isEmpty();
        assertThat(store.releaseSettling(a.id())).isTrue();
        assertThat(store.tryReserveWithin(allowance("p", 600), spendable)).isPresent();
    }

    @Test
    void anExpiredReservationStopsCountingCannotBeSettledAndIsPurgedAfterTheRetention() throws Exception {
        BigInteger spendable = BigInteger.valueOf(1_000);
        BillingAuthorization a = store.tryReserveWithin(allowance("p", 1_000), spendable).orElseThrow();
        clock.advance(TTL.plusSeconds(1));
        assertThat(store.openUnits(SOLANA, USDC, "p")).isZero();
        assertThat(store.beginSettling(a.id(), UUID.randomUUID())).isEqualTo(SettleStart.EXPIRED);
        BillingAuthorization b = store.tryReserveWithin(allowance("p", 1_000), spendable).orElseThrow();

        Duration retention = Duration.ofHours(1);
        assertThat(store.purgeExpired(retention, 100)).as("within the retention").isZero();
        clock.advance(retention);
        assertThat(store.purgeExpired(retention, 100)).isEqualTo(1);
        assertThat(store.find(a.id())).isEmpty();
        assertThat(store.find(b.id())).isPresent();
        clock.advance(TTL);
        assertThat(store.purgeExpired(retention, 100)).isEqualTo(1);
        Optional<BillingAuthorization> none = store.find(b.id());
        assertThat(none).isEmpty();
        assertThat(count("SELECT count(*) FROM billing_payer_locks")).as("idle lock rows go too").isZero();
    }

    @Test
    void badInputIsRefusedBeforeTheDatabase() {
        assertThatThrownBy(() -> new NewAuthorization(UUID.randomUUID(), "Exact!", POLYGON, USDC, "p", null,
                BigInteger.ONE, null, "{}", TTL)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NewAuthorization(UUID.randomUUID(), "exact", POLYGON, USDC, "p", null,
                BigInteger.valueOf(-1), null, "{}", TTL)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.tryReserveWithin(allowance("p", 1), BigInteger.valueOf(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private List<Boolean> race(IntFunction<Boolean> task) throws Exception {
        CountDownLatch ready = new CountDownLatch(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> futures = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            int n = i;
            futures.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                return task.apply(n);
            }));
        }
        assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
        go.countDown();
        List<Boolean> results = new ArrayList<>();
        for (Future<Boolean> f : futures) {
            results.add(f.get(60, TimeUnit.SECONDS));
        }
        return results;
    }
}
