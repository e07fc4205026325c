package dev.tollgate.chain.evm;

import dev.tollgate.chain.support.Poll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.PayerSecret;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.SignedPayment;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.utils.Numeric;

/**
 * How {@link EvmRail} hands out nonces, for any {@link NonceReservations}: several rails (standing for several
 * gateway instances) signing for one payer key at once, on a real anvil. Subclasses say how an instance gets the
 * deployment's reservations.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EvmNonceContract {
    private static final BigInteger NET = BigInteger.valueOf(1_500_000);
    private static final BigInteger FEE = BigInteger.valueOf(78_947);
    private static final int INSTANCES = 2;
    private static final int PAYMENTS = 8;

    private EvmTestChain chain;
    private final List<EvmRail> instances = new ArrayList<>();

    /** The reservations one more instance of a deployment uses: they must be shared with every earlier one. */
    protected abstract NonceReservations reservationsOfANewInstance();

    @BeforeAll
    void start() throws Exception {
        chain = new EvmTestChain();
        for (int i = 0; i < INSTANCES; i++) {
            instances.add(new EvmRail(chain.config(1, false), reservationsOfANewInstance()));
        }
    }

    @AfterAll
    void stop() {
        instances.forEach(EvmRail::close);
        chain.close();
    }

    @Test
    void instancesSigningForOneKeyAtOnceNeverShareANonceAndEveryPaymentLands() throws Exception {
        try (PayerSecret secret = rail(0).parseSecret(chain.newPayerKey(true))) {
            String payer = rail(0).addressOf(secret);
            List<PaymentIntent> intents = new ArrayList<>();
            for (int i = 0; i < PAYMENTS; i++) {
                intents.add(intent(i % 4 < 2 ? EvmNetworkConfig.POL : usdc(), payer));
            }

            List<SignedPayment> signed = signAllAtOnce(intents, secret);

            List<BigInteger> nonces = signed.stream().map(EvmNonceContract::nonceOf).toList();
            assertThat(nonces).doesNotHaveDuplicates();
            assertThat(nonces).containsExactlyInAnyOrderElementsOf(
                    LongStream.range(0, PAYMENTS).mapToObj(BigInteger::valueOf).toList());
            // Highest nonce first: each waits in the node's pool for the ones before it, permits included.
            List<Integer> byNonceDescending = new ArrayList<>(IntStream.range(0, PAYMENTS).boxed().toList());
            byNonceDescending.sort(Comparator.comparing(nonces::get).reversed());
            for (int i : byNonceDescending) {
                rail(i).submit(signed.get(i), false);
            }
            for (int i = 0; i < PAYMENTS; i++) {
                PaymentIntent intent = intents.get(i);
                assertThat(waitFinal(intent, signed.get(i)).status()).as("payment %d", i)
                        .isEqualTo(PaymentCheck.Status.VERIFIED);
                assertThat(rail(0).balanceOf(intent.payee(), intent.asset())).isEqualTo(NET);
                assertThat(rail(0).balanceOf(intent.feeRecipient(), intent.asset())).isEqualTo(FEE);
            }
        }
    }

    @Test
    void aPaymentThatCannotBeSignedLeavesItsNonceToTheNext() throws Exception {
        try (PayerSecret noUsdc = rail(0).parseSecret(chain.newPayerKey(false))) {
            String payer = rail(0).addressOf(noUsdc);
            assertThatThrownBy(() -> rail(0).signPayment(intent(usdc(), payer), noUsdc))
                    .isInstanceOf(PaymentRejectedException.class);

            PaymentIntent next = intent(EvmNetworkConfig.POL, payer);
            SignedPayment payment = rail(1).signPayment(next, noUsdc);

            assertThat(nonceOf(payment)).isZero(); // not 1: a gap would hold it back until the first one's deadline
            rail(1).submit(payment, false);
            assertThat(waitFinal(next, payment).status()).isEqualTo(PaymentCheck.Status.VERIFIED);
        }
    }

    @Test
    void aRejectedSubmissionFreesItsNonceForEveryInstance() throws Exception {
        try (PayerSecret secret = rail(0).parseSecret(chain.newPayerKey(true))) {
            String payer = rail(0).addressOf(secret);
            SignedPayment tooLate = rail(0).signPayment(intent(usdc(), payer), secret);
            chain.anvil.increaseTime(tooLate.validUntil() - chain.anvil.latestTimestamp() + 1);
            chain.anvil.mine(1);
            assertThatThrownBy(() -> rail(0).submit(tooLate, false)).isInstanceOf(PaymentRejectedException.class);

            PaymentIntent next = intent(usdc(), payer);
            SignedPayment payment = rail(1).signPayment(next, secret);

            assertThat(nonceOf(payment)).isEqualTo(nonceOf(tooLate));
            rail(1).submit(payment, false);
            assertThat(waitFinal(next, payment).status()).isEqualTo(PaymentCheck.Status.VERIFIED);
        }
    }

    @Test
    void aPaymentAboveANonceThatIsNeverSentIsRefusedUnsentByAnotherInstance() throws Exception {
        try (PayerSecret secret = rail(0).parseSecret(chain.newPayerKey(false))) {
            String payer = rail(0).addressOf(secret);
            SignedPayment lowest = rail(0).signPayment(intent(EvmNetworkConfig.POL, payer), secret);
            SignedPayment above = rail(1).signPayment(intent(EvmNetworkConfig.POL, payer), secret);
            assertThat(nonceOf(above)).isEqualTo(nonceOf(lowest).add(BigInteger.ONE));

            rail(0).discard(lowest); // never sent: sending the one above would leave it queued behind the gap
            assertThatThrownBy(() -> rail(1).submit(above, false)).isInstanceOf(PaymentRejectedException.class);

            PaymentIntent next = intent(EvmNetworkConfig.POL, payer);
            SignedPayment payment = rail(0).signPayment(next, secret);
            assertThat(nonceOf(payment)).isEqualTo(nonceOf(lowest));
            rail(0).submit(payment, false);
            assertThat(waitFinal(next, payment).status()).isEqualTo(PaymentCheck.Status.VERIFIED);
        }
    }

    @Test
    void aReservationPastItsDeadlineIsTakenOverByAnotherInstance() throws Exception {
        try (PayerSecret secret = rail(0).parseSecret(chain.newPayerKey(true))) {
            String payer = rail(0).addressOf(secret);
            SignedPayment abandoned = rail(0).signPayment(intent(EvmNetworkConfig.POL, payer), secret); // never sent
            SignedPayment held = rail(1).signPayment(intent(EvmNetworkConfig.POL, payer), secret);
            assertThat(nonceOf(held)).isEqualTo(nonceOf(abandoned).add(BigInteger.ONE)); // while it can still land

            chain.anvil.increaseTime(abandoned.validUntil() - chain.anvil.latestTimestamp() + 1);
            chain.anvil.mine(1);
            PaymentIntent next = intent(EvmNetworkConfig.POL, payer);
            SignedPayment payment = rail(1).signPayment(next, secret);

            assertThat(nonceOf(payment)).isEqualTo(nonceOf(abandoned));
            rail(1).submit(payment, false);
            assertThat(waitFinal(next, payment).status()).isEqualTo(PaymentCheck.Status.VERIFIED);
        }
    }

    // ---- helpers ----

    private EvmRail rail(int i) {
        return instances.get(i % INSTANCES);
    }

    /** Signs intent i on instance i % INSTANCES, all threads released at one instant. */
    private List<SignedPayment> signAllAtOnce(List<PaymentIntent> intents, PayerSecret secret) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<SignedPayment>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(intents.size())) {
            for (int i = 0; i < intents.size(); i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    go.await();
                    return rail(n).signPayment(intents.get(n), secret);
                }));
            }
            go.countDown();
            List<SignedPayment> signed = new ArrayList<>();
            for (Future<SignedPayment> f : futures) {
                signed.add(f.get(60, TimeUnit.SECONDS));
            }
            return signed;
        }
    }

    private PaymentCheck waitFinal(PaymentIntent intent, SignedPayment payment) throws InterruptedException {
        return Poll.finalVerdict(rail(0), intent, payment.txId(), Commitment.CONFIRMED, payment.validUntil());
    }

    private static BigInteger nonceOf(SignedPayment payment) {
        return TransactionDecoder.decode(Numeric.toHexString(payment.rawTx())).getNonce();
    }

    private ChainAsset usdc() {
        return rail(0).config().tokens().get("USDC");
    }

    private static PaymentIntent intent(ChainAsset asset, String payer) {
        String jobId = UUID.randomUUID().toString();
        return new PaymentIntent(jobId, EvmTestChain.NETWORK, asset, payer, EvmTestChain.newAddress(),
                EvmTestChain.newAddress(), NET, FEE, PaymentIntent.atpMemo(jobId));
    }
}
