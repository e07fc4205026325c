package dev.tollgate.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.solana.SolanaNetworkConfig;
import dev.tollgate.chain.solana.SolanaRail;
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
 * keys from {@code .tollgate/dev.json}. Checked on the answer's headers and on chain: the payer lost the total, the
 * agent got net and the fee treasury floor(total * 500 / 10000) (dev's 5%), on Solana once the sweeper moved it.
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

            paysOnSolana(info);
            paysOnEvm(info);
        }
    }

    /** dev's 5% fee: the settlement wallet gets the total; the sweeper (every 5 s) moves net and fee on. */
    private void paysOnSolana(JsonNode info) throws Exception {
        SolanaRail sol = new SolanaRail(new SolanaNetworkConfig(NetworkId.of(info.path("solana_network").asText()),
                URI.create(info.path("solana_rpc_url").asText()),
                SolanaNetworkConfig.usdcMint(info.path("usdc_mint").asText()), Duration.ofSeconds(10)));
        ChainAsset usdc = sol.assets().get("USDC");
        String payer = info.path("payer").path("solana_pubkey").asText();
        String agent = info.path("agent_treasury").path("solana").asText();
        String fee = info.path("fee_treasury").path("solana").asText();
        BigInteger payerBefore = sol.balanceOf(payer, usdc);
        BigInteger agentBefore = sol.balanceOf(agent, usdc);
        BigInteger feeBefore = sol.balanceOf(fee, usdc);

        JsonNode out = run("node interop/examples/x402-pay.mjs solana");

        assertPaid(out, info.path("solana_network").asText(), payer);
        BigInteger total = payerBefore.subtract(sol.balanceOf(payer, usdc));
        assertThat(total).isPositive();
        BigInteger expectedFee = feeOf(total);
        awaitTrue(() -> sol.balanceOf(agent, usdc).subtract(agentBefore).equals(total.subtract(expectedFee))
                && sol.balanceOf(fee, usdc).subtract(feeBefore).equals(expectedFee), Duration.ofSeconds(60));
    }

    /** The SplitVaultFactory splits in the settling transaction itself. */
    private void paysOnEvm(JsonNode info) throws Exception {
        String payer = info.path("payer").path("evm_address").asText();
        String agent = info.path("agent_treasury").path("evm").asText();
        String fee = info.path("fee_treasury").path("evm").asText();
        BigInteger payerBefore = usdc(info, payer);
        BigInteger agentBefore = usdc(info, agent);
        BigInteger feeBefore = usdc(info, fee);

        JsonNode out = run("node interop/examples/x402-pay.mjs polygon");

        assertPaid(out, info.path("evm_network").asText(), payer);
        BigInteger total = payerBefore.subtract(usdc(info, payer));
        assertThat(total).isPositive();
        assertThat(usdc(info, agent).subtract(agentBefore)).isEqualTo(total.subtract(feeOf(total)));
        assertThat(usdc(info, fee).subtract(feeBefore)).isEqualTo(feeOf(total));
    }

    /** floor(total * bps / 10000) at dev's default 5% (SETTLEMENT_FEE_PERCENT 0.05). */
    private static BigInteger feeOf(BigInteger total) {
        return total.multiply(BigInteger.valueOf(500)).divide(BigInteger.valueOf(10_000));
    }

    /** Polls {@code condition} (balances on a chain) until it holds; fails after {@code limit}. */
    private static void awaitTrue(java.util.function.BooleanSupplier condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("condition reached within " + limit).isNegative();
            Thread.sleep(200);
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
