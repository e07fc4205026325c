package dev.tollgate.chain.evm;

import dev.tollgate.chain.x402.ExactRefusedException;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import org.web3j.utils.Numeric;

/**
 * The scheme payload of x402's {@code upto} on EVM ({@code PaymentPayload.payload}): {@code {signature: "0x" 65
 * bytes, permit2Authorization: {from, permitted: {token, amount}, spender, nonce, deadline, witness: {to,
 * facilitator, validAfter}}}}, numbers as decimal strings. Every field's form and length is checked before it is
 * decoded; anything else is x402's {@code unsupported_payload_type} (or {@code invalid_permit2_signature} for
 * signatures that are not 65-byte EOA signatures).
 */
record UptoEvmPayload(String from, String token, BigInteger permittedAmount, String spender, BigInteger nonce,
                      BigInteger deadline, String to, String facilitator, BigInteger validAfter, byte[] signature) {
    static final String UNSUPPORTED = "unsupported_payload_type";
    static final String INVALID_SIGNATURE = "invalid_permit2_signature";
    private static final int UINT256_DIGITS = 78;
    private static final BigInteger UINT256_MAX = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

    /** {@code permit2:<from>:<nonce>}, lower case: one Permit2 nonce of one owner pays once, whoever settles it. */
    String paymentKey() {
        return ("permit2:" + from + ":" + nonce).toLowerCase(Locale.ROOT);
    }

    static UptoEvmPayload parse(Map<String, Object> payload) throws ExactRefusedException {
        if (payload == null || !(payload.get("permit2Authorization") instanceof Map<?, ?> auth)) {
            throw unsupported("payload.permit2Authorization must be an object");
        }
        if (!(auth.get("permitted") instanceof Map<?, ?> permitted)) {
            throw unsupported("permit2Authorization.permitted must be an object");
        }
        if (!(auth.get("witness") instanceof Map<?, ?> witness)) {
            throw unsupported("permit2Authorization.witness must be an object");
        }
        if (!(payload.get("signature") instanceof String sig) || sig.length() > 4096) {
            throw unsupported("payload.signature must be a string");
        }
        if (sig.length() != 132 || !sig.startsWith("0x")) {
            // ERC-1271 / ERC-6492 blobs of contract wallets prove nothing offline: only EOA signatures are taken.
            throw new ExactRefusedException(INVALID_SIGNATURE, "only 65-byte EOA signatures are accepted");
        }
        return new UptoEvmPayload(address(auth.get("from"), "from"), address(permitted.get("token"), "permitted.token"),
                uint(permitted.get("amount"), "permitted.amount"), address(auth.get("spender"), "spender"),
                uint(auth.get("nonce"), "nonce"), uint(auth.get("deadline"), "deadline"),
                address(witness.get("to"), "witness.to"), address(witness.get("facilitator"), "witness.facilitator"),
                uint(witness.get("validAfter"), "witness.validAfter"), hex65(sig));
    }

    private static String address(Object value, String field) throws ExactRefusedException {
        if (!(value instanceof String text) || text.length() != 42
                || !EvmAddresses.isValid(text.toLowerCase(Locale.ROOT))) {
            throw unsupported("permit2Authorization." + field + " must be a 0x address");
        }
        return EvmAddresses.checksummed(text);
    }

    private static BigInteger uint(Object value, String field) throws ExactRefusedException {
        String text = value instanceof String s ? s
                : value instanceof Integer || value instanceof Long || value instanceof BigInteger ? value.toString() : null;
        if (text == null || text.isEmpty() || text.length() > UINT256_DIGITS) {
            throw unsupported("permit2Authorization." + field + " must be a decimal string");
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                throw unsupported("permit2Authorization." + field + " must be a decimal string");
            }
        }
        BigInteger n = new BigInteger(text);
        if (n.compareTo(UINT256_MAX) > 0) {
            throw unsupported("permit2Authorization." + field + " exceeds uint256");
        }
        return n;
    }

    private static byte[] hex65(String text) throws ExactRefusedException {
        for (int i = 2; i < text.length(); i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                throw new ExactRefusedException(INVALID_SIGNATURE, "payload.signature must be hexadecimal");
            }
        }
        return Numeric.hexStringToByteArray(text);
    }

    private static ExactRefusedException unsupported(String message) {
        return new ExactRefusedException(UNSUPPORTED, message);
    }
}
