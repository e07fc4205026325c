package dev.tollgate.chain.evm;

import dev.tollgate.chain.support.StockX402Scripts;
import dev.tollgate.chain.x402.ExactRequirement;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/** x402 {@code exact} EVM payloads for tests: as a wallet signs them, or as the stock {@code @x402/evm} client does. */
final class ExactEvmPayloads {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ExactEvmPayloads() {
    }

    /**
     * TransferWithAuthorization in {@code token}'s domain ("USD Coin", "2") signed by {@code key}, with a random
     * nonce; {@code from} is what the authorisation claims ({@code null}: the signer).
     */
    static Map<String, Object> signed(String key, String from, String to, BigInteger value, long validAfter,
                                      long validBefore, String token) {
        Credentials signer = Credentials.create(key);
        String claimed = from == null ? signer.getAddress() : from;
        byte[] nonce = new byte[32];
        RANDOM.nextBytes(nonce);
        byte[] digest = Eip3009.digest(Eip3009.domainSeparator("USD Coin", "2", EvmTestChain.CHAIN_ID, token),
                Eip3009.TRANSFER, new Eip3009.Authorization(claimed, to, value, BigInteger.valueOf(validAfter),
                        BigInteger.valueOf(validBefore), nonce));
        Sign.SignatureData sig = Sign.signMessage(digest, signer.getEcKeyPair(), false);
        byte[] bytes = new byte[65];
        System.arraycopy(sig.getR(), 0, bytes, 0, 32);
        System.arraycopy(sig.getS(), 0, bytes, 32, 32);
        bytes[64] = sig.getV()[0];
        Map<String, Object> auth = new LinkedHashMap<>();
        auth.put("from", claimed);
        auth.put("to", to);
        auth.put("value", value.toString());
        auth.put("validAfter", Long.toString(validAfter));
        auth.put("validBefore", Long.toString(validBefore));
        auth.put("nonce", Numeric.toHexString(nonce));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("authorization", auth);
        payload.put("signature", Numeric.toHexString(bytes));
        return payload;
    }

    /** The PaymentPayload the stock {@code @x402/evm} 2.27 client signs for {@code req} ({@code x402-evm/sign-exact.mjs}). */
    static Map<String, Object> stockClientPayload(ExactRequirement req, String payerKey) throws Exception {
        return StockX402Scripts.runForJson("x402-evm/sign-exact.mjs", Map.of(
                "X402_REQUIREMENTS", new com.fasterxml.jackson.databind.ObjectMapper()
                        .writeValueAsString(StockX402Scripts.requirementsOf(req)),
                "EVM_PAYER_KEY", payerKey));
    }
}
