package dev.tollgate.billing;

/**
 * What the client sent to pay for a request, forwarded to the gateway's {@code authorize} as-is (the filter
 * verifies nothing itself). {@link #toString()} never prints a header value or a key.
 */
public sealed interface Credential {

    /** The wire {@code type} of the credential object. */
    String type();

    /** x402 v2 {@code PAYMENT-SIGNATURE} (exact or upto). */
    record X402(String header) implements Credential {
        @Override
        public String type() {
            return "x402";
        }

        @Override
        public String toString() {
            return "X402[header=(" + header.length() + " chars)]";
        }
    }

    /** A CAIP-122 {@code SIGN-IN-WITH-X} proof against a standing allowance; network/asset optional. */
    record Siwx(String header, String network, String asset) implements Credential {
        @Override
        public String type() {
            return "siwx";
        }

        @Override
        public String toString() {
            return "Siwx[header=(" + header.length() + " chars), network=" + network + ", asset=" + asset + "]";
        }
    }

    /**
     * ATP's custodial wallet key (off unless enabled on both sides). The key is only passed along to the gateway
     * and dropped after the request; it is never printed.
     */
    record PrivateKey(String key, String network, String asset) implements Credential {
        @Override
        public String type() {
            return "private_key";
        }

        @Override
        public String toString() {
            return "PrivateKey[key=***, network=" + network + ", asset=" + asset + "]";
        }
    }
}
