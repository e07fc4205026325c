package dev.tollgate.chain.evm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.PayerSecret;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.support.Poll;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A chain that makes blocks only when sent a transaction (anvil, an idle L2) can have a head older than a payment's
 * whole validity. A deadline dated from that head was already past when the payment landed: every key-mode settle
 * after two idle minutes of `./tollgate dev` reverted with {@code DeadlinePassed}. Its own chain: other tests move
 * anvil's clock forward, which would hide a stale head.
 */
class EvmIdleChainDeadlineTest {
    private static final Duration VALIDITY = Duration.ofSeconds(2);

    private static EvmTestChain chain;
    private static EvmRail rail;

    @BeforeAll
    static void start() throws Exception {
        chain = new EvmTestChain();
        EvmNetworkConfig c = chain.config(1, false);
        rail = new EvmRail(new EvmNetworkConfig(c.network(), c.chainId(), c.rpcUrl(), c.splitterAddress(),
                c.nativeAsset(), c.tokens(), c.confirmations(), c.finalizedTag(), c.rpcTimeout(), VALIDITY,
                c.rpcFallbackUrls()));
    }

    @AfterAll
    static void stop() {
        rail.close();
        chain.close();
    }

    @Test
    void aPaymentSignedOnAHeadOlderThanItsValidityStillLands() throws Exception {
        try (PayerSecret secret = rail.parseSecret(chain.newPayerKey(false))) {
            // wait (polling the wall clock) until the head block is older than the whole validity
            long head = chain.anvil.latestTimestamp();
            Poll.until(() -> Instant.now().getEpochSecond() > head + VALIDITY.toSeconds() + 1 ? true : null,
                    Duration.ofSeconds(30));
            assertThat(chain.anvil.latestTimestamp()).isEqualTo(head); // nothing mined meanwhile: the head is stale

            String jobId = UUID.randomUUID().toString();
            PaymentIntent intent = new PaymentIntent(jobId, EvmTestChain.NETWORK, EvmNetworkConfig.POL,
                    rail.addressOf(secret), EvmTestChain.newAddress(), EvmTestChain.newAddress(),
                    BigInteger.valueOf(1_500_000), BigInteger.valueOf(78_947), PaymentIntent.atpMemo(jobId));
            SignedPayment payment = rail.signPayment(intent, secret);
            assertThat(payment.validUntil()).isGreaterThan(head + VALIDITY.toSeconds());
            rail.submit(payment, false);
            assertThat(Poll.finalVerdict(rail, intent, payment.txId(), Commitment.CONFIRMED, payment.validUntil())
                    .status()).isEqualTo(PaymentCheck.Status.VERIFIED);
        }
    }
}
