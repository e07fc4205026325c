package dev.tollgate.chain.evm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tollgate.chain.transport.RailTransport;
import dev.tollgate.chain.transport.RpcTransportPolicy;
import dev.tollgate.jsonrpc.JsonRpcReply;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * {@link EvmRpc#readAll}: independent reads in one JSON-RPC batch on a real anvil, answered in request order as the
 * single reads are; and a node that refuses batches (as some providers do) gets the reads one by one.
 */
class EvmRpcBatchTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EvmTestChain chain;

    @BeforeAll
    static void start() throws Exception {
        chain = new EvmTestChain();
    }

    @AfterAll
    static void stop() {
        chain.close();
    }

    @Test
    void readsGoAsOneBatchAndComeBackInRequestOrderAsSingleReadsAnswer() throws Exception {
        String funded = EvmTestChain.newAddress();
        chain.anvil.setBalance(funded, EvmTestChain.TEN_POL);
        try (CountingNode node = new CountingNode(chain.anvil.rpcUrl(), false)) {
            EvmRpc rpc = rpc(node.url());
            List<JsonRpcReply> replies = rpc.readAll(List.of(
                    EvmRpc.Call.of("eth_getBalance", funded, "latest"),
                    EvmRpc.Call.of("eth_getBlockByNumber", "latest", false),
                    EvmRpc.Call.call(null, EvmTestChain.newAddress(), "0x", DefaultBlockParameterName.LATEST),
                    EvmRpc.Call.of("eth_getTransactionReceipt", "0x" + "ab".repeat(32)),
                    EvmRpc.Call.of("eth_getTransactionCount", funded, "pending")));

            assertThat(node.batches.get()).isEqualTo(1);
            assertThat(node.singles.get()).isEqualTo(1); // the chain check before the node's first use
            assertThat(EvmRpc.quantityOf("eth_getBalance", replies.get(0))).isEqualTo(EvmTestChain.TEN_POL);
            assertThat(EvmRpc.headOf(replies.get(1), "latest").number()).isEqualTo(rpc.latest().number());
            assertThat(EvmRpc.outcomeOf(replies.get(2)).ok()).isTrue(); // a call to an account without code
            assertThat(EvmRpc.receiptOf(replies.get(3))).isEmpty();
            assertThat(EvmRpc.quantityOf("eth_getTransactionCount", replies.get(4))).isZero();
        }
    }

    @Test
    void aNodeThatRefusesBatchesGetsTheReadsOneByOne() throws Exception {
        String funded = EvmTestChain.newAddress();
        chain.anvil.setBalance(funded, EvmTestChain.TEN_POL);
        try (CountingNode node = new CountingNode(chain.anvil.rpcUrl(), true)) {
            EvmRpc rpc = rpc(node.url());
            List<JsonRpcReply> replies = rpc.readAll(List.of(
                    EvmRpc.Call.of("eth_getTransactionCount", funded, "latest"),
                    EvmRpc.Call.of("eth_getBalance", funded, "latest")));

            assertThat(node.batches.get()).isEqualTo(1);
            assertThat(node.singles.get()).isEqualTo(1 + 2);
            assertThat(EvmRpc.quantityOf("eth_getTransactionCount", replies.get(0))).isZero();
            assertThat(EvmRpc.quantityOf("eth_getBalance", replies.get(1))).isEqualTo(EvmTestChain.TEN_POL);
        }
    }

    private static EvmRpc rpc(URI url) {
        return new EvmRpc(new RailTransport(EvmTestChain.NETWORK.value(), "EVM RPC", List.of(url),
                RpcTransportPolicy.forTimeout(Duration.ofSeconds(5)), null), EvmTestChain.CHAIN_ID);
    }

    /** A local HTTP node relaying to anvil, counting batches and single requests; it may refuse every batch. */
    private static final class CountingNode implements AutoCloseable {
        final AtomicInteger batches = new AtomicInteger();
        final AtomicInteger singles = new AtomicInteger();
        private final HttpServer server;
        private final HttpClient client = HttpClient.newHttpClient();

        CountingNode(URI target, boolean refuseBatches) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                JsonNode request = JSON.readTree(body);
                (request.isArray() ? batches : singles).incrementAndGet();
                if (request.isArray() && refuseBatches) {
                    respond(exchange, "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,"
                            + "\"message\":\"batch requests are not supported\"}}");
                    return;
                }
                try {
                    respond(exchange, client.send(HttpRequest.newBuilder(target).header("Content-Type",
                            "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                            HttpResponse.BodyHandlers.ofString()).body());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    exchange.close();
                }
            });
            server.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        }

        private static void respond(HttpExchange exchange, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
