package dev.tollgate.chain;

import java.util.Objects;

/**
 * An asset on one network. {@code address} is the SPL mint or ERC-20 contract; {@code null} means the
 * network's native coin (SOL, POL).
 */
public record ChainAsset(String symbol, int decimals, String address) {
    public ChainAsset {
        Objects.requireNonNull(symbol, "symbol");
        if (decimals < 0 || decimals > 36) {
            throw new IllegalArgumentException("decimals out of range: " + decimals);
        }
    }

    public static ChainAsset nativeCoin(String symbol, int decimals) {
        return new ChainAsset(symbol, decimals, null);
    }

    public boolean isNative() {
        return address == null;
    }
}
