package dev.tollgate.chain.solana;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.NetworkId;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * One Solana network.
 *
 * @param usdc the USDC mint of this network (6 decimals), or {@code null} when USDC is not offered
 */
public record SolanaNetworkConfig(NetworkId network, URI rpcUrl, ChainAsset usdc, Duration rpcTimeout) {
    public static final ChainAsset SOL = ChainAsset.nativeCoin("SOL", 9);
    /** USDC's mainnet mint: ATP's default {@code USDC_MINT_ADDRESS}. */
    public static final String MAINNET_USDC_MINT = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v";

    public SolanaNetworkConfig {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(rpcUrl, "rpcUrl");
        Objects.requireNonNull(rpcTimeout, "rpcTimeout");
        if (!"solana".equals(network.namespace())) {
            throw new IllegalArgumentException("not a Solana network id: " + network);
        }
        if (usdc != null && (usdc.isNative() || !SolanaKeys.isValidAddress(usdc.address()))) {
            throw new IllegalArgumentException("USDC mint is not a valid Solana address: " + usdc.address());
        }
    }

    public static ChainAsset usdcMint(String address) {
        return new ChainAsset("USDC", 6, address);
    }
}
