package dev.tollgate.chain.evm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.chain.RailUnavailableException;
import dev.tollgate.chain.transport.RailTransport;
import dev.tollgate.jsonrpc.JsonRpcCodec;
import dev.tollgate.jsonrpc.JsonRpcProtocolException;
import dev.tollgate.jsonrpc.JsonRpcReply;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.web3j.protocol.ObjectMapperFactory;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * The JSON-RPC calls the EVM rail makes, on our own codec over the rail's {@link RailTransport} (deadlines, read
 * retries and fallbacks, breakers, metrics); web3j supplies types and signing only. Every node is checked to serve
 * the configured chain before its first use (a wrong URL must never verify). Messages name the method, never the
 * URL (provider URLs often carry an API key) nor the node's own text. An unreachable, slow or wrong node surfaces as
 * {@link RailUnavailableException}; a node that answers with a JSON-RPC error surfaces as a value ({@link Outcome})
 * where the caller decides what it means.
 */
final class EvmRpc implements AutoCloseable {
    private final RailTransport transport;
    private volatile Web3j web3j;

    /** A block header: what the rail needs of it. */
    record Head(long number, long timestamp, BigInteger baseFeePerGas) {
    }

    /** A call or estimate that either worked ({@code value}) or failed with the node's error. */
    record Outcome(String value, int errorCode, String errorMessage, String errorData) {
        boolean ok() {
            return errorMessage == null;
        }
    }

    EvmRpc(RailTransport transport, long chainId) {
        this.transport = transport;
        transport.checkEachNodeWith(probe -> {
            JsonRpcReply reply = probe.call("eth_chainId", List.of());
            BigInteger served = reply.isError() ? null : servedChain(reply.result());
            if (served == null || served.bitLength() > 63 || served.longValue() != chainId) {
                throw new RailUnavailableException("the EVM node serves chain " + served + ", configured " + chainId);
            }
        });
    }

    /** web3j over this transport, for contract deployment (its sends, too, go to one node once). */
    Web3j web3j() {
        if (web3j == null) {
            web3j = Web3j.build(new TransportWeb3jService(transport));
        }
        return web3j;
    }

    Head head(DefaultBlockParameter block) {
        JsonNode b = read("eth_getBlockByNumber", block.getValue(), false);
        if (b.isNull()) {
            throw new RailUnavailableException("the EVM node has no block " + block.getValue());
        }
        JsonNode baseFee = b.get("baseFeePerGas");
        return new Head(quantity(b.get("number")).longValueExact(), quantity(b.get("timestamp")).longValueExact(),
                baseFee == null || baseFee.isNull() ? null : quantity(baseFee));
    }

    Head latest() {
        return head(DefaultBlockParameterName.LATEST);
    }

    BigInteger transactionCount(String address, DefaultBlockParameterName tag) {
        return quantity(read("eth_getTransactionCount", address, tag.getValue()));
    }

    BigInteger balance(String address, DefaultBlockParameterName tag) {
        return quantity(read("eth_getBalance", address, tag.getValue()));
    }

