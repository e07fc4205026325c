package dev.tollgate.chain.evm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.PayerSecret;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.support.Poll;
import dev.tollgate.chain.support.ScriptedRpcNode;
import dev.tollgate.chain.transport.RailTransport;
import dev.tollgate.chain.transport.RpcTransportPolicy;
import dev.tollgate.jsonrpc.JsonRpcReply;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * How many exchanges with the node a key-mode payment costs, counted by a relay in front of anvil (a JSON-RPC batch
 * is one exchange, counted as method "?"): each is a round trip the settle waits for, one after another.
 */
class EvmRailRoundTripsTest {
    private static EvmTestChain chain;
    private static ScriptedRpcNode relay;
    private static EvmRail rail;

    @BeforeAll
    static void start() throws Exception {
        chain = new EvmTestChain();
        relay = ScriptedRpcNode.forwarding("relay", chain.anvil.rpcUrl());
        rail = new EvmRail(chain.config(relay.url(), 1, false), new InMemoryNonceReservations());
    }

    @AfterAll
    static void stop() {
        rail.close();
        relay.close();
        chain.close();
    }

    @Test
    void aNativePaymentIsSignedInTwoExchangesAndSentInTwo() throws Exception {
        try (PayerSecret secret = rail.parseSecret(chain.newPayerKey(false))) {
            PaymentIntent intent = intent(EvmNetworkConfig.POL, rail.addressOf(secret));
            rail.balanceOf(intent.payee(), EvmNetworkConfig.POL); // the node's chain check, once
            int before = relay.totalHits();

            SignedPayment payment = rail.signPayment(intent, secret);
            int signing = relay.totalHits() - before;
            rail.submit(payment, false);
            int sending = relay.totalHits() - before - signing;

            // head, pending count, tip and balance in one batch; the check after reserving with the gas estimate
            assertThat(signing).isEqualTo(2);
            // simulated at signing on this very head: one head read, then the send (no lookup, no preflight)
            assertThat(sending).isEqualTo(2);
            assertThat(relay.hits("eth_getTransactionByHash")).isZero();
            assertThat(relay.hits("eth_call")).isZero();
            assertThat(relay.hits("eth_sendRawTransaction")).isEqualTo(1);

            PaymentCheck verdict = Poll.finalVerdict(rail, intent, payment.txId(), Commitment.CONFIRMED,
                    payment.validUntil());
            assertThat(verdict.status()).isEqualTo(PaymentCheck.Status.VERIFIED);
            // mined and in the latest block: receipt, depth and block time from one look
            int looked = relay.totalHits();
            assertThat(rail.checkPayment(intent, payment.txId(), Commitment.CONFIRMED, payment.validUntil()).status())
                    .isEqualTo(PaymentCheck.Status.VERIFIED);
            assertThat(relay.totalHits() - looked).isEqualTo(1);
        }
    }

    @Test
    void aNodeThatRefusesBatchesGetsTheCallsOneByOne() {
        try (ScriptedRpcNode node = ScriptedRpcNode.forwarding("nobatch", chain.anvil.rpcUrl());
             EvmRpc rpc = new EvmRpc(new RailTransport(EvmTestChain.NETWORK.value(), "EVM RPC", List.of(node.url()),
                     RpcTransportPolicy.forTimeout(Duration.ofSeconds(5)), null), EvmTestChain.CHAIN_ID)) {
            rpc.latest(); // passes the node's chain check while it still relays
            node.mode(ScriptedRpcNode.Mode.RPC_ERROR); // now one error object to anything, a batch included
            List<EvmRpc.Call> calls = List.of(
                    EvmRpc.transactionCountCall(EvmTestChain.newAddress(), DefaultBlockParameterName.PENDING),
                    new EvmRpc.Call("eth_maxPriorityFeePerGas", List.of()));

            List<JsonRpcReply> first = rpc.readAll(calls);
            List<JsonRpcReply> second = rpc.readAll(calls);

            assertThat(first).hasSize(2).allSatisfy(r -> assertThat(r.isError()).isTrue());
            assertThat(second).hasSize(2).allSatisfy(r -> assertThat(r.isError()).isTrue());
            assertThat(node.hits("?")).isEqualTo(1); // tried as a batch once, then never again
            assertThat(node.hits("eth_getTransactionCount")).isEqualTo(2);
            assertThat(node.hits("eth_maxPriorityFeePerGas")).isEqualTo(2);
        }
    }

    private static PaymentIntent intent(dev.tollgate.chain.ChainAsset asset, String payer) {
        String jobId = UUID.randomUUID().toString();
        return new PaymentIntent(jobId, EvmTestChain.NETWORK, asset, payer, EvmTestChain.newAddress(),
                EvmTestChain.newAddress(), BigInteger.valueOf(1_500_000), BigInteger.valueOf(78_947),
                PaymentIntent.atpMemo(jobId));
    }
}
