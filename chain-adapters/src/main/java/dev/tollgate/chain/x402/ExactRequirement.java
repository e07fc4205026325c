package dev.tollgate.chain.x402;

import java.math.BigInteger;
import java.util.Map;
import java.util.Objects;

/**
 * One x402 v2 {@code exact} payment requirement (an {@code accepts[]} entry), as this gateway offers it. The
 * gateway always verifies against its own copy, never the client's echo.
 *
 * @param network           CAIP-2 id advertised to clients ({@code eip155:<chain id>}, {@code solana:<genesis prefix>})
 * @param asset             token contract (EVM) or mint (Solana)
 * @param payTo             where the stock client pays (EVM: the split vault; Solana: the agent, or the settlement
 *                          wallet when a fee must be swept out)
 * @param amount            exact atomic units
 * @param maxTimeoutSeconds how long the client's signature may stay valid
 * @param extra             scheme extras in wire order (EVM: name, version; Solana: feePayer, memo) plus the gateway's
 *                          own (e.g. the job reference)
 */
public record ExactRequirement(String network, String asset, String payTo, BigInteger amount, int maxTimeoutSeconds,
                               Map<String, Object> extra) {
    public static final String SCHEME = "exact";

    public ExactRequirement {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(asset, "asset");
        Objects.requireNonNull(payTo, "payTo");
        Objects.requireNonNull(amount, "amount");
        extra = extra == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extra));
    }
}
