package dev.tollgate.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.evm.EvmNetworkConfig;
import dev.tollgate.chain.evm.EvmRail;
import dev.tollgate.chain.solana.SolanaNetworkConfig;
import dev.tollgate.chain.solana.SolanaRail;
import dev.tollgate.gateway.proof.SiwxPayload;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.p2p.solanaj.core.Account;
import org.web3j.crypto.Keys;

/**
 * The SIGN-IN-WITH-X header the client sends, read by the gateway's own parser ({@code SiwxPayload.fromHeader}):
 * the text the gateway rebuilds is exactly the text written out here by hand (SIWS / EIP-4361), and the signature
 * verifies with the rails' wallet-signature check the gateway uses. No I/O: the rails are never asked anything.
 */
class SiwxProofTest {
    private static final URI GATEWAY = URI.create("http://127.0.0.1:8000");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T00:00:00.750Z"), ZoneOffset.UTC);
    private static final String JOB = GoldenChallenges.JOB_ID;

    @Test
    void solanaHeaderIsTheSiwsMessageTheGatewayRebuildsAndVerifies() throws Exception {
        Account account = new Account();
        try (SolanaWallet wallet = SolanaWallet.fromKeypair(account.getSecretKey())) {
            SiwxProof proof = SiwxProof.forJob(wallet, GATEWAY, GoldenChallenges.SOLANA_NETWORK, JOB, CLOCK);
            String header = proof.headerValue(GatewayHttp.JSON);

            JsonNode json = GatewayHttp.JSON.readTree(Base64.getDecoder().decode(header));
            assertThat(iterable(json)).containsExactly("domain", "address", "uri", "version", "chainId", "type",
                    "nonce", "issuedAt", "expirationTime", "requestId", "signature");
            SiwxPayload parsed = SiwxPayload.fromHeader(header, GatewayHttp.JSON);
            String expected = "127.0.0.1:8000 wants you to sign in with your Solana account:\n"
                    + account.getPublicKeyBase58() + "\n\n"
                    + "URI: http://127.0.0.1:8000/v1/agent/jobs/" + JOB + "\n"
                    + "Version: 1\n"
                    + "Chain ID: EtWTRABZaYq6iMfeYKouRu166VU2xqa1\n"
                    + "Nonce: " + json.get("nonce").asText() + "\n"
                    + "Issued At: 2030-01-01T00:00:00Z\n"
                    + "Expiration Time: 2030-01-01T00:04:00Z\n"
                    + "Request ID: " + JOB;
            assertThat(parsed.message().text()).isEqualTo(expected);
            assertThat(parsed.type()).isEqualTo("ed25519");
            assertThat(parsed.nonce()).matches("[A-Za-z0-9]{24}");
            SolanaRail rail = new SolanaRail(new SolanaNetworkConfig(NetworkId.of(GoldenChallenges.SOLANA_NETWORK),
                    URI.create("http://127.0.0.1:1"), null, Duration.ofSeconds(1)));
            assertThat(rail.verifyWalletSignature(parsed.address(), expected, parsed.signature())).isTrue();
            assertThat(rail.verifyWalletSignature(parsed.address(), expected + " ", parsed.signature())).isFalse();
        }
    }

    @Test
    void evmHeaderIsTheSiweMessageTheGatewayRebuildsAndVerifies() throws Exception {
        try (EvmWallet wallet = EvmWallet.fromHex("0x" + "11".repeat(32))) {
            String network = "eip155:80002";
            SiwxProof proof = SiwxProof.forJob(wallet, GATEWAY, network, JOB, CLOCK);
            SiwxPayload parsed = SiwxPayload.fromHeader(proof.headerValue(GatewayHttp.JSON), GatewayHttp.JSON);

            String expected = "127.0.0.1:8000 wants you to sign in with your Ethereum account:\n"
                    + wallet.address() + "\n\n\n"
                    + "URI: http://127.0.0.1:8000/v1/agent/jobs/" + JOB + "\n"
                    + "Version: 1\n"
                    + "Chain ID: 80002\n"
                    + "Nonce: " + parsed.nonce() + "\n"
                    + "Issued At: 2030-01-01T00:00:00Z\n"
                    + "Expiration Time: 2030-01-01T00:04:00Z\n"
                    + "Request ID: " + JOB;
            assertThat(parsed.message().text()).isEqualTo(expected);
            assertThat(parsed.type()).isEqualTo("eip191");
            assertThat(parsed.address()).isEqualTo(Keys.toChecksumAddress(parsed.address()));
            try (EvmRail rail = new EvmRail(new EvmNetworkConfig(NetworkId.of(network), 80002,
                    URI.create("http://127.0.0.1:1"), GoldenChallenges.SPLITTER, EvmNetworkConfig.POL, Map.of(), 1,
                    false, Duration.ofSeconds(1), null))) {
                assertThat(rail.verifyWalletSignature(parsed.address(), expected, parsed.signature())).isTrue();
                assertThat(rail.verifyWalletSignature(GoldenChallenges.POLYGON_AGENT, expected, parsed.signature()))
                        .isFalse();
            }
        }
    }

    @Test
    void signsExactlyTheInfoTheGatewayAskedFor() {
        JsonNode info = GatewayHttp.JSON.valueToTree(Map.of("domain", "127.0.0.1:8000",
                "uri", "http://127.0.0.1:8000/v1/agent/jobs/" + JOB, "statement", "Collect the output of job " + JOB,
                "version", "1", "chainId", GoldenChallenges.SOLANA_NETWORK, "type", "ed25519",
                "nonce", "abcdEFGH12345678", "issuedAt", "2030-01-01T00:00:00Z",
                "expirationTime", "2030-01-01T00:05:00Z", "requestId", JOB));
        try (SolanaWallet wallet = SolanaWallet.fromKeypair(new Account().getSecretKey())) {
            SiwxProof proof = SiwxProof.signInfo(wallet, info, GoldenChallenges.SOLANA_NETWORK);

            Map<String, Object> payload = proof.payload();
            assertThat(payload).containsEntry("nonce", "abcdEFGH12345678")
                    .containsEntry("statement", "Collect the output of job " + JOB)
                    .containsEntry("address", wallet.address());
            SiwxPayload parsed = SiwxPayload.parse(GatewayHttp.JSON.valueToTree(payload));
            assertThat(parsed.message().text()).contains("\n\nCollect the output of job " + JOB + "\n\nURI: ");
            assertThat(parsed.message().text()).isEqualTo(proof.message().text());
        }
    }

    @Test
    void eachProofHasAFreshNonce() {
        try (EvmWallet wallet = EvmWallet.fromHex("22".repeat(32))) {
            String a = SiwxProof.forJob(wallet, GATEWAY, "eip155:1", JOB, CLOCK).message().nonce();
            String b = SiwxProof.forJob(wallet, GATEWAY, "eip155:1", JOB, CLOCK).message().nonce();
            assertThat(a).isNotEqualTo(b);
        }
    }

    private static java.util.List<String> iterable(JsonNode json) {
        java.util.List<String> names = new java.util.ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
