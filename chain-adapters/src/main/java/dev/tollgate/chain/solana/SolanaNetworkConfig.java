package dev.tollgate.chain.solana;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.NetworkId;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One Solana network.
 *
 * @param usdc             the USDC mint of this network (6 decimals), or {@code null} when USDC is not offered
 * @param dropMarginBlocks how far the <em>finalized</em> block height must be past a payment's last valid block
 *                         height before an unseen payment is declared dropped (see {@link #DEFAULT_DROP_MARGIN_BLOCKS})
 * @param rpcFallbackUrls  nodes of the same network that serve reads when {@code rpcUrl} fails (in this order);
 *                         a transaction is sent to one node only, never re-sent to another
 */
public record SolanaNetworkConfig(NetworkId network, URI rpcUrl, ChainAsset usdc, Duration rpcTimeout,
                                  long dropMarginBlocks, List<URI> rpcFallbackUrls) {
    /**
     * Once the finalized block height passes a blockhash's last valid block height, no block that could hold the
     * transaction can still change, so in theory a margin of zero would do. The margin is for the node we ask, not
     * the chain: behind a load balancer, the node that answers "not seen" may lag the one that answered the block
     * height. 150 blocks (one blockhash lifetime, about a minute) outlasts any lag a serving RPC node is allowed
     * (providers take nodes out of rotation far sooner); waiting a minute longer only delays re-paying a payment
     * that never landed, while deciding too early could let the payer pay twice.
     */
    public static final long DEFAULT_DROP_MARGIN_BLOCKS = 150;
    public static final ChainAsset SOL = ChainAsset.nativeCoin("SOL", 9);
    /** USDC's mainnet mint: ATP's default {@code USDC_MINT_ADDRESS}. */
    public static final String MAINNET_USDC_MINT = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v";

    public SolanaNetworkConfig {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(rpcUrl, "rpcUrl");
        Objects.requireNonNull(rpcTimeout, "rpcTimeout");
        if (rpcTimeout.isNegative() || rpcTimeout.isZero()) {
            throw new IllegalArgumentException("rpcTimeout must be positive");
        }
        if (dropMarginBlocks < 0) {
            throw new IllegalArgumentException("dropMarginBlocks must not be negative");
        }
        if (!"solana".equals(network.namespace())) {
            throw new IllegalArgumentException("not a Solana network id: " + network);
        }
        rpcFallbackUrls = rpcFallbackUrls == null ? List.of() : List.copyOf(rpcFallbackUrls); // no nulls
        if (usdc != null && (usdc.isNative() || !SolanaKeys.isValidAddress(usdc.address()))) {
            throw new IllegalArgumentException("USDC mint is not a valid Solana address");
        }
    }

    /** Without fallback URLs. */
    public SolanaNetworkConfig(NetworkId network, URI rpcUrl, ChainAsset usdc, Duration rpcTimeout, long dropMarginBlocks) {
        this(network, rpcUrl, usdc, rpcTimeout, dropMarginBlocks, List.of());
    }

    /** The primary RPC URL, then the fallbacks. */
    public List<URI> rpcUrls() {
        List<URI> all = new ArrayList<>();
        all.add(rpcUrl);
        all.addAll(rpcFallbackUrls);
        return List.copyOf(all);
    }

    /** With {@link #DEFAULT_DROP_MARGIN_BLOCKS}, without fallback URLs. */
    public SolanaNetworkConfig(NetworkId network, URI rpcUrl, ChainAsset usdc, Duration rpcTimeout) {
        this(network, rpcUrl, usdc, rpcTimeout, DEFAULT_DROP_MARGIN_BLOCKS);
    }

    public static ChainAsset usdcMint(String address) {
        return new ChainAsset("USDC", 6, address);
    }
}
