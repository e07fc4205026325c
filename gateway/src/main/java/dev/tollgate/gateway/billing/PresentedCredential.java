package dev.tollgate.gateway.billing;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The credential a billing filter passed on from its client, read and size-checked (the billing controller):
 * {@code {"type": "x402", "header"}}, {@code {"type": "siwx", "header", "network"?, "asset"?}} or
 * {@code {"type": "private_key", "key", "network"?, "asset"?}}. {@code toString} never shows the key or a header.
 *
 * @param header     the PAYMENT-SIGNATURE or SIGN-IN-WITH-X value (x402, siwx), else null
 * @param x402       the decoded PaymentPayload (x402 only), else null
 * @param privateKey the payer's key (private_key only; never stored, logged or echoed), else null
 */
public record PresentedCredential(String type, String header, Map<String, Object> x402, String network,
                                  String asset, String privateKey) {
    public static final String X402 = "x402";
    public static final String SIWX = "siwx";
    public static final String PRIVATE_KEY = "private_key";

    public PresentedCredential {
        Objects.requireNonNull(type, "type");
    }

    /** x402: the scheme of the requirement the payment accepted ({@code exact}, {@code upto}), if any. */
    public Optional<String> x402Scheme() {
        return x402 != null && x402.get("accepted") instanceof Map<?, ?> accepted
                && accepted.get("scheme") instanceof String scheme ? Optional.of(scheme) : Optional.empty();
    }

    @Override
    public String toString() {
        return "PresentedCredential[type=" + type + ", network=" + network + ", asset=" + asset + "]";
    }
}
