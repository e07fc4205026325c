package dev.tollgate.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.gateway.support.GatewayProcess;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's x402 example, run as the README shows it: {@code ./tollgate dev} (here {@link DevApplication} in its
 * own JVM, as the script starts it), then {@code node interop/examples/x402-pay.mjs solana|polygon} from the same
 * directory: the stock {@code @x402/fetch} client pays a dev trade in USDC on both local rails with the demo payer's
 * keys from {@code .tollgate/dev.json}. Checked on the answer's headers and, on EVM, on chain.
 */
class X402ExampleOnDevTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workDir;

    @Test
    void theStockFetchClientPaysADevTradeOnBothRailsAsTheReadmeShows() throws Exception {
        Path repo = Path.of(System.getProperty("tollgate.repo.root", "..")).toAbsolutePath().normalize();
        Files.createSymbolicLink(workDir.resolve("interop"), repo.resolve("interop"));
        try (GatewayProcess dev = GatewayProcess.startMain(DevApplication.class.getName(), workDir,
                Map.of("TOLLGATE_PORT", "0"))) {
            dev.awaitLine(l -> l.startsWith(" Ctrl-C stops"), Duration.ofMinutes(4));
            JsonNode info = JSON.readTree(workDir.resolve(".tollgate/dev.json").toFile());

            JsonNode solana = run("node interop/examples/x402-pay.mjs solana");
            assertPaid(solana, info.path("solana_network").asText(), info.path("payer").path("solana_pubkey").asText());

            BigInteger agentBefore = usdc(info, info.path("agent_treasury").path("evm").asText());
            JsonNode polygon = run("node interop/examples/x402-pay.mjs polygon");
            assertPaid(polygon, info.path("evm_network").asText(), info.path("payer").path("evm_address").asText());
            assertThat(usdc(info, info.path("agent_treasury").path("evm").asText())).isGreaterThan(agentBefore);
        }
    }

    private static void assertPaid(JsonNode out, String network, String payer) {
        assertThat(out.path("status").asInt()).as(out.toString()).isEqualTo(200);
        assertThat(out.path("agent_output").asText()).contains("[demo]");
        JsonNode payment = out.path("payment");
        assertThat(payment.path("success").asBoolean()).as(out.toString()).isTrue();
        assertThat(payment.path("network").asText()).isEqualTo(network);
        assertThat(payment.path("payer").asText()).isEqualToIgnoringCase(payer);
        assertThat(payment.path("transaction").asText()).isNotBlank();
    }

    private JsonNode run(String command) throws Exception {
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        Process process = new ProcessBuilder("bash", "-c", command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("finished: " + command).isTrue();
        assertThat(process.exitValue()).as(Files.readString(err, StandardCharsets.UTF_8)).isZero();
        return JSON.readTree(Files.readString(out, StandardCharsets.UTF_8));
    }

    /** USDC balance on the dev EVM chain: {@code balanceOf(owner)} by eth_call. */
    private static BigInteger usdc(JsonNode info, String owner) throws Exception {
        String data = "0x70a08231" + "0".repeat(24) + owner.substring(2).toLowerCase(java.util.Locale.ROOT);
        String body = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "method", "eth_call",
                "params", java.util.List.of(Map.of("to", info.path("evm_usdc").asText(), "data", data), "latest")));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(info.path("evm_rpc_url").asText())).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new BigInteger(JSON.readTree(r.body()).path("result").asText().substring(2), 16);
    }
}
