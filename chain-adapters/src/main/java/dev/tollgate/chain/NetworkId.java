package dev.tollgate.chain;

import java.util.Objects;
import java.util.regex.Pattern;

/** A CAIP-2 chain id: {@code solana:<genesis-hash-prefix>} or {@code eip155:<chainId>}. */
public record NetworkId(String value) {
    private static final Pattern CAIP2 = Pattern.compile("[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}");

    public NetworkId {
        Objects.requireNonNull(value, "network id");
        if (!CAIP2.matcher(value).matches()) {
            throw new IllegalArgumentException("not a CAIP-2 network id: " + value);
        }
    }

    public static NetworkId of(String value) {
        return new NetworkId(value);
    }

    /** The namespace before the colon: {@code solana} or {@code eip155}. */
    public String namespace() {
        return value.substring(0, value.indexOf(':'));
    }

    /** The reference after the colon: a genesis-hash prefix or an EVM chain id. */
    public String reference() {
        return value.substring(value.indexOf(':') + 1);
    }

    @Override
    public String toString() {
        return value;
    }
}
