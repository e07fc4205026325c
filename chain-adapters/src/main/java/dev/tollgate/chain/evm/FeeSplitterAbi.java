package dev.tollgate.chain.evm;

import dev.tollgate.contracts.generated.FeeSplitter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Sign;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/** Call data for FeeSplitter and ERC-20, and decoding of FeeSplitter's {@code Paid} event. */
final class FeeSplitterAbi {
    static final String PAY_NATIVE = "payNative(bytes32,address,uint256,address,uint256,uint256)";
    static final String PAY_TOKEN = "payToken(bytes32,address,address,uint256,address,uint256,uint256)";
    static final String PAY_TOKEN_WITH_PERMIT =
            "payTokenWithPermit(bytes32,address,address,uint256,address,uint256,uint256,uint8,bytes32,bytes32)";
    static final String APPROVE = "approve(address,uint256)";
    static final String PAID_TOPIC = EventEncoder.encode(FeeSplitter.PAID_EVENT);

    /** What one {@code Paid} event says. Addresses are lower-case hex. */
    record Paid(String jobRef, String payer, String token, String payee, BigInteger net, String feeRecipient,
                BigInteger fee) {
        boolean isNative() {
            return new BigInteger(token.substring(2), 16).signum() == 0;
        }
    }

    private FeeSplitterAbi() {
    }

    /** {@code keccak256(bytes(memo))}: how a payment names its job on chain. */
    static byte[] jobRef(String memo) {
        return Hash.sha3(memo.getBytes(StandardCharsets.UTF_8));
    }

    static String payNative(byte[] jobRef, String payee, BigInteger net, String feeRecipient, BigInteger fee,
                            long deadline) {
        return encode("payNative", new Bytes32(jobRef), new Address(payee), new Uint256(net), new Address(feeRecipient),
                new Uint256(fee), new Uint256(deadline));
    }

    static String payToken(byte[] jobRef, String token, String payee, BigInteger net, String feeRecipient,
                           BigInteger fee, long deadline) {
        return encode("payToken", new Bytes32(jobRef), new Address(token), new Address(payee), new Uint256(net),
                new Address(feeRecipient), new Uint256(fee), new Uint256(deadline));
    }

    static String payTokenWithPermit(byte[] jobRef, String token, String payee, BigInteger net, String feeRecipient,
                                     BigInteger fee, long deadline, Sign.SignatureData permit) {
        return encode("payTokenWithPermit", new Bytes32(jobRef), new Address(token), new Address(payee),
                new Uint256(net), new Address(feeRecipient), new Uint256(fee), new Uint256(deadline),
                new Uint8(Byte.toUnsignedInt(permit.getV()[0])), new Bytes32(permit.getR()), new Bytes32(permit.getS()));
    }

    static String approve(String spender, BigInteger amount) {
        return encode("approve", new Address(spender), new Uint256(amount));
    }

    static String balanceOf(String owner) {
        return encode("balanceOf", new Address(owner));
    }

    static String nonces(String owner) {
        return encode("nonces", new Address(owner));
    }

    static String domainSeparator() {
        return encode("DOMAIN_SEPARATOR");
    }

    /** The {@code Paid} event in {@code log}, if that log is one (the caller checks who emitted it). */
    static Optional<Paid> paid(Log log) {
        List<String> topics = log.getTopics();
        if (topics == null || topics.size() != 4 || !PAID_TOPIC.equalsIgnoreCase(topics.get(0))) {
            return Optional.empty();
        }
        @SuppressWarnings("rawtypes")
        List<Type> data = FunctionReturnDecoder.decode(log.getData(), FeeSplitter.PAID_EVENT.getNonIndexedParameters());
        if (data.size() != 4) {
            return Optional.empty();
        }
        return Optional.of(new Paid(
                topics.get(1).toLowerCase(),
                topicAddress(topics.get(2)),
                topicAddress(topics.get(3)),
                ((Address) data.get(0)).getValue().toLowerCase(),
                ((Uint256) data.get(1)).getValue(),
                ((Address) data.get(2)).getValue().toLowerCase(),
                ((Uint256) data.get(3)).getValue()));
    }

    private static String topicAddress(String topic) {
        String hex = Numeric.cleanHexPrefix(topic);
        return "0x" + hex.substring(hex.length() - 40).toLowerCase();
    }

    @SuppressWarnings("rawtypes")
    private static String encode(String name, Type... args) {
        return FunctionEncoder.encode(new Function(name, List.of(args), List.<TypeReference<?>>of()));
    }
}
