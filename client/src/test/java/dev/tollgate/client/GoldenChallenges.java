package dev.tollgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The gateway's golden 402 bodies (gateway/src/test/resources/golden), with the normaliser's placeholders put back
 * to real-looking values: what the gateway really sends, key order and number text included.
 */
final class GoldenChallenges {
    static final String JOB_ID = "3f1c2a9e-7b4d-4c1e-9a2f-5d6e7f8a9b0c";
    static final String SOLANA_NETWORK = "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1";
    static final String SOLANA_AGENT = "7XsEJ2uK6N7v3nq6c6hWRkFz7Yj4vZ6m3kCq8p9X1aBc";
    static final String SOLANA_FEE = "9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM";
    static final String SOLANA_USDC = "4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU";
    static final String POLYGON_AGENT = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    static final String POLYGON_FEE = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
    static final String POLYGON_USDC = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    static final String SPLITTER = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
    static final long DEADLINE = 1_893_456_000L;

    private GoldenChallenges() {
    }

    static JsonNode body(String file) {
        Path path = Path.of(System.getProperty("tollgate.repo.root", ".."), "gateway", "src", "test", "resources",
                "golden", file);
        String text;
        try {
            text = Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> values = Map.ofEntries(
                Map.entry("\"<number:deadline>\"", Long.toString(DEADLINE)),
                Map.entry("<job_id>", JOB_ID),
                Map.entry("<solana_network>", SOLANA_NETWORK),
                Map.entry("<solana_agent_treasury>", SOLANA_AGENT),
                Map.entry("<solana_fee_treasury>", SOLANA_FEE),
                Map.entry("<solana_usdc_mint>", SOLANA_USDC),
                Map.entry("<polygon_agent_treasury>", POLYGON_AGENT),
                Map.entry("<polygon_fee_treasury>", POLYGON_FEE),
                Map.entry("<polygon_usdc>", POLYGON_USDC),
                Map.entry("<splitter>", SPLITTER),
                Map.entry("<timestamp>", "2030-01-01T00:10:00Z"),
                Map.entry("<job_ref>", "0x" + "ab".repeat(32)));
        for (var e : values.entrySet()) {
            text = text.replace(e.getKey(), e.getValue());
        }
        try {
            return GatewayHttp.JSON.readTree(text).get("body");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
