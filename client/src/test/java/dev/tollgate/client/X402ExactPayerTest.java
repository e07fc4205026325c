package dev.tollgate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.chain.evm.Eip3009;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * The x402 {@code exact} EVM payload the Java client signs, against /work/shared/spec/x402.md §1.5, §2.1 and §2.2:
 * the spec's viem-computed test vector reproduced byte for byte, the envelope's fields and wire order, the
 * authorisation's decimal strings and window, and the requirements it refuses to sign. No I/O.
 */
class X402ExactPayerTest {
    /** anvil key #0 (spec §2.2 test vector). */
    private static final String ANVIL_KEY_0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    private static final String TOKEN = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    private static final String PAY_TO = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static ObjectNode accept(String network, String amount) {
        ObjectNode a = GatewayHttp.JSON.createObjectNode();
        a.put("scheme", "exact");
        a.put("network", network);
        a.put("amount", amount);
        a.put("asset", TOKEN);
        a.put("payTo", PAY_TO.toLowerCase());
        a.put("maxTimeoutSeconds", 60);
        ObjectNode extra = a.putObject("extra");
        extra.put("name", "USD Coin");
        extra.put("version", "2");
        extra.put("tollgateJobId", "7a0f3c4e-2a8b-4b8e-9e51-6f0f0b7c2d11");
        return a;
    }

    private static JsonNode paymentRequired(JsonNode accept) {
        ObjectNode pr = GatewayHttp.JSON.createObjectNode();
        pr.put("x402Version", 2);
        pr.put("error", "payment_required");
        ObjectNode resource = pr.putObject("resource");
        resource.put("url", "http://127.0.0.1:9000/v1/quote");
        resource.put("mimeType", "application/json");
        pr.putArray("accepts").add(accept);
        return pr;
    }

    @Test
    void theSpecsTestVectorIsSignedByteForByte() {
        byte[] nonce = new byte[32];
        Arrays.fill(nonce, (byte) 0x11);
        try (EvmWallet wallet = EvmWallet.fromHex(ANVIL_KEY_0)) {
            Map<String, Object> payload = X402ExactPayer.evmPayload(wallet, accept("eip155:31337", "10000"),
                    BigInteger.valueOf(1_900_000_000L), nonce);

            assertThat(payload.get("signature")).isEqualTo("0xfc77b6812495556407ac1bbbb7353bf466ecff8c2d06853c421256d60f"
                    + "e84df610a70312560b5d7500008b90fc3d3ddd2b74570e244a7e698f45ac53b1ad21d31b");
        }
        assertThat(Numeric.toHexString(Eip3009.domainSeparator("USD Coin", "2", 31337, TOKEN)))
                .isEqualTo("0xfc557a58e1177dd0b729c40130003009d1ffed5a502b494889e2711c7726dd52");
    }

