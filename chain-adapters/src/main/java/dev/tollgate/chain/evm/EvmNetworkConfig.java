package dev.tollgate.chain.evm;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.PayerSecret;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One EVM network (Polygon PoS, Amoy, a local anvil).
 *
 * @param network         CAIP-2 id, {@code eip155:<chainId>}
 * @param splitterAddress the deployed FeeSplitter every payment goes through
 * @param nativeAsset     the native coin (POL, 18 decimals)
 * @param tokens          ERC-20s settled here by symbol (USDC, 6 decimals); each must support EIP-2612 permit
 *                        for {@link EvmRail#signPayment} (client-made payments may use approve + payToken)
 * @param confirmations   blocks a payment must be deep for {@code CONFIRMED} (1 = included in a block)
 * @param finalizedTag    whether the node's {@code finalized} block tag decides {@code FINALIZED}; when false,
 *                        {@code FINALIZED} falls back to {@code confirmations}
 * @param paymentValidity how long a signed payment stays valid: its on-chain deadline is the chain's latest
 *                        block time plus this; {@code null} means {@link #DEFAULT_PAYMENT_VALIDITY}
 * @param rpcFallbackUrls nodes of the same chain that serve reads when {@code rpcUrl} fails (in this order); each
 *                        is checked to serve {@code chainId} before use; a transaction is sent to one node only
 * @param relayerKey      the operator's key that relays gasless payments (EIP-3009 authorisations) and pays their
 *                        gas, or {@code null} for none (then gasless payments are refused as unsupported). Held for
 *                        the rail's life; its {@code toString} is redacted. Parse it with {@link #relayerKey(String)}
 * @param exact           x402's {@code exact} scheme (split-vault factory, fee rate, relayer key), or {@code null}
 *                        when this network does not take x402 payments
 */
public record EvmNetworkConfig(
        NetworkId network,
        long chainId,
        URI rpcUrl,
        String splitterAddress,
        ChainAsset nativeAsset,
        Map<String, ChainAsset> tokens,
        int confirmations,
        boolean finalizedTag,
        Duration rpcTimeout,
        Duration paymentValidity,
        List<URI> rpcFallbackUrls,
        PayerSecret relayerKey,
        EvmExactConfig exact) {

    public static final ChainAsset POL = ChainAsset.nativeCoin("POL", 18);
    public static final Duration DEFAULT_PAYMENT_VALIDITY = Duration.ofSeconds(120);
    /** Native USDC (Circle) on Polygon PoS mainnet, chain 137. */
    public static final String POLYGON_USDC = "0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359";

    public EvmNetworkConfig {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(rpcUrl, "rpcUrl");
        Objects.requireNonNull(nativeAsset, "nativeAsset");
        Objects.requireNonNull(rpcTimeout, "rpcTimeout");
        if (!"eip155".equals(network.namespace()) || !network.reference().equals(Long.toString(chainId))) {
            throw new IllegalArgumentException("network must be eip155:" + chainId + ", got " + network);
        }
        if (!EvmAddresses.isValid(splitterAddress)) {
            throw new IllegalArgumentException("splitterAddress is not a valid EVM address: " + splitterAddress);
        }
        if (!nativeAsset.isNative()) {
            throw new IllegalArgumentException("nativeAsset must be the native coin (no address)");
        }
        Map<String, ChainAsset> copy = new LinkedHashMap<>();
        for (var e : (tokens == null ? Map.<String, ChainAsset>of() : tokens).entrySet()) {
            ChainAsset token = e.getValue();
            if (token.isNative() || !EvmAddresses.isValid(token.address())) {
                throw new IllegalArgumentException("token " + e.getKey() + " needs a valid ERC-20 address");
            }
            if (e.getKey().equals(nativeAsset.symbol())) {
                throw new IllegalArgumentException("token symbol " + e.getKey() + " clashes with the native coin");
            }
            copy.put(e.getKey(), token);
        }
        tokens = Collections.unmodifiableMap(copy);
        if (confirmations < 1) {
            throw new IllegalArgumentException("confirmations must be at least 1");
        }
        if (rpcTimeout.isNegative() || rpcTimeout.isZero()) {
            throw new IllegalArgumentException("rpcTimeout must be positive");
        }
        rpcFallbackUrls = rpcFallbackUrls == null ? List.of() : List.copyOf(rpcFallbackUrls); // no nulls
        paymentValidity = paymentValidity == null ? DEFAULT_PAYMENT_VALIDITY : paymentValidity;
        if (paymentValidity.toSeconds() < 1) {
            throw new IllegalArgumentException("paymentValidity must be at least one second");
        }
    }

    /** This network taking x402's {@code exact} payments as {@code exact} says. */
    /** The configured ERC-20 token at {@code address} (compared case-insensitively), or null when none is. */
    public ChainAsset tokenAt(String address) {
        if (address == null) {
            return null;
        }
        return tokens.values().stream().filter(t -> EvmAddresses.same(t.address(), address)).findFirst().orElse(null);
    }

    public EvmNetworkConfig withExact(EvmExactConfig exact) {
        return new EvmNetworkConfig(network, chainId, rpcUrl, splitterAddress, nativeAsset, tokens, confirmations,
                finalizedTag, rpcTimeout, paymentValidity, rpcFallbackUrls, relayerKey, exact);
    }

    /** Without fallback URLs. */
    public EvmNetworkConfig(NetworkId network, long chainId, URI rpcUrl, String splitterAddress, ChainAsset nativeAsset,
                            Map<String, ChainAsset> tokens, int confirmations, boolean finalizedTag, Duration rpcTimeout,
                            Duration paymentValidity) {
        this(network, chainId, rpcUrl, splitterAddress, nativeAsset, tokens, confirmations, finalizedTag, rpcTimeout,
                paymentValidity, List.of());
    }

    /** Without a relayer key (no gasless relays) and without x402's {@code exact} scheme. */
    public EvmNetworkConfig(NetworkId network, long chainId, URI rpcUrl, String splitterAddress, ChainAsset nativeAsset,
                            Map<String, ChainAsset> tokens, int confirmations, boolean finalizedTag, Duration rpcTimeout,
                            Duration paymentValidity, List<URI> rpcFallbackUrls) {
        this(network, chainId, rpcUrl, splitterAddress, nativeAsset, tokens, confirmations, finalizedTag, rpcTimeout,
                paymentValidity, rpcFallbackUrls, null, null);
    }

    /** This network with {@code relayerKey} relaying gasless payments. */
    public EvmNetworkConfig withRelayerKey(PayerSecret relayerKey) {
        return new EvmNetworkConfig(network, chainId, rpcUrl, splitterAddress, nativeAsset, tokens, confirmations,
                finalizedTag, rpcTimeout, paymentValidity, rpcFallbackUrls, relayerKey, exact);
    }

    /**
     * Parses a relayer key (64 hex digits, {@code 0x} optional).
     *
     * @throws IllegalArgumentException not a valid secp256k1 key; the message never contains the key
     */
    public static PayerSecret relayerKey(String hex) {
        try {
            return EvmKeys.parse(hex);
        } catch (dev.tollgate.chain.PaymentRejectedException e) {
            throw new IllegalArgumentException("relayer key: " + e.getMessage());
        }
    }

    /** The primary RPC URL, then the fallbacks. */
    public List<URI> rpcUrls() {
        List<URI> all = new ArrayList<>();
        all.add(rpcUrl);
        all.addAll(rpcFallbackUrls);
        return List.copyOf(all);
    }

    /** A 6-decimal USDC at {@code address}. */
    public static ChainAsset usdc(String address) {
        return new ChainAsset("USDC", 6, address);
    }
}
