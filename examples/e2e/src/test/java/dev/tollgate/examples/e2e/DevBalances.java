package dev.tollgate.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.solana.SolanaNetworkConfig;
import dev.tollgate.chain.solana.SolanaRail;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** USDC balances on the dev stack's two local chains, read from the chains themselves (dev.json names them). */
final class DevBalances {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonNode dev;
    private final SolanaRail solana;
    private final ChainAsset solanaUsdc;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    DevBalances(JsonNode dev) {
        this.dev = dev;
        this.solana = new SolanaRail(new SolanaNetworkConfig(NetworkId.of(dev.path("solana_network").asText()),
                URI.create(dev.path("solana_rpc_url").asText()),
                SolanaNetworkConfig.usdcMint(dev.path("usdc_mint").asText()), Duration.ofSeconds(10)));
        this.solanaUsdc = solana.assets().get("USDC");
    }

    /** The payer's, the payee's (agent treasury) and the fee recipient's USDC on one rail, now. */
    record Snapshot(BigInteger payer, BigInteger payee, BigInteger fee) {
    }

    Snapshot solana(String payer) {
        return new Snapshot(solanaUsdc(payer), solanaUsdc(dev.path("agent_treasury").path("solana").asText()),
                solanaUsdc(dev.path("fee_treasury").path("solana").asText()));
    }

    Snapshot evm(String payer) {
        return new Snapshot(evmUsdc(payer), evmUsdc(dev.path("agent_treasury").path("evm").asText()),
                evmUsdc(dev.path("fee_treasury").path("evm").asText()));
    }

    BigInteger solanaUsdc(String owner) {
        return solana.balanceOf(owner, solanaUsdc);
    }

    /** {@code balanceOf(owner)} of dev's EVM USDC by eth_call. */
    BigInteger evmUsdc(String owner) {
        String data = "0x70a08231" + "0".repeat(24) + owner.substring(2).toLowerCase(Locale.ROOT);
        try {
            String body = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "method", "eth_call",
                    "params", List.of(Map.of("to", dev.path("evm_usdc").asText(), "data", data), "latest")));
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(dev.path("evm_rpc_url").asText()))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            return new BigInteger(JSON.readTree(r.body()).path("result").asText().substring(2), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
