package dev.tollgate.chain;

import java.util.Objects;

/**
 * An asset on one network. {@code address} is the SPL mint or ERC-20 contract; {@code null} means the
 * network's native coin (SOL, POL). {@code tokenProgram} is the program that owns an SPL mint (SPL Token or
 * Token-2022), so a rail builds and checks transfers under the right one; {@code null} for native coins and for
 * chain families without token programs (EVM), and for an SPL mint it means the classic SPL Token program.
 */
public record ChainAsset(String symbol, int decimals, String address, String tokenProgram) {
    public ChainAsset {
        Objects.requireNonNull(symbol, "symbol");
        if (decimals < 0 || decimals > 36) {
            throw new IllegalArgumentException("decimals out of range: " + decimals);
        }
        if (address == null && tokenProgram != null) {
            throw new IllegalArgumentException("a native coin has no token program");
        }
    }

    /** An asset without a token program of its own (native coins, ERC-20s, classic SPL mints). */
    public ChainAsset(String symbol, int decimals, String address) {
        this(symbol, decimals, address, null);
    }

    public static ChainAsset nativeCoin(String symbol, int decimals) {
        return new ChainAsset(symbol, decimals, null, null);
    }

    public boolean isNative() {
        return address == null;
    }
}
