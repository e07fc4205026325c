package dev.tollgate.chain.evm;

import dev.tollgate.chain.x402.ExactRefusedException;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import org.web3j.utils.Numeric;

/**
 * The scheme payload of x402's {@code exact} on EVM with EIP-3009 ({@code PaymentPayload.payload}):
 * {@code {signature: "0x" 65 bytes, authorization: {from, to, value, validAfter, validBefore, nonce}}}, numbers as
 * decimal strings. Every field's form and length is checked before it is decoded.
 */
record ExactEvmPayload(String from, String to, BigInteger value, BigInteger validAfter, BigInteger validBefore,
                       byte[] nonce, byte[] signature) {
    static final String INVALID_PAYLOAD = "invalid_payload";
    static final String INVALID_SIGNATURE = "invalid_exact_evm_signature";
    private static final int UINT256_DIGITS = 78;
    private static final int MAX_SIGNATURE_CHARS = 4096;
    private static final BigInteger UINT256_MAX = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

    /** {@code token:from:nonce}, lower case: one authorisation, whoever relays it. */
    String paymentKey(String token) {
        return (token + ":" + from + ":" + Numeric.toHexString(nonce)).toLowerCase(Locale.ROOT);
    }

    static ExactEvmPayload parse(Map<String, Object> payload) throws ExactRefusedException {
        if (payload == null) {
            throw invalid("the payload is missing");
        }
        if (payload.containsKey("permit2Authorization")) {
            throw new ExactRefusedException("unsupported_scheme", "only EIP-3009 authorisations are accepted, not Permit2");
        }
        if (!(payload.get("authorization") instanceof Map<?, ?> auth)) {
            throw invalid("payload.authorization must be an object");
        }
        if (payload.get("signature") instanceof String sig && sig.length() != 132 && sig.length() <= MAX_SIGNATURE_CHARS
                && sig.startsWith("0x")) {
            // ERC-1271 / ERC-6492 blobs of contract wallets: they prove nothing offline and the factory takes 65 bytes.
            throw new ExactRefusedException(INVALID_SIGNATURE, "only 65-byte EOA signatures are accepted");
        }
        byte[] signature = hex(payload.get("signature"), 65, "payload.signature");
        String from = address(auth.get("from"), "authorization.from");
        String to = address(auth.get("to"), "authorization.to");
        return new ExactEvmPayload(from, to, uint(auth.get("value"), "authorization.value"),
                uint(auth.get("validAfter"), "authorization.validAfter"),
                uint(auth.get("validBefore"), "authorization.validBefore"),
                hex(auth.get("nonce"), 32, "authorization.nonce"), signature);
    }

    private static String address(Object value, String field) throws ExactRefusedException {
        if (!(value instanceof String text) || text.length() != 42
                || !EvmAddresses.isValid(text.toLowerCase(Locale.ROOT))) {
            throw invalid(field + " must be a 0x address");
        }
        return EvmAddresses.checksummed(text);
    }

    private static BigInteger uint(Object value, String field) throws ExactRefusedException {
        String text = value instanceof String s ? s
                : value instanceof Integer || value instanceof Long || value instanceof BigInteger ? value.toString() : null;
        if (text == null || text.isEmpty() || text.length() > UINT256_DIGITS) {
            throw invalid(field + " must be a decimal string");
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                throw invalid(field + " must be a decimal string");
            }
        }
        BigInteger n = new BigInteger(text);
        if (n.compareTo(UINT256_MAX) > 0) {
            throw invalid(field + " exceeds uint256");
        }
        return n;
    }

    private static byte[] hex(Object value, int bytes, String field) throws ExactRefusedException {
        if (!(value instanceof String text) || text.length() != 2 + 2 * bytes || !text.startsWith("0x")) {
            throw invalid(field + " must be 0x and " + (2 * bytes) + " hex digits");
        }
        for (int i = 2; i < text.length(); i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                throw invalid(field + " must be hexadecimal");
            }
        }
        return Numeric.hexStringToByteArray(text);
    }

    private static ExactRefusedException invalid(String message) {
        return new ExactRefusedException(INVALID_PAYLOAD, message);
    }
}
