package dev.tollgate.billing;

import java.util.Locale;

/**
 * ATP's {@code wallet_private_key_header}: a client may send its wallet key in this header so the gateway pays
 * for it (custodial). Off unless enabled here AND on the gateway; the header is read only when enabled.
 */
public record PrivateKeyHeader(boolean enabled, String name) {

    public static final String DEFAULT_NAME = "x-wallet-private-key";

    public static final PrivateKeyHeader DISABLED = new PrivateKeyHeader(false, DEFAULT_NAME);

    public PrivateKeyHeader {
        name = Require.text("private-key-header.name", name == null ? DEFAULT_NAME : name, 64)
                .toLowerCase(Locale.ROOT);
        if (!name.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
            throw new BillingConfigException("private-key-header.name must be a header name (letters, digits, -)");
        }
    }
}
