package dev.tollgate.lockbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * x402 payments on real PostgreSQL: one claim per payment key and per payload across concurrent callers, the tx id
 * recorded only by the claimer, settled once, forgotten only while unsettled and naming its tx, payment-identifier
 * bound to its first payload.
 */
@MicronautTest(environments = LockboxTestBeans.ENV, transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class X402PaymentsTest extends LockboxDbTestSupport {
    private static final int THREADS = 32;
    private static final String HASH_A = "a".repeat(64);
    private static final String HASH_B = "b".repeat(64);
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @Inject
    X402Payments payments;

    @AfterAll
    void shutdown() {
        pool.shutdownNow();
    }

    @Test
    void thirtyTwoConcurrentClaimsOfOnePaymentKeyWithDifferentPayloadsHaveOneWinner() throws Exception {
        Job job = lockbox.lock(newJob(Duration.ofMinutes(5)), output("x"));
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            String hash = String.format("%064x", i);
            results.add(pool.submit(() -> {
                go.await();
                return payments.claim(SOLANA, "usdc:payer:nonce1", hash, job.id(), "payer", "{}", "{}");
            }));
        }
        go.countDown();
        int winners = 0;
        for (Future<Boolean> f : results) {
            winners += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertThat(winners).isEqualTo(1);
    }

    @Test
    void replaceTxOnlyFromTheNamedTxAndNeverASettledPayment() {
        String hash = String.format("%064x", 4242);
        assertThat(payments.claim(SOLANA, "kr", hash, null, "payer", "{}", "{}")).isTrue();
        assertThat(payments.replaceTx(SOLANA, "kr", "tx-ours", "tx-theirs", 9)).as("no tx recorded yet").isFalse();
        assertThat(payments.markSent(SOLANA, "kr", "tx-ours", 9)).isTrue();
        assertThat(payments.replaceTx(SOLANA, "kr", "tx-other", "tx-theirs", 9)).as("another tx named").isFalse();
        assertThat(payments.replaceTx(SOLANA, "kr", "tx-ours", "tx-theirs", 11)).isTrue();
        X402Payment sent = payments.find(SOLANA, "kr").orElseThrow();
        assertThat(sent.state()).isEqualTo(X402Payment.State.SENT);
        assertThat(sent.txId()).isEqualTo("tx-theirs");
        assertThat(sent.validUntil()).isEqualTo(11L);
        assertThat(payments.markSettled(SOLANA, "kr", "tx-theirs", "{}")).isTrue();
        assertThat(payments.replaceTx(SOLANA, "kr", "tx-theirs", "tx-x", 12)).as("settled stays").isFalse();
        // a claim with no tx yet may be pointed straight at the transaction that paid it
        String other = String.format("%064x", 4343);
        assertThat(payments.claim(SOLANA, "kn", other, null, "payer", "{}", "{}")).isTrue();
        assertThat(payments.replaceTx(SOLANA, "kn", null, "tx-n", 3)).isTrue();
        assertThat(payments.find(SOLANA, "kn").orElseThrow().txId()).isEqualTo("tx-n");
    }

    @Test
    void oneClaimPerPayloadRecordThenSettleOnceForgetOnlyUnsettled() {
        assertThat(payments.claim(SOLANA, "k1", HASH_A, null, "payer", "{\"r\":1}", "{\"p\":1}")).isTrue();
        assertThat(payments.claim(SOLANA, "k2", HASH_A, null, "payer", "{}", "{}"))
                .as("the same payload under another key").isFalse();
        assertThat(payments.claim(POLYGON, "k1", HASH_A, null, "payer", "{}", "{}"))
                .as("keys are per network").isTrue();
        assertThat(payments.findByPayload(SOLANA, HASH_A)).get().extracting(X402Payment::state)
                .isEqualTo(X402Payment.State.CLAIMED);
        assertThat(payments.markSettled(SOLANA, "k1", "tx1", "{}")).as("not sent yet").isFalse();
        assertThat(payments.markSent(SOLANA, "k1", "tx1", 99)).isTrue();
        assertThat(payments.markSent(SOLANA, "k1", "tx2", 99)).as("one tx per claim").isFalse();
        assertThat(payments.forget(SOLANA, "k1", "tx2")).as("only naming its tx").isFalse();
        assertThat(payments.markSettled(SOLANA, "k1", "tx1", "{\"success\":true}")).isTrue();
        assertThat(payments.markSettled(SOLANA, "k1", "tx1", "{\"success\":false}")).as("once").isFalse();
        assertThat(payments.forget(SOLANA, "k1", "tx1")).as("a settled payment stays").isFalse();
        X402Payment settled = payments.find(SOLANA, "k1").orElseThrow();
        assertThat(settled.state()).isEqualTo(X402Payment.State.SETTLED);
        assertThat(settled.txId()).isEqualTo("tx1");
        assertThat(settled.validUntil()).isEqualTo(99L);
        assertThat(settled.response()).isEqualTo("{\"success\":true}");
        assertThat(settled.requirement()).isEqualTo("{\"r\":1}");
        assertThat(payments.forget(POLYGON, "k1", null)).isTrue();
        assertThat(payments.find(POLYGON, "k1")).isEmpty();
    }

    @Test
    void aPaymentIdentifierStaysBoundToItsFirstPayload() {
        String id = "id_0123456789abcdef";
        assertThat(payments.payloadOfId(id)).isEmpty();
        assertThat(payments.bindPaymentId(id, HASH_A)).isEqualTo(HASH_A);
        assertThat(payments.bindPaymentId(id, HASH_B)).isEqualTo(HASH_A);
        assertThat(payments.payloadOfId(id)).contains(HASH_A);
        assertThatThrownBy(() -> payments.bindPaymentId("short", HASH_A)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void staleClaimsThatSentNothingAreForgottenSentOnesStay() {
        assertThat(payments.claim(SOLANA, "stale", HASH_A, null, "payer", "{}", "{}")).isTrue();
        assertThat(payments.claim(SOLANA, "sent", HASH_B, null, "payer", "{}", "{}")).isTrue();
        assertThat(payments.markSent(SOLANA, "sent", "tx9", -1)).isTrue();
        clock.advance(Duration.ofMinutes(10));
        assertThat(payments.forgetStaleClaims(Duration.ofMinutes(5))).isEqualTo(1);
        assertThat(payments.find(SOLANA, "stale")).isEmpty();
        assertThat(payments.find(SOLANA, "sent")).isPresent();
        assertThat(payments.sentForeign(10)).extracting(X402Payment::paymentKey).containsExactly("sent");
    }
}
