package dev.tollgate.gateway.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The signed text must be byte for byte what the x402 sign-in-with-x client builds (EIP-4361 / SIWS). */
class SiwxMessageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SiwxPayload payload(String chainId, String address, String statement, List<String> resources) {
        return new SiwxPayload("gw.example:8443", address, statement, "https://gw.example:8443/v1/agent/jobs/j1", "1",
                chainId, chainId.startsWith("eip155") ? "eip191" : "ed25519", "abcDEF123", "2026-12-01T10:00:00Z",
                "2026-12-01T10:05:00Z", null, "j1", resources, null, "sig");
    }

    @Test
    void siweWithoutStatementHasTwoBlankLinesAsEip4361Says() {
        String text = payload("eip155:137", "0xAbC0000000000000000000000000000000000001", null, null).message().text();
        assertThat(text).isEqualTo("""
                gw.example:8443 wants you to sign in with your Ethereum account:
                0xAbC0000000000000000000000000000000000001


                URI: https://gw.example:8443/v1/agent/jobs/j1
                Version: 1
                Chain ID: 137
                Nonce: abcDEF123
                Issued At: 2026-12-01T10:00:00Z
                Expiration Time: 2026-12-01T10:05:00Z
                Request ID: j1""");
    }

    @Test
    void siweWithStatementAndResources() {
        String text = payload("eip155:80002", "0xAbC0000000000000000000000000000000000001",
                "Collect job j1", List.of("urn:a", "https://b")).message().text();
        assertThat(text).isEqualTo("""
                gw.example:8443 wants you to sign in with your Ethereum account:
                0xAbC0000000000000000000000000000000000001

                Collect job j1

                URI: https://gw.example:8443/v1/agent/jobs/j1
                Version: 1
                Chain ID: 80002
                Nonce: abcDEF123
                Issued At: 2026-12-01T10:00:00Z
                Expiration Time: 2026-12-01T10:05:00Z
                Request ID: j1
                Resources:
                - urn:a
                - https://b""");
    }

    /**
     * The expected text is what the stock code printed ({@code createSIWxMessage} of {@code @x402/extensions} 2.27.0
     * over {@code @signinwithethereum/siwe} 4.2.1) for this address in lower case: it writes EIP-55.
     */
    private static final String STOCK_TEXT_FOR_LOWER_CASE = """
            gw.example:8443 wants you to sign in with your Ethereum account:
            0x2c7536E3605D9C16a7a3D7b1898e529396a65c23


            URI: https://gw.example:8443/v1/agent/trade
            Version: 1
            Chain ID: 137
            Nonce: abcDEF123456
            Issued At: 2026-12-01T10:00:00Z
            Expiration Time: 2026-12-01T10:05:00Z
            Resources:
            - https://gw.example:8443/v1/agent/trade""";

    private static String stockShapedText(String address) {
        return new SiwxPayload("gw.example:8443", address, null, "https://gw.example:8443/v1/agent/trade", "1",
                "eip155:137", "eip191", "abcDEF123456", "2026-12-01T10:00:00Z", "2026-12-01T10:05:00Z", null, null,
                List.of("https://gw.example:8443/v1/agent/trade"), null, "sig").message().text();
    }

    @Test
    void siweWritesAnAddressSpelledInOneCaseInItsEip55FormAsTheStockLibraryDoes() {
        assertThat(stockShapedText("0x2c7536e3605d9c16a7a3d7b1898e529396a65c23")).isEqualTo(STOCK_TEXT_FOR_LOWER_CASE);
        assertThat(stockShapedText("0x2C7536E3605D9C16A7A3D7B1898E529396A65C23")).isEqualTo(STOCK_TEXT_FOR_LOWER_CASE);
        assertThat(stockShapedText("0x2c7536E3605D9C16a7a3D7b1898e529396a65c23")).isEqualTo(STOCK_TEXT_FOR_LOWER_CASE);
    }

    @Test
    void siweKeepsAMixedCaseSpellingAndSolanaAddressesAsGiven() {
        // a wrong checksum is not repaired: the stock library refuses it, and so does the rail's address check
        assertThat(stockShapedText("0x2C7536e3605D9C16a7a3D7b1898e529396a65c23"))
                .contains("\n0x2C7536e3605D9C16a7a3D7b1898e529396a65c23\n");
        String siws = payload("solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1",
                "9xqewvg816bux9epjhmat23yvvm2zwbrrpzb9pusvfin", null, null).message().text();
        assertThat(siws).contains("\n9xqewvg816bux9epjhmat23yvvm2zwbrrpzb9pusvfin\n");
    }

    @Test
    void siwsUsesTheGenesisReferenceAsChainId() {
        String text = payload("solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1",
                "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin", null, null).message().text();
        assertThat(text).isEqualTo("""
                gw.example:8443 wants you to sign in with your Solana account:
                9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin

                URI: https://gw.example:8443/v1/agent/jobs/j1
                Version: 1
                Chain ID: EtWTRABZaYq6iMfeYKouRu166VU2xqa1
                Nonce: abcDEF123
                Issued At: 2026-12-01T10:00:00Z
                Expiration Time: 2026-12-01T10:05:00Z
                Request ID: j1""");
    }

    @Test
    void theHeaderIsSizeCheckedBeforeDecoding() {
        assertThatThrownBy(() -> SiwxPayload.fromHeader("A".repeat(SiwxPayload.MAX_HEADER_CHARS + 1), JSON))
                .isInstanceOf(dev.tollgate.gateway.core.Refusal.class).hasMessageContaining("at most");
        assertThatThrownBy(() -> SiwxPayload.fromHeader("not base64!", JSON)).isInstanceOf(dev.tollgate.gateway.core.Refusal.class);
        String json = "{\"domain\":\"d\",\"address\":\"a\",\"uri\":\"https://d\",\"version\":\"1\",\"chainId\":\"eip155:1\","
                + "\"type\":\"eip191\",\"nonce\":\"abcdefgh\",\"issuedAt\":\"2026-12-01T10:00:00Z\",\"signature\":\"0x1\"}";
        SiwxPayload parsed = SiwxPayload.fromHeader(Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)), JSON);
        assertThat(parsed.chainId()).isEqualTo("eip155:1");
        String longNonce = json.replace("abcdefgh", "n".repeat(129));
        assertThatThrownBy(() -> SiwxPayload.fromHeader(Base64.getEncoder().encodeToString(
                longNonce.getBytes(StandardCharsets.UTF_8)), JSON)).isInstanceOf(dev.tollgate.gateway.core.Refusal.class)
                .hasMessageContaining("nonce");
    }
}
