package dev.tollgate.chain.evm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.chain.RailUnavailableException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.chain.transport.RailTransport;
import dev.tollgate.jsonrpc.JsonRpcCodec;
import dev.tollgate.jsonrpc.JsonRpcProtocolException;
import dev.tollgate.jsonrpc.JsonRpcReply;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
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
    /** How a JSON-RPC batch is named in the transport's messages and metrics: one exchange, several calls. */
    static final String BATCH = "batch";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RailTransport transport;
    private final JsonRpcCodec batchCodec = new JsonRpcCodec();
    /** Cleared once a node answers a batch with anything but an array: from then on the calls go one by one. */
    private volatile boolean batches = true;
    private volatile Web3j web3j;

    /** One read of a batch ({@link #readAll}): a method and its positional params. */
    record Call(String method, List<?> params) {
        static Call of(String method, Object... params) {
            return new Call(method, List.of(params));
        }

        static Call call(String from, String to, String data, DefaultBlockParameterName tag) {
            return new Call("eth_call", List.of(transaction(from, to, null, data, null), tag.getValue()));
        }

        /** eth_estimateGas against the pending state, as {@link #estimateGas}. */
        static Call estimate(String from, String to, BigInteger value, String data) {
            return estimateGasCall(from, to, value, data);
        }
    }

    /** What signing a payment reads before it reserves a nonce, in one exchange. */
    record SigningState(Head head, long pendingCount, BigInteger tip, BigInteger pendingBalance) {
    }

    /** One look at a transaction: its receipt if mined, and the latest block (number, time, hash) of the same exchange. */
    record Look(Optional<TransactionReceipt> receipt, Head latest, String latestHash) {
    }

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
        return headOf(read("eth_getBlockByNumber", block.getValue(), false), block.getValue());
    }

    private static Head headOf(JsonNode b, String which) {
        if (b == null || b.isNull()) {
            throw new RailUnavailableException("the EVM node has no block " + which);
        }
        JsonNode baseFee = b.get("baseFeePerGas");
        return new Head(quantity(b.get("number")).longValueExact(), quantity(b.get("timestamp")).longValueExact(),
                baseFee == null || baseFee.isNull() ? null : quantity(baseFee));
    }

    /**
     * The latest block, {@code address}'s transaction count and balance at {@code pending}, and the suggested
     * priority fee: what signing needs before it reserves a nonce, in one batch.
     */
    SigningState signingState(String address) {
        String pending = DefaultBlockParameterName.PENDING.getValue();
        List<JsonRpcReply> r = readAll(List.of(
                new Call("eth_getBlockByNumber", List.of(DefaultBlockParameterName.LATEST.getValue(), false)),
                new Call("eth_getTransactionCount", List.of(address, pending)),
                new Call("eth_maxPriorityFeePerGas", List.of()),
                new Call("eth_getBalance", List.of(address, pending))));
        Head head = headOf(result("eth_getBlockByNumber", r.get(0)), "latest");
        JsonRpcReply tip = r.get(2);
        BigInteger baseFee = head.baseFeePerGas() == null ? BigInteger.ZERO : head.baseFeePerGas();
        return new SigningState(head, quantity(result("eth_getTransactionCount", r.get(1))).longValueExact(),
                !tip.isError() && tip.result().isTextual() ? quantity(tip.result()) : gasPriceTip(baseFee),
                quantity(result("eth_getBalance", r.get(3))));
    }

    /** The receipt of {@code txHash} (if mined) and the latest block, read in one batch. */
    Look look(String txHash) {
        List<JsonRpcReply> r = readAll(List.of(new Call("eth_getTransactionReceipt", List.of(txHash)),
                new Call("eth_getBlockByNumber", List.of(DefaultBlockParameterName.LATEST.getValue(), false))));
        JsonNode latest = result("eth_getBlockByNumber", r.get(1));
        JsonNode hash = latest == null ? null : latest.get("hash");
        return new Look(receiptOf(result("eth_getTransactionReceipt", r.get(0))), headOf(latest, "latest"),
                hash != null && hash.isTextual() ? hash.asText() : null);
    }

    static Call transactionCountCall(String address, DefaultBlockParameterName tag) {
        return new Call("eth_getTransactionCount", List.of(address, tag.getValue()));
    }

    static Call estimateGasCall(String from, String to, BigInteger value, String data) {
        return new Call("eth_estimateGas", List.of(transaction(from, to, value, data, null),
                DefaultBlockParameterName.PENDING.getValue()));
    }

    /** A transaction count from a batch's reply. */
    static long count(JsonRpcReply reply) {
        return quantity(result("eth_getTransactionCount", reply)).longValueExact();
    }

    /** A quantity (a balance, say) from a batch's reply. */
    static BigInteger quantityOf(String method, JsonRpcReply reply) {
        return quantity(result(method, reply));
    }

    /** A call or estimate from a batch's reply. */
    static Outcome outcomeOf(JsonRpcReply reply) {
        return outcome(reply);
    }

    /**
     * Reads in one exchange (a JSON-RPC batch): the replies in the calls' order, each matched to its call by id and
     * read as {@link RailTransport#read} reads one. Retried and failed over like any read. A node that does not take
     * batches (answers anything but an array) gets them one by one, and so do later batches.
     */
    List<JsonRpcReply> readAll(List<Call> calls) {
        if (calls.size() == 1 || !batches) {
            return oneByOne(calls);
        }
        List<JsonRpcCodec.Request> requests = new ArrayList<>(calls.size());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write('[');
        for (Call call : calls) {
            JsonRpcCodec.Request request = batchCodec.request(call.method(), call.params());
            if (!requests.isEmpty()) {
                body.write(',');
            }
            body.writeBytes(request.body());
            requests.add(request);
        }
        body.write(']');
        JsonNode answer;
        try {
            answer = batchCodec.parse(BATCH, transport.exchange(BATCH, body.toByteArray(), true));
        } catch (JsonRpcProtocolException e) {
            throw new RailUnavailableException("the EVM node answered a malformed batch");
        }
        if (!answer.isArray()) {
            batches = false; // e.g. a provider that refuses batches with one error object
            return oneByOne(calls);
        }
        if (answer.size() != calls.size()) {
            throw new RailUnavailableException("the EVM node answered a batch of " + calls.size() + " with "
                    + answer.size() + " replies");
        }
        Map<Long, JsonNode> byId = new HashMap<>();
        for (JsonNode reply : answer) {
            JsonNode id = reply.get("id");
            if (id == null || !id.canConvertToLong() || byId.put(id.asLong(), reply) != null) {
                throw new RailUnavailableException("the EVM node answered a batch with missing or repeated ids");
            }
        }
        List<JsonRpcReply> replies = new ArrayList<>(calls.size());
        for (JsonRpcCodec.Request request : requests) {
            JsonNode reply = byId.get(request.id());
            if (reply == null) {
                throw new RailUnavailableException("the EVM node's batch did not answer " + request.method());
            }
            try {
                replies.add(batchCodec.read(request, JSON.writeValueAsBytes(reply)));
            } catch (JsonProcessingException | JsonRpcProtocolException e) {
                throw new RailUnavailableException("the EVM node answered " + request.method() + " malformed in a batch");
            }
        }
        return replies;
    }

    private List<JsonRpcReply> oneByOne(List<Call> calls) {
        List<JsonRpcReply> replies = new ArrayList<>(calls.size());
        for (Call call : calls) {
            replies.add(transport.read(call.method(), call.params()));
        }
        return replies;
    }

    private static JsonNode result(String method, JsonRpcReply reply) {
        if (reply.isError()) {
            throw new RailUnavailableException(method + " answered error " + reply.error().code());
        }
        return reply.result();
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
        return receiptOf(read("eth_getTransactionReceipt", txHash));
    }

    private static Optional<TransactionReceipt> receiptOf(JsonNode receipt) {
        if (receipt == null || receipt.isNull()) {
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
        return gasPriceTip(baseFee);
    }

    private BigInteger gasPriceTip(BigInteger baseFee) {
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

    /** A batch reply of eth_getTransactionReceipt: empty while the node has none. */
    static Optional<TransactionReceipt> receiptOf(JsonRpcReply reply) {
        return receiptOf(result("eth_getTransactionReceipt", reply));
    }

    /** A batch reply's block header. */
    static Head headOf(JsonRpcReply reply, String block) {
        return headOf(result("eth_getBlockByNumber", reply), block);
    }
}