    @Test
    void theHeaderIsStandardBase64OfTheV2EnvelopeInTheStockClientsOrder() throws Exception {
        ObjectNode accept = accept("eip155:137", "25000");
        JsonNode required = paymentRequired(accept);
        X402ExactPayer payer = new X402ExactPayer(Map.of(), Duration.ofSeconds(1), CLOCK);
        try (EvmWallet wallet = EvmWallet.fromHex(ANVIL_KEY_0)) {
            String header = payer.paymentSignature(wallet, required, accept);

            assertThat(header).matches("^[A-Za-z0-9+/]*={0,2}$");
            JsonNode envelope = GatewayHttp.JSON.readTree(new String(Base64.getDecoder().decode(header),
                    StandardCharsets.UTF_8));
            List<String> fields = new ArrayList<>();
            envelope.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactly("x402Version", "payload", "resource", "accepted");
            assertThat(envelope.path("x402Version").asInt()).isEqualTo(2);
            assertThat(envelope.path("accepted").toString()).isEqualTo(accept.toString()); // verbatim, job reference included
            assertThat(envelope.path("resource").toString()).isEqualTo(required.path("resource").toString());

            JsonNode auth = envelope.path("payload").path("authorization");
            List<String> authFields = new ArrayList<>();
            auth.fieldNames().forEachRemaining(authFields::add);
            assertThat(authFields).containsExactly("from", "to", "value", "validAfter", "validBefore", "nonce");
            assertThat(auth.path("from").asText()).isEqualTo(wallet.address());
            assertThat(auth.path("to").asText()).isEqualTo(PAY_TO); // EIP-55, as getAddress(payTo)
            assertThat(auth.path("value").isTextual()).isTrue();
            assertThat(auth.path("value").asText()).isEqualTo("25000");
            assertThat(auth.path("validAfter").asText()).isEqualTo("0");
            assertThat(auth.path("validBefore").asText()).isEqualTo(Long.toString(NOW.getEpochSecond() + 60));
            assertThat(auth.path("nonce").asText()).matches("0x[0-9a-f]{64}");
            String signature = envelope.path("payload").path("signature").asText();
            assertThat(signature).matches("0x[0-9a-f]{130}");

            byte[] digest = Eip3009.digest(Eip3009.domainSeparator("USD Coin", "2", 137, TOKEN), Eip3009.TRANSFER,
                    new Eip3009.Authorization(wallet.address(), PAY_TO, BigInteger.valueOf(25_000), BigInteger.ZERO,
                            BigInteger.valueOf(NOW.getEpochSecond() + 60),
                            Numeric.hexStringToByteArray(auth.path("nonce").asText())));
            byte[] sig = Numeric.hexStringToByteArray(signature);
            assertThat(sig[64]).isIn((byte) 27, (byte) 28);
            String signer = "0x" + Keys.getAddress(Sign.signedMessageHashToKey(digest, new Sign.SignatureData(sig[64],
                    Arrays.copyOfRange(sig, 0, 32), Arrays.copyOfRange(sig, 32, 64))));
            assertThat(signer).isEqualToIgnoringCase(wallet.address());
        }
    }

    @Test
    void twoPaymentsOfOneRequirementHaveDifferentNonces() throws Exception {
        ObjectNode accept = accept("eip155:137", "25000");
        X402ExactPayer payer = new X402ExactPayer(Map.of(), Duration.ofSeconds(1), CLOCK);
        try (EvmWallet wallet = EvmWallet.fromHex(ANVIL_KEY_0)) {
            String a = payer.paymentSignature(wallet, paymentRequired(accept), accept);
            String b = payer.paymentSignature(wallet, paymentRequired(accept), accept);
            assertThat(nonceOf(a)).isNotEqualTo(nonceOf(b));
        }
    }

    private static String nonceOf(String header) throws Exception {
        return GatewayHttp.JSON.readTree(Base64.getDecoder().decode(header)).path("payload").path("authorization")
                .path("nonce").asText();
    }

    @Test
    void whatIsNotAnEip3009ExactRequirementOnTheWalletsChainIsNotSigned() {
        X402ExactPayer payer = new X402ExactPayer(Map.of(), Duration.ofSeconds(1), CLOCK);
        try (EvmWallet wallet = EvmWallet.fromHex(ANVIL_KEY_0)) {
            ObjectNode upto = accept("eip155:137", "1");
            upto.put("scheme", "upto");
            ObjectNode permit2 = accept("eip155:137", "1");
            ((ObjectNode) permit2.get("extra")).put("assetTransferMethod", "permit2");
            ObjectNode noDomain = accept("eip155:137", "1");
            ((ObjectNode) noDomain.get("extra")).remove("name");
            ObjectNode solana = accept("solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1", "1");
            ObjectNode zero = accept("eip155:137", "0");
            ObjectNode decimal = accept("eip155:137", "1.5");
            ObjectNode badPayTo = accept("eip155:137", "1");
            badPayTo.put("payTo", "0x1234");
            ObjectNode longWindow = accept("eip155:137", "1");
            longWindow.put("maxTimeoutSeconds", 10_000_000);
            for (ObjectNode bad : List.of(upto, permit2, noDomain, solana, zero, decimal, badPayTo, longWindow)) {
                assertThatThrownBy(() -> payer.paymentSignature(wallet, paymentRequired(bad), bad))
                        .as(bad.toString()).isInstanceOf(IllegalArgumentException.class);
            }
        }
    }
}
