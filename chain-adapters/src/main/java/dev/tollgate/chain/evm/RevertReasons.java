package dev.tollgate.chain.evm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.PaymentRejectedException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Hash;

/**
 * Turns a failed simulation into a sentence (decoding FeeSplitter's, OpenZeppelin's and ERC-20 errors) and a
 * rejection reason: a payer short of coin or tokens is INSUFFICIENT_FUNDS, anything else SIMULATION_FAILED.
 */
final class RevertReasons {
    private static final Map<String, ErrorType> KNOWN = load();

    private record ErrorType(String name, List<TypeReference<Type>> inputs) {
    }

    private RevertReasons() {
    }

    static PaymentRejectedException rejection(String what, EvmRpc.Outcome failure) {
        String reason = describe(failure);
        String lower = reason.toLowerCase(Locale.ROOT);
        boolean broke = lower.contains("erc20insufficientbalance") || lower.contains("exceeds balance")
                || lower.contains("insufficient funds") || lower.contains("insufficient balance for transfer");
        return new PaymentRejectedException(broke ? Reason.INSUFFICIENT_FUNDS : Reason.SIMULATION_FAILED,
                what + " would fail: " + reason);
    }

    /** The decoded revert ({@code DeadlinePassed(1700000000, 1700000121)}) or the node's own message. */
    static String describe(EvmRpc.Outcome failure) {
        String data = failure.errorData();
        if (data == null || data.length() < 10 || !data.startsWith("0x")) {
            return failure.errorMessage();
        }
        ErrorType type = KNOWN.get(data.substring(0, 10).toLowerCase(Locale.ROOT));
        if (type == null) {
            return failure.errorMessage() + " (revert data " + abbreviate(data) + ")";
        }
        try {
            @SuppressWarnings({"rawtypes", "unchecked"})
            List<Type> args = FunctionReturnDecoder.decode("0x" + data.substring(10), (List) type.inputs());
            return type.name() + args.stream().map(a -> String.valueOf(a.getValue())).collect(Collectors.joining(", ", "(", ")"));
        } catch (RuntimeException malformed) {
            return type.name() + " (revert data " + abbreviate(data) + ")";
        }
    }

    private static String abbreviate(String data) {
        return data.length() <= 138 ? data : data.substring(0, 138) + "...";
    }

    private static Map<String, ErrorType> load() {
        Map<String, ErrorType> known = new HashMap<>();
        add(known, "Error", List.of("string"));
        add(known, "Panic", List.of("uint256"));
        ObjectMapper json = new ObjectMapper();
        for (String artifact : List.of("FeeSplitter.json", "TestUSDC.json", "SplitVaultFactory.json", "SplitVault.json",
                "AllowanceSplitter.json", "UptoSplitter.json", "LocalUptoPermit2Proxy.json", "LocalPermit2.json")) {
            try (InputStream in = FeeSplitterAbi.class.getResourceAsStream("/dev/tollgate/contracts/" + artifact)) {
                if (in == null) {
                    throw new IllegalStateException("contract artifact missing from the class path: " + artifact);
                }
                for (JsonNode entry : json.readTree(in).get("abi")) {
                    if ("error".equals(entry.path("type").asText())) {
                        List<String> inputs = new ArrayList<>();
                        entry.path("inputs").forEach(i -> inputs.add(i.get("type").asText()));
                        add(known, entry.get("name").asText(), inputs);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Map.copyOf(known);
    }

    @SuppressWarnings("unchecked")
    private static void add(Map<String, ErrorType> known, String name, List<String> solidityTypes) {
        String signature = name + "(" + String.join(",", solidityTypes) + ")";
        String selector = Hash.sha3String(signature).substring(0, 10);
        List<TypeReference<Type>> refs = new ArrayList<>();
        for (String t : solidityTypes) {
            try {
                refs.add((TypeReference<Type>) TypeReference.makeTypeReference(t));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("unsupported error argument type " + t, e);
            }
        }
        known.put(selector, new ErrorType(name, List.copyOf(refs)));
    }
}
