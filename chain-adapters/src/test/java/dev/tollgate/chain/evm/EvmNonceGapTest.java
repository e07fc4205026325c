package dev.tollgate.chain.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.PayerSecret;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.support.Poll;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.utils.Numeric;

/**
 * Payments of one payer signed above a nonce that is then never broadcast (refused, or its claim lost) must not be
 * broadcast either: the node would hold them as "queued" behind the gap until something fills it (seen in the
 * {@code --full} bench: 12 queued, each settle waiting its full 60 s). Signed on one rail here, as a second gateway
 * instance would sign them (within one instance the gateway serialises a payer's key-mode payments).
 */
class EvmNonceGapTest {
    private static final BigInteger NET = BigInteger.valueOf(1_500_000);
    private static final BigInteger FEE = BigInteger.valueOf(78_947);

    private static EvmTestChain chain;
    private static EvmRail rail;

    @BeforeAll
    static void start() throws Exception {
        chain = new EvmTestChain();
        rail = new EvmRail(chain.config(1, false), new InMemoryNonceReservations());
    }

    @AfterAll
    static void stop() {
        rail.close();
        chain.close();
    }

    @Test
    void paymentsSignedAboveANonceThatIsNeverSentAreRefusedUnsentAndTheNextPaymentFillsTheGap() throws Exception {
        try (PayerSecret secret = rail.parseSecret(chain.newPayerKey(true))) {
            String payer = rail.addressOf(secret);
            List<SignedPayment> signed = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                signed.add(rail.signPayment(intent(i % 2 == 0 ? EvmNetworkConfig.POL
                        : rail.config().tokens().get("USDC"), payer), secret));
            }
            assertThat(signed.stream().map(EvmNonceGapTest::nonceOf).toList())
                    .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);

            rail.discard(signed.get(0)); // the lowest is never sent (refused, or its job's claim was lost)
            for (SignedPayment above : signed.subList(1, signed.size())) {
                assertThatThrownBy(() -> rail.submit(above, false)).as("nonce %d", nonceOf(above))
                        .isInstanceOf(PaymentRejectedException.class);
            }

            assertThat(txpool("queued") + txpool("pending")).isZero();
            assertThat(chain.anvil.rpc().call("eth_getTransactionCount", payer, "pending").asText())
                    .isEqualTo("0x0");
            // every refused payment freed its nonce: the next one takes the lowest and lands
            PaymentIntent next = intent(EvmNetworkConfig.POL, payer);
            SignedPayment retry = rail.signPayment(next, secret);
            assertThat(nonceOf(retry)).isZero();
            rail.submit(retry, false);
            assertThat(Poll.finalVerdict(rail, next, retry.txId(), Commitment.CONFIRMED, retry.validUntil()).status())
                    .isEqualTo(PaymentCheck.Status.VERIFIED);
        }
    }

    @Test
    void paymentsAboveLowerSignedOnesStillQueueBehindThemAndAllLand() throws Exception {
        try (PayerSecret secret = rail.parseSecret(chain.newPayerKey(false))) {
            String payer = rail.addressOf(secret);
            List<PaymentIntent> intents = List.of(intent(EvmNetworkConfig.POL, payer), intent(EvmNetworkConfig.POL, payer),
                    intent(EvmNetworkConfig.POL, payer));
            List<SignedPayment> signed = new ArrayList<>();
            for (PaymentIntent i : intents) {
                signed.add(rail.signPayment(i, secret));
            }
            // highest first: each lower nonce is held by a live signed reservation, so no gap is left behind
            for (int i = signed.size() - 1; i >= 0; i--) {
                rail.submit(signed.get(i), false);
            }
            for (int i = 0; i < signed.size(); i++) {
                assertThat(Poll.finalVerdict(rail, intents.get(i), signed.get(i).txId(), Commitment.CONFIRMED,
                        signed.get(i).validUntil()).status()).isEqualTo(PaymentCheck.Status.VERIFIED);
            }
        }
    }

    private long txpool(String field) {
        JsonNode status = chain.anvil.rpc().call("txpool_status");
        return Numeric.decodeQuantity(status.path(field).asText()).longValueExact();
    }

    private static long nonceOf(SignedPayment payment) {
        return TransactionDecoder.decode(Numeric.toHexString(payment.rawTx())).getNonce().longValueExact();
    }

    private static PaymentIntent intent(dev.tollgate.chain.ChainAsset asset, String payer) {
        String jobId = UUID.randomUUID().toString();
        return new PaymentIntent(jobId, EvmTestChain.NETWORK, asset, payer, EvmTestChain.newAddress(),
                EvmTestChain.newAddress(), NET, FEE, PaymentIntent.atpMemo(jobId));
    }
}
