package dev.tollgate.chain.evm;

import dev.tollgate.chain.RailUnavailableException;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.OkHttpClient;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;

/**
 * The JSON-RPC calls the EVM rail makes, over one OkHttp-backed web3j client with a hard per-call timeout (OkHttp's
 * call timeout spans connect, headers and the whole body) and a cap on the body size. Messages name the method,
 * never the URL (provider URLs often carry an API key) nor the node's own text. An
 * unreachable, slow or wrong node surfaces as {@link RailUnavailableException}; a node that answers with a JSON-RPC
 * error surfaces as a value ({@link Outcome}) where the caller decides what it means.
 */
final class EvmRpc implements AutoCloseable {
    /** Far above any answer the rail asks for (a receipt with a few logs, a block header). */
    static final long MAX_RESPONSE_BYTES = 4 << 20;

    private final long chainId;
    private final HttpService service;
    private final Web3j web3j;
    private final AtomicBoolean chainChecked = new AtomicBoolean();

    /** A block header: what the rail needs of it. */
    record Head(long number, long timestamp, BigInteger baseFeePerGas) {
    }

    /** A call or estimate that either worked ({@code value}) or failed with the node's error. */
    record Outcome(String value, int errorCode, String errorMessage, String errorData) {
        boolean ok() {
            return errorMessage == null;
        }
    }

    EvmRpc(URI url, Duration timeout, long chainId) {
        this.chainId = chainId;
        OkHttpClient http = new OkHttpClient.Builder()
                .connectTimeout(timeout).readTimeout(timeout).writeTimeout(timeout).callTimeout(timeout)
                .retryOnConnectionFailure(false) // a retried POST could send a transaction twice to a proxy
                .addInterceptor(new CappedResponseBody(MAX_RESPONSE_BYTES))
                .build();
        this.service = new HttpService(url.toString(), http);
        this.web3j = Web3j.build(service);
    }

    Web3j web3j() {
        return web3j;
    }

    /** Fails once, loudly, if the node serves another chain than configured (a wrong URL must never verify). */
    void ensureChain() {
        if (chainChecked.get()) {
            return;
        }
        BigInteger served = send(web3j.ethChainId(), "eth_chainId").getChainId();
        if (served == null || served.longValueExact() != chainId) {
            throw new RailUnavailableException("the EVM node serves chain " + served + ", configured " + chainId);
        }
        chainChecked.set(true);
    }

    Head head(DefaultBlockParameter block) {
        EthBlock.Block b = send(web3j.ethGetBlockByNumber(block, false), "eth_getBlockByNumber").getBlock();
        if (b == null) {
            throw new RailUnavailableException("the EVM node has no block " + block.getValue());
        }
        return new Head(b.getNumber().longValueExact(), b.getTimestamp().longValueExact(), b.getBaseFeePerGas());
    }

    Head latest() {
        return head(DefaultBlockParameterName.LATEST);
    }

    BigInteger transactionCount(String address, DefaultBlockParameterName tag) {
        return send(web3j.ethGetTransactionCount(address, tag), "eth_getTransactionCount").getTransactionCount();
    }

    BigInteger balance(String address, DefaultBlockParameterName tag) {
        return send(web3j.ethGetBalance(address, tag), "eth_getBalance").getBalance();
    }

    Optional<TransactionReceipt> receipt(String txHash) {
        return send(web3j.ethGetTransactionReceipt(txHash), "eth_getTransactionReceipt").getTransactionReceipt();
    }

    /** Whether the node knows the transaction at all (pending in its pool or mined). */
    boolean isKnown(String txHash) {
        return send(web3j.ethGetTransactionByHash(txHash), "eth_getTransactionByHash").getTransaction().isPresent();
    }

    Outcome call(String from, String to, BigInteger value, String data, BigInteger gas, DefaultBlockParameterName tag) {
        Transaction tx = new Transaction(from, null, null, gas, to, value, data);
        return outcome(sendAllowingError(web3j.ethCall(tx, tag), "eth_call"));
    }

    /** eth_estimateGas against the pending state, so transactions already in the pool are taken into account. */
    Outcome estimateGas(String from, String to, BigInteger value, String data) {
        Transaction tx = new Transaction(from, null, null, null, to, value, data);
        Request<Object, EthEstimateGas> request = new Request<>("eth_estimateGas",
                List.of(tx, DefaultBlockParameterName.PENDING.getValue()), service, EthEstimateGas.class);
        return outcome(sendAllowingError(request, "eth_estimateGas"));
    }

    /** The priority fee the node suggests; nodes without eth_maxPriorityFeePerGas get gasPrice minus base fee. */
    BigInteger maxPriorityFeePerGas(BigInteger baseFee) {
        Response<?> tip = sendAllowingError(web3j.ethMaxPriorityFeePerGas(), "eth_maxPriorityFeePerGas");
        if (!tip.hasError() && tip.getResult() != null) {
            return decode(tip.getResult().toString());
        }
        BigInteger gasPrice = send(web3j.ethGasPrice(), "eth_gasPrice").getGasPrice();
        return gasPrice.subtract(baseFee).max(BigInteger.ZERO);
    }

    Outcome sendRawTransaction(String hex) {
        return outcome(sendAllowingError(web3j.ethSendRawTransaction(hex), "eth_sendRawTransaction"));
    }

    private <T extends Response<?>> T send(Request<?, T> request, String method) {
        T response = sendAllowingError(request, method);
        if (response.hasError()) {
            throw new RailUnavailableException(method + " answered error " + response.getError().getCode());
        }
        return response;
    }

    private <T extends Response<?>> T sendAllowingError(Request<?, T> request, String method) {
        ensureChainFor(method);
        try {
            return request.send();
        } catch (IOException e) {
            throw new RailUnavailableException(method + " failed: " + e.getClass().getSimpleName());
        }
    }

    private void ensureChainFor(String method) {
        if (!"eth_chainId".equals(method)) {
            ensureChain();
        }
    }

    private static Outcome outcome(Response<?> response) {
        if (response.hasError()) {
            Response.Error error = response.getError();
            String data = error.getData() == null ? null : error.getData().replace("\"", "").trim();
            return new Outcome(null, error.getCode(), error.getMessage() == null ? "error" : error.getMessage(), data);
        }
        return new Outcome(response.getResult() == null ? null : response.getResult().toString(), 0, null, null);
    }

    static BigInteger decode(String quantity) {
        return org.web3j.utils.Numeric.decodeQuantity(quantity);
    }

    @Override
    public void close() {
        web3j.shutdown();
    }
}
