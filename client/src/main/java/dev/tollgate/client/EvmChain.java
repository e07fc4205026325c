package dev.tollgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.utils.Numeric;

/**
 * What the client reads from and sends to its own EVM node: {@code eth_call}s, and transactions it signs itself
 * (EIP-1559, nonce from the pending count, gas estimated with a margin and capped), awaited until mined. The node's
 * chain id must be the network's: a key never signs for a chain it did not mean.
 */
final class EvmChain {
    /** An ERC-20 approve costs about 46k gas; a token that wants more than this is not one we sign for. */
    static final BigInteger MAX_GAS = BigInteger.valueOf(200_000);
    private static final BigInteger ONE_GWEI = BigInteger.TEN.pow(9);

    private final ChainRpc rpc;
    private final String network;
    private final long chainId;

    EvmChain(ChainRpc rpc, String network) {
        this.rpc = rpc;
        this.network = network;
        this.chainId = chainIdOf(network);
    }

    /** The decimal chain id of {@code eip155:<id>}. */
    static long chainIdOf(String network) {
        String id = network.startsWith("eip155:") ? network.substring(7) : "";
        if (!id.matches("[1-9][0-9]{0,17}")) {
            throw new IllegalArgumentException(network + " is not an eip155 network");
        }
        return Long.parseLong(id);
    }

    /** {@code eth_call} at the latest block: the returned word as an unsigned integer. */
    BigInteger callUint(String to, String data) {
        String hex = rpc.call("eth_call", Map.of("to", to, "data", data), "latest").asText("");
        if (!hex.startsWith("0x") || hex.length() < 3 || hex.length() > 2 + 64) {
            throw new TollgateException(0, TollgateException.LOCAL_PAYMENT_FAILED,
                    "The call to " + to + " on " + network + " did not answer one word (is it a token?)");
        }
        return Numeric.toBigInt(hex);
    }

    /** Signs and sends {@code data} to {@code to} from {@code wallet}; the transaction hash. Nothing is sent on refusal. */
    String send(EvmWallet wallet, String to, String data) {
        requireChain();
        Map<String, String> call = new LinkedHashMap<>();
        call.put("from", wallet.address());
        call.put("to", to);
        call.put("data", data);
        BigInteger estimate;
        try {
            estimate = quantity(rpc.call("eth_estimateGas", call));
        } catch (ChainRpc.Refused e) {
            throw new TollgateException(0, TollgateException.LOCAL_PAYMENT_FAILED,
                    "The transaction to " + to + " would revert on " + network + "; it was not sent");
        }
        BigInteger gas = estimate.add(estimate.shiftRight(2));
        if (gas.compareTo(MAX_GAS) > 0) {
            throw new TollgateException(0, TollgateException.LOCAL_PAYMENT_FAILED,
                    "The transaction to " + to + " would need " + estimate + " gas, more than " + MAX_GAS);
        }
        JsonNode head = rpc.call("eth_getBlockByNumber", "latest", false);
        BigInteger baseFee = head.hasNonNull("baseFeePerGas") ? quantity(head.get("baseFeePerGas")) : BigInteger.ZERO;
        BigInteger tip;
        try {
            tip = quantity(rpc.call("eth_maxPriorityFeePerGas"));
        } catch (ChainRpc.Refused e) {
            tip = ONE_GWEI;
        }
        BigInteger nonce = quantity(rpc.call("eth_getTransactionCount", wallet.address(), "pending"));
        RawTransaction tx = RawTransaction.createTransaction(chainId, nonce, gas, to, BigInteger.ZERO, data, tip,
                baseFee.shiftLeft(1).add(tip));
        byte[] signed = wallet.signTransaction(tx);
        String hash = Numeric.toHexString(Hash.sha3(signed));
        try {
            rpc.call("eth_sendRawTransaction", Numeric.toHexString(signed));
        } catch (ChainRpc.Refused e) {
            throw new TollgateException(0, TollgateException.LOCAL_PAYMENT_FAILED,
                    "The node of " + network + " refused the transaction; it was not sent (JSON-RPC error "
                            + e.code() + ")");
        }
        return hash;
    }

    /** Polls for the receipt of {@code hash}; a revert or the deadline is an exception. */
    void awaitSuccess(String hash, Instant deadline, Clock clock) {
        while (true) {
            JsonNode receipt = rpc.call("eth_getTransactionReceipt", hash);
            if (receipt != null && receipt.isObject()) {
                if (!"0x1".equals(receipt.path("status").asText())) {
                    throw new TollgateException(0, TollgateException.LOCAL_PAYMENT_FAILED,
                            "The transaction " + hash + " reverted on " + network);
                }
                return;
            }
            if (!clock.instant().isBefore(deadline)) {
                throw new TollgateException(0, TollgateException.STILL_PENDING, "The transaction " + hash
                        + " is not mined on " + network + " yet; read the allowance again before granting anew");
            }
            Pause.briefly();
        }
    }

    private void requireChain() {
        BigInteger reported = quantity(rpc.call("eth_chainId"));
        if (!reported.equals(BigInteger.valueOf(chainId))) {
            throw new TollgateException(0, TollgateException.LOCAL_PAYMENT_FAILED,
                    "The RPC node configured for " + network + " serves chain " + reported + "; nothing was signed");
        }
    }

    private BigInteger quantity(JsonNode node) {
        String hex = node == null ? "" : node.asText("");
        if (!hex.startsWith("0x") || hex.length() < 3 || hex.length() > 2 + 64) {
            throw new TollgateException(TollgateException.CHAIN_UNREACHABLE,
                    "The RPC node of " + network + " answered a malformed quantity", null);
        }
        return Numeric.toBigInt(hex);
    }
}
