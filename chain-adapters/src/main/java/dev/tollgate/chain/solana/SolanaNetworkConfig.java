package dev.tollgate.chain.solana;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.NetworkId;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * One Solana network.
 *
 * @param usdc             the USDC mint of this network (6 decimals), or {@code null} when USDC is not offered;
 *                         with {@link #withTokens} any SPL tokens (classic or Token-2022) are offered
 * @param dropMarginBlocks how far the <em>finalized</em> block height must be past a payment's last valid block
 *                         height before an unseen payment is declared dropped (see {@link #DEFAULT_DROP_MARGIN_BLOCKS})
 * @param rpcFallbackUrls  nodes of the same network that serve reads when {@code rpcUrl} fails (in this order);
 *                         a transaction is sent to one node only, never re-sent to another
 */
public record SolanaNetworkConfig(NetworkId network, URI rpcUrl, ChainAsset usdc, Duration rpcTimeout,
                                  long dropMarginBlocks, java.util.List<ChainAsset> tokens,
                                  java.util.List<URI> rpcFallbackUrls) {
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
        if (usdc != null && (usdc.isNative() || !SolanaKeys.isValidAddress(usdc.address()))) {
            throw new IllegalArgumentException("USDC mint is not a valid Solana address");
        }
        java.util.List<ChainAsset> all = new java.util.ArrayList<>();
        if (usdc != null) {
            all.add(usdc);
        }
        for (ChainAsset token : tokens == null ? java.util.List.<ChainAsset>of() : tokens) {
            if (token.isNative() || !SolanaKeys.isValidAddress(token.address())) {
                throw new IllegalArgumentException("token " + token.symbol() + " needs a valid Solana mint address");
            }
            if (token.tokenProgram() != null && !SolanaPrograms.TOKEN_PROGRAMS.contains(token.tokenProgram())) {
                throw new IllegalArgumentException("token " + token.symbol() + ": token program must be one of "
                        + SolanaPrograms.TOKEN_PROGRAMS);
            }
            if (SOL.symbol().equals(token.symbol()) || all.stream().anyMatch(t -> t.symbol().equals(token.symbol()))) {
                throw new IllegalArgumentException("token symbol " + token.symbol() + " is used twice");
            }
            all.add(token);
        }
        tokens = java.util.List.copyOf(all);
        rpcFallbackUrls = rpcFallbackUrls == null ? java.util.List.of() : java.util.List.copyOf(rpcFallbackUrls);
    }

    /** The primary RPC URL, then the fallbacks. */
    public java.util.List<URI> rpcUrls() {
        java.util.List<URI> all = new java.util.ArrayList<>();
        all.add(rpcUrl);
        all.addAll(rpcFallbackUrls);
        return java.util.List.copyOf(all);
    }

    /** USDC only (or nothing but SOL when {@code usdc} is null), with fallback URLs for reads. */
    public SolanaNetworkConfig(NetworkId network, URI rpcUrl, ChainAsset usdc, Duration rpcTimeout,
                               long dropMarginBlocks, java.util.List<URI> rpcFallbackUrls) {
        this(network, rpcUrl, usdc, rpcTimeout, dropMarginBlocks, null, rpcFallbackUrls);
    }

    /** With {@link #DEFAULT_DROP_MARGIN_BLOCKS}. */
    public SolanaNetworkConfig(NetworkId network, URI rpcUrl, ChainAsset usdc, Duration rpcTimeout) {
        this(network, rpcUrl, usdc, rpcTimeout, DEFAULT_DROP_MARGIN_BLOCKS);
    }

    /** USDC only (or nothing but SOL when {@code usdc} is null). */
    public SolanaNetworkConfig(NetworkId network, URI rpcUrl, ChainAsset usdc, Duration rpcTimeout,
                               long dropMarginBlocks) {
        this(network, rpcUrl, usdc, rpcTimeout, dropMarginBlocks, null, java.util.List.of());
    }

    /**
     * SOL plus {@code tokens} (any symbols, each an SPL mint under its own token program); {@link #usdc()} is null
     * here, {@link #tokens()} holds them all in order.
     */
    public static SolanaNetworkConfig withTokens(NetworkId network, URI rpcUrl, java.util.List<ChainAsset> tokens,
                                                 Duration rpcTimeout) {
        return withTokens(network, rpcUrl, java.util.List.of(), tokens, rpcTimeout);
    }

    /** As {@link #withTokens(NetworkId, URI, java.util.List, Duration)}, with fallback URLs for reads. */
    public static SolanaNetworkConfig withTokens(NetworkId network, URI rpcUrl, java.util.List<URI> rpcFallbackUrls,
                                                 java.util.List<ChainAsset> tokens, Duration rpcTimeout) {
        return new SolanaNetworkConfig(network, rpcUrl, null, rpcTimeout, DEFAULT_DROP_MARGIN_BLOCKS, tokens,
                rpcFallbackUrls);
    }

    public static ChainAsset usdcMint(String address) {
        return new ChainAsset("USDC", 6, address);
    }

    /** The SPL Token program id. */
    public static final String TOKEN_PROGRAM = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA";
    /** The Token-2022 (Token Extensions) program id. */
    public static final String TOKEN_2022_PROGRAM = "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb";
}