    Optional<TransactionReceipt> receipt(String txHash) {
        JsonNode receipt = read("eth_getTransactionReceipt", txHash);
        if (receipt.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ObjectMapperFactory.getObjectMapper().treeToValue(receipt, TransactionReceipt.class));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new RailUnavailableException("eth_getTransactionReceipt answered a malformed receipt");
        }
    }

    /** Whether the node knows the transaction at all (pending in its pool or mined). */
    boolean isKnown(String txHash) {
        return !read("eth_getTransactionByHash", txHash).isNull();
    }

    Outcome call(String from, String to, BigInteger value, String data, BigInteger gas, DefaultBlockParameterName tag) {
        return outcome(transport.read("eth_call", List.of(transaction(from, to, value, data, gas), tag.getValue())));
    }

    /** eth_estimateGas against the pending state, so transactions already in the pool are taken into account. */
    Outcome estimateGas(String from, String to, BigInteger value, String data) {
        return outcome(transport.read("eth_estimateGas", List.of(transaction(from, to, value, data, null),
                DefaultBlockParameterName.PENDING.getValue())));
    }

    /** The priority fee the node suggests; nodes without eth_maxPriorityFeePerGas get gasPrice minus base fee. */
    BigInteger maxPriorityFeePerGas(BigInteger baseFee) {
        JsonRpcReply tip = transport.read("eth_maxPriorityFeePerGas", List.of());
        if (!tip.isError() && tip.result().isTextual()) {
            return quantity(tip.result());
        }
        BigInteger gasPrice = quantity(read("eth_gasPrice"));
        return gasPrice.subtract(baseFee).max(BigInteger.ZERO);
    }

    /**
     * eth_getLogs of {@code address} with {@code topics} in blocks {@code fromBlock..toBlock}: the raw array (the
     * caller size-checks it).
     */
    JsonNode logs(String address, List<String> topics, long fromBlock, long toBlock) {
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("address", address);
        filter.put("topics", topics);
        filter.put("fromBlock", Numeric.encodeQuantity(BigInteger.valueOf(fromBlock)));
        filter.put("toBlock", Numeric.encodeQuantity(BigInteger.valueOf(toBlock)));
        return read("eth_getLogs", filter);
    }

    /** One node, once: a failed exchange leaves the outcome unknown and the caller looks the hash up. */
    Outcome sendRawTransaction(String hex) {
        return outcome(transport.send("eth_sendRawTransaction", List.of(hex)));
    }

    private JsonNode read(String method, Object... params) {
        JsonRpcReply reply = transport.read(method, List.of(params));
        if (reply.isError()) {
            throw new RailUnavailableException(method + " answered error " + reply.error().code());
        }
        return reply.result();
    }

    private static Map<String, Object> transaction(String from, String to, BigInteger value, String data, BigInteger gas) {
        Map<String, Object> tx = new LinkedHashMap<>();
        if (from != null) {
            tx.put("from", from);
        }
        tx.put("to", to);
        if (gas != null) {
            tx.put("gas", Numeric.encodeQuantity(gas));
        }
        if (value != null) {
            tx.put("value", Numeric.encodeQuantity(value));
        }
        if (data != null) {
            tx.put("data", data);
        }
        return tx;
    }

    private static Outcome outcome(JsonRpcReply reply) {
        if (reply.isError()) {
            String data = reply.error().dataText();
            return new Outcome(null, reply.error().code(),
                    reply.error().message().isEmpty() ? "error" : reply.error().message(),
                    data == null ? null : data.replace("\"", "").trim());
        }
        return new Outcome(reply.result().isNull() ? null : reply.result().asText(), 0, null, null);
    }

    private static BigInteger servedChain(JsonNode result) {
        try {
            return quantity(result);
        } catch (RailUnavailableException malformed) {
            return null;
        }
    }

    /** A hex quantity; anything else is the node's fault. */
    private static BigInteger quantity(JsonNode node) {
        if (node == null || !node.isTextual()) {
            throw new RailUnavailableException("the EVM node answered a malformed quantity");
        }
        try {
            return Numeric.decodeQuantity(node.asText());
        } catch (RuntimeException e) {
            throw new RailUnavailableException("the EVM node answered a malformed quantity");
        }
    }

    static BigInteger decode(String quantity) {
        return Numeric.decodeQuantity(quantity);
    }

    @Override
    public void close() {
        if (web3j != null) {
            web3j.shutdown();
        }
    }

    // ---- independent reads in one exchange ----

    /** One read of a {@link #readAll batch}: a method and its positional params. */
    record Read(String method, List<?> params) {
        static Read of(String method, Object... params) {
            return new Read(method, List.of(params));
        }

        static Read call(String from, String to, String data, DefaultBlockParameterName tag) {
            return new Read("eth_call", List.of(transaction(from, to, null, data, null), tag.getValue()));
        }

        /** eth_estimateGas against the pending state, as {@link #estimateGas}. */
        static Read estimate(String from, String to, BigInteger value, String data) {
            return new Read("eth_estimateGas", List.of(transaction(from, to, value, data, null),
                    DefaultBlockParameterName.PENDING.getValue()));
        }
    }

    /** Batch ids are matched within one batch only, so this codec's own counter is enough. */
    private final JsonRpcCodec batchCodec = new JsonRpcCodec();

    /**
     * Independent reads as one JSON-RPC batch: one HTTP exchange (retried and failed over like any read) instead of
     * one per read, the replies in the order of {@code reads}. A node that does not answer the batch as a batch
     * (some providers refuse batches) gets the reads one by one. An unreachable node is
     * {@link RailUnavailableException}, as for any read.
     */
    List<JsonRpcReply> readAll(List<Read> reads) {
        if (reads.size() == 1) {
            return List.of(transport.read(reads.get(0).method(), reads.get(0).params()));
        }
        List<JsonRpcCodec.Request> requests = new ArrayList<>(reads.size());
        int length = 2;
        for (Read read : reads) {
            JsonRpcCodec.Request request = batchCodec.request(read.method(), read.params());
            requests.add(request);
            length += request.body().length + 1;
        }
        byte[] body = new byte[length - 1];
        int at = 0;
        body[at++] = '[';
        for (int i = 0; i < requests.size(); i++) {
            byte[] one = requests.get(i).body();
            System.arraycopy(one, 0, body, at, one.length);
            at += one.length;
            body[at++] = (byte) (i + 1 < requests.size() ? ',' : ']');
        }
        byte[] answer = transport.exchange("batch", body, true);
        List<JsonRpcReply> replies = batchReplies(requests, answer);
        if (replies != null) {
            return replies;
        }
        List<JsonRpcReply> oneByOne = new ArrayList<>(reads.size());
        for (Read read : reads) {
            oneByOne.add(transport.read(read.method(), read.params()));
        }
        return oneByOne;
    }

    /** The batch's replies in request order, or {@code null} when the answer is not a whole batch answer. */
    private List<JsonRpcReply> batchReplies(List<JsonRpcCodec.Request> requests, byte[] answer) {
        try {
            JsonNode array = batchCodec.parse("batch", answer); // size-checked before parsing
            if (!array.isArray() || array.size() != requests.size()) {
                return null;
            }
            Map<Long, JsonNode> byId = new HashMap<>();
            for (JsonNode reply : array) {
                JsonNode id = reply.get("id");
                if (id == null || !id.canConvertToLong() || byId.put(id.asLong(), reply) != null) {
                    return null;
                }
            }
            JsonRpcReply[] ordered = new JsonRpcReply[requests.size()];
            for (int i = 0; i < requests.size(); i++) {
                JsonNode reply = byId.get(requests.get(i).id());
                if (reply == null) {
                    return null;
                }
                ordered[i] = batchCodec.read(requests.get(i), BATCH_JSON.writeValueAsBytes(reply));
            }
            return Arrays.asList(ordered);
        } catch (JsonProcessingException | JsonRpcProtocolException e) {
            return null;
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper BATCH_JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** A batch reply as an {@link Outcome} (a call or an estimate). */
    static Outcome outcomeOf(JsonRpcReply reply) {
        return outcome(reply);
    }

    /** A batch reply's quantity; a JSON-RPC error or a malformed value is the node's failure. */
    static BigInteger quantityOf(JsonRpcReply reply, String method) {
        if (reply.isError()) {
            throw new RailUnavailableException(method + " answered error " + reply.error().code());
        }
        return quantity(reply.result());
    }

    /** A batch reply of eth_getTransactionReceipt: empty while the node has none. */
    static Optional<TransactionReceipt> receiptOf(JsonRpcReply reply) {
        if (reply.isError()) {
            throw new RailUnavailableException("eth_getTransactionReceipt answered error " + reply.error().code());
        }
        if (reply.result().isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ObjectMapperFactory.getObjectMapper().treeToValue(reply.result(), TransactionReceipt.class));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new RailUnavailableException("eth_getTransactionReceipt answered a malformed receipt");
        }
    }

    /** A batch reply's block header. */
    static Head headOf(JsonRpcReply reply, String block) {
        if (reply.isError()) {
            throw new RailUnavailableException("eth_getBlockByNumber answered error " + reply.error().code());
        }
        JsonNode b = reply.result();
        if (b.isNull()) {
            throw new RailUnavailableException("the EVM node has no block " + block);
        }
        JsonNode baseFee = b.get("baseFeePerGas");
        return new Head(quantity(b.get("number")).longValueExact(), quantity(b.get("timestamp")).longValueExact(),
                baseFee == null || baseFee.isNull() ? null : quantity(baseFee));
    }
}
