package dev.tollgate.chain.evm;

import dev.tollgate.chain.support.Poll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.PayerSecret;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.RailUnavailableException;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.VerificationCode;
import dev.tollgate.chain.support.ScriptedRpcNode;
import dev.tollgate.chain.transport.RpcTransportPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The EVM rail's transport against a real anvil behind real local HTTP servers: fallbacks, sends, chain checks. */
class EvmRailTransportTest {
    private static final BigInteger NET = BigInteger.valueOf(1_500_000);
    private static final BigInteger FEE = BigInteger.valueOf(78_947);

    private static EvmTestChain chain;
    private static EvmRail rail;

    @BeforeAll
    static void start() throws Exception {
        chain = new EvmTestChain();
        rail = new EvmRail(chain.config(1, false));
    }

    @AfterAll
    static void stop() {
        rail.close();
        chain.close();
    }

    private static EvmNetworkConfig withUrls(URI primary, List<URI> fallbacks) {
        EvmNetworkConfig c = chain.config(1, false);
        return new EvmNetworkConfig(c.network(), c.chainId(), primary, c.splitterAddress(), c.nativeAsset(), c.tokens(),
                c.confirmations(), c.finalizedTag(), c.rpcTimeout(), c.paymentValidity(), fallbacks);
    }

    /** A node answers a send before the receipt is readable: poll for a final verdict, never check once. */
    private static PaymentCheck awaitVerdict(EvmRail rail, PaymentIntent intent, SignedPayment payment)
            throws InterruptedException {
        return Poll.finalVerdict(rail, intent, payment.txId(), Commitment.CONFIRMED, payment.validUntil());
    }

    private static PaymentIntent intent(String payer) {
        String id = java.util.UUID.randomUUID().toString();
        return new PaymentIntent(id, EvmTestChain.NETWORK, EvmNetworkConfig.POL, payer, EvmTestChain.newAddress(),
                EvmTestChain.newAddress(), NET, FEE, "ATP:" + id);
    }

    @Test
    void aDeadPrimaryFallsBackToTheLiveNodeForReadsAndMetricsCountThem() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        EvmNetworkConfig config = withUrls(EvmTestChain.closedPort(), List.of(chain.anvil.rpcUrl()));
        try (EvmRail failingOver = new EvmRail(config, new InMemoryNonceReservations(),
                RpcTransportPolicy.forTimeout(Duration.ofSeconds(5)), meters);
             PayerSecret secret = rail.parseSecret(chain.newPayerKey(false))) {
            String payer = rail.addressOf(secret);
            assertThat(failingOver.balanceOf(payer, EvmNetworkConfig.POL)).isEqualTo(EvmTestChain.TEN_POL);
            assertThat(meters.get("tollgate.rpc.calls").tags("rail", "eip155:80002", "method", "eth_getBalance",
                    "outcome", "ok").counter().count()).isEqualTo(1);

            PaymentIntent intent = intent(payer);
            SignedPayment payment = failingOver.signPayment(intent, secret); // reads only, all on the fallback
            rail.submit(payment, false);
            assertThat(awaitVerdict(failingOver, intent, payment).status()).isEqualTo(PaymentCheck.Status.VERIFIED);
            assertThat(meters.get("tollgate.rpc.failures").tags("endpoint", "0", "kind", "connection").counters())
                    .isNotEmpty();
        }
    }

    @Test
    void aSendIsNeverRepeatedNorSentToAFallbackAndItsOutcomeIsLookedUp() throws Exception {
        try (ScriptedRpcNode primary = ScriptedRpcNode.forwarding("primary", chain.anvil.rpcUrl());
             ScriptedRpcNode fallback = ScriptedRpcNode.forwarding("fallback", chain.anvil.rpcUrl());
             EvmRail failingOver = new EvmRail(withUrls(primary.url(), List.of(fallback.url())));
             PayerSecret secret = rail.parseSecret(chain.newPayerKey(false))) {
            primary.failOn("eth_sendRawTransaction"); // the send's answer is lost: did it land? unknown
            PaymentIntent intent = intent(rail.addressOf(secret));
            SignedPayment payment = rail.signPayment(intent, secret);

            assertThatThrownBy(() -> failingOver.submit(payment, false))
                    .isInstanceOf(RailUnavailableException.class)
                    .hasMessageContaining("never repeated")
                    .hasMessageNotContaining("sekrit");
            assertThat(primary.hits("eth_sendRawTransaction")).isEqualTo(1);
            assertThat(fallback.hits("eth_sendRawTransaction")).isZero();
            assertThat(primary.hits("eth_call")).isEqualTo(1); // the preflight was a read, done once

            PaymentCheck unknown = failingOver.checkPayment(intent, payment.txId(), Commitment.CONFIRMED, payment.validUntil());
            assertThat(unknown.code()).isEqualTo(VerificationCode.TX_NOT_FOUND); // looked up, not re-sent
            assertThat(fallback.hits("eth_sendRawTransaction") + primary.hits("eth_sendRawTransaction")).isEqualTo(1);
        }
    }

    @Test
    void aFallbackOnAnotherChainIsNeverTrusted() {
        try (ScriptedRpcNode wrongChain = new ScriptedRpcNode("wrong", ScriptedRpcNode.Mode.LIVE); // eth_chainId: not 80002
             EvmRail failingOver = new EvmRail(withUrls(EvmTestChain.closedPort(), List.of(wrongChain.url())))) {
            assertThatThrownBy(() -> failingOver.balanceOf(EvmTestChain.newAddress(), EvmNetworkConfig.POL))
                    .isInstanceOf(RailUnavailableException.class)
                    .hasMessageContaining("configured 80002");
            assertThat(wrongChain.hits("eth_getBalance")).isZero();
        }
    }
}
