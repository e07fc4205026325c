package dev.tollgate.lockbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * EVM nonce reservations in the real embedded PostgreSQL: the rules one by one, then many threads on their own
 * connections reserving for one payer at the same instant (each thread stands for a gateway instance: nothing
 * in the JVM serializes them, only the database).
 */
@MicronautTest(environments = LockboxTestBeans.ENV, transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NonceReservationStoreTest extends LockboxDbTestSupport {
    private static final int THREADS = 32;
    private static final int ROUNDS = 5;
    private static final String AMOY = "eip155:80002";
    private static final long NOW = 1_000_000; // chain time
    private static final long DEADLINE = NOW + 120;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    NonceReservationStore store;

    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @AfterAll
    void shutdown() {
        pool.shutdownNow();
    }

    @Test
    void manyThreadsReservingForOnePayerAtOnceGetDistinctConsecutiveNonces() throws Exception {
        String payer = newAddress();
        long pending = 7;
        for (int round = 0; round < ROUNDS; round++) {
            long from = pending;
            List<Object> results = race(i -> () -> store.reserve(AMOY, payer, from, NOW, i % 2 == 0 ? null : USDC,
                    DEADLINE).nonce());

            assertThat(results).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(LongStream.range(from, from + THREADS).boxed().toList());
            pending += THREADS; // the node has seen them all
        }
        // the last round pruned what the node had already seen
        assertThat(count("SELECT count(*) FROM evm_nonce_reservations WHERE payer = ?", payer)).isEqualTo(THREADS);
    }

    @Test
    void manyThreadsRacingForOneDeadReservationTakeItOverOnce() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String payer = newAddress();
            store.reserve(AMOY, payer, 0, NOW, null, NOW + 10); // dies at NOW + 11

            List<Object> results = race(i -> () -> store.reserve(AMOY, payer, 0, NOW + 11, null, DEADLINE + 11).nonce());

            assertThat(results).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(LongStream.range(0, THREADS).boxed().toList());
            assertThat(count("SELECT count(*) FROM evm_nonce_reservations WHERE payer = ?", payer)).isEqualTo(THREADS);
        }
    }

    @Test
    void theLowestFreeNonceAtOrAboveThePendingCountIsTaken() throws Exception {
        String payer = newAddress();
        assertThat(reserve(payer, 5)).isEqualTo(5);
        assertThat(reserve(payer, 5)).isEqualTo(6);
        NonceReservationStore.Reserved seven = store.reserve(AMOY, payer, 5, NOW, null, DEADLINE);
        assertThat(reserve(payer, 5)).isEqualTo(8);

        store.cancel(seven.id()); // a signing that failed leaves no gap
        assertThat(reserve(payer, 5)).isEqualTo(7);
        assertThat(reserve(payer, 9)).isEqualTo(9); // the node has seen 5..8: their reservations are done
        assertThat(reserve(payer, 9)).isEqualTo(10);
        assertThat(count("SELECT count(*) FROM evm_nonce_reservations WHERE payer = ?", payer)).isEqualTo(2);
    }

    @Test
    void aRejectedTransactionFreesItsNonceWhicheverWayItsHashOrPayerIsSpelled() {
        String payer = newAddress();
        NonceReservationStore.Reserved first = store.reserve(AMOY, payer, 0, NOW, null, DEADLINE);
        String tx = "0x" + "ab".repeat(32);
        store.attachTx(first.id(), tx);
        assertThat(reserve(payer, 0)).isEqualTo(1);

        store.release(AMOY, payer.toUpperCase(Locale.ROOT).replace("0X", "0x"), tx.toUpperCase(Locale.ROOT).replace("0X", "0x"));

        assertThat(reserve(payer, 0)).isEqualTo(0);
    }

    @Test
    void aReservationPastItsDeadlineIsFreeButNotBefore() throws Exception {
        String payer = newAddress();
        store.reserve(AMOY, payer, 0, NOW, null, NOW + 60);
        assertThat(store.reserve(AMOY, payer, 0, NOW + 60, null, DEADLINE).nonce()).isEqualTo(1); // at its deadline: live
        NonceReservationStore.Reserved takeover = store.reserve(AMOY, payer, 0, NOW + 61, null, DEADLINE);
        assertThat(takeover.nonce()).isZero();

        store.cancel(takeover.id());
        assertThat(count("SELECT count(*) FROM evm_nonce_reservations WHERE payer = ? AND nonce = 0", payer)).isZero();
    }

    @Test
    void theOldHolderOfATakenOverNonceCanNoLongerTouchIt() {
        String payer = newAddress();
        NonceReservationStore.Reserved old = store.reserve(AMOY, payer, 0, NOW, null, NOW + 1);
        NonceReservationStore.Reserved current = store.reserve(AMOY, payer, 0, NOW + 2, null, DEADLINE);
        assertThat(current.nonce()).isEqualTo(old.nonce());

        store.attachTx(old.id(), "0x" + "01".repeat(32));
        store.cancel(old.id());

        assertThat(reserve(payer, 0)).isEqualTo(1); // the current holder still has nonce 0
    }

    @Test
    void permitsAreCountedPerTokenAmongLiveReservationsInTheRange() {
        String payer = newAddress();
        store.reserve(AMOY, payer, 0, NOW, USDC, DEADLINE);          // 0: permit
        store.reserve(AMOY, payer, 0, NOW, null, DEADLINE);          // 1: native
        store.reserve(AMOY, payer, 0, NOW, USDC, NOW + 5);           // 2: permit, dies at NOW + 6
        store.reserve(AMOY, payer, 0, NOW, newAddress(), DEADLINE);  // 3: another token's permit
        store.reserve(AMOY, payer, 0, NOW, USDC, DEADLINE);          // 4: permit

        assertThat(store.permitsBetween(AMOY, payer, USDC, 0, 4, NOW)).isEqualTo(2);
        assertThat(store.permitsBetween(AMOY, payer, USDC.toUpperCase(Locale.ROOT).replace("0X", "0x"), 1, 5, NOW)).isEqualTo(2);
        assertThat(store.permitsBetween(AMOY, payer, USDC, 0, 5, NOW + 6)).isEqualTo(2);
    }

    @Test
    void payersAndNetworksDoNotShareNonces() {
        String payer = newAddress();
        assertThat(reserve(payer, 0)).isZero();
        assertThat(reserve(payer.toUpperCase(Locale.ROOT).replace("0X", "0x"), 0)).isEqualTo(1);
        assertThat(reserve(newAddress(), 0)).isZero();
        assertThat(store.reserve("eip155:137", payer, 0, NOW, null, DEADLINE).nonce()).isZero();
    }

    @Test
    void malformedInputIsRefusedBeforeAnyStatement() {
        assertThatThrownBy(() -> store.reserve(AMOY, "0x1234", 0, NOW, null, DEADLINE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.reserve(AMOY, newAddress(), -1, NOW, null, DEADLINE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.reserve("", newAddress(), 0, NOW, null, DEADLINE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.release(AMOY, newAddress(), "0x" + "g".repeat(64)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- helpers ----

    private static final String USDC = newAddress();

    private long reserve(String payer, long pending) {
        return store.reserve(AMOY, payer, pending, NOW, null, DEADLINE).nonce();
    }

    private static String newAddress() {
        byte[] bytes = new byte[20];
        RANDOM.nextBytes(bytes);
        return "0x" + HexFormat.of().formatHex(bytes);
    }

    /** Runs {@code THREADS} tasks released at the same instant; returns each task's result. */
    private List<Object> race(IntFunction<Callable<?>> task) throws Exception {
        CountDownLatch ready = new CountDownLatch(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Object>> futures = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            Callable<?> callable = task.apply(i);
            futures.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                return callable.call();
            }));
        }
        assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
        go.countDown();
        List<Object> results = new ArrayList<>();
        for (Future<Object> f : futures) {
            results.add(f.get(60, TimeUnit.SECONDS));
        }
        return results;
    }
}
