package dev.tollgate.chain.evm;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * Finds the transaction that used an EIP-3009 authorisation: the token's
 * {@code AuthorizationUsed(address indexed authorizer, bytes32 indexed nonce)} log, looked up by both topics over a
 * bounded block range (providers cap eth_getLogs ranges, and a nonce is used once, so at most one live log exists).
 */
final class AuthorizationUses {
    /** keccak256("AuthorizationUsed(address,bytes32)"). */
    static final String AUTHORIZATION_USED_TOPIC =
            Numeric.toHexString(Hash.sha3("AuthorizationUsed(address,bytes32)".getBytes(StandardCharsets.US_ASCII)));
    /** More logs than this for one (authorizer, nonce) is not a token we understand: nothing is believed. */
    private static final int MAX_LOGS = 8;

    private final EvmRpc rpc;
    private final long lookbackBlocks;

    AuthorizationUses(EvmRpc rpc, long lookbackBlocks) {
        if (lookbackBlocks < 1) {
            throw new IllegalArgumentException("lookbackBlocks must be positive");
        }
        this.rpc = rpc;
        this.lookbackBlocks = lookbackBlocks;
    }

    /** The transaction (lower-case hash) whose {@code token} logged the use of {@code authorizer}'s {@code nonce}. */
    Optional<String> usedIn(String token, String authorizer, byte[] nonce) {
        long latest = rpc.latest().number();
        long from = Math.max(0, latest - lookbackBlocks + 1);
        JsonNode logs = rpc.logs(token, List.of(AUTHORIZATION_USED_TOPIC, addressTopic(authorizer),
                Numeric.toHexString(nonce)), from, latest);
        if (logs == null || !logs.isArray() || logs.size() > MAX_LOGS) {
            return Optional.empty();
        }
        for (JsonNode log : logs) {
            if (log.path("removed").asBoolean(false) || !EvmAddresses.same(log.path("address").asText(null), token)) {
                continue;
            }
            String tx = log.path("transactionHash").asText("");
            if (EvmPaymentVerifier.isTxHash(tx)) {
                return Optional.of(tx.toLowerCase(Locale.ROOT));
            }
        }
        return Optional.empty();
    }

    private static String addressTopic(String address) {
        return "0x000000000000000000000000" + address.substring(2).toLowerCase(Locale.ROOT);
    }
}
