package dev.tollgate.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tollgate.client.Challenge;
import dev.tollgate.client.EvmWallet;
import dev.tollgate.client.RailLocalPayer;
import dev.tollgate.client.SolanaWallet;
import dev.tollgate.client.Wallet;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The dev payer as a non-custodial buyer: its wallets (play-money keys from dev.json, held in this process only) and
 * the Java client's {@link RailLocalPayer}, which signs and broadcasts with chain-adapters' offline signers against
 * the local nodes. Trades are made here too, untimed: the scenarios time only the settle request.
 */
final class PayerSide implements AutoCloseable {
    /** Amounts as the client reads them: {@code amount_<tok>}'s scale is the token's decimals (no double, no zeros stripped). */
    static final ObjectMapper EXACT = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS).build();

    final SolanaWallet solana;
    final EvmWallet evm;
    final RailLocalPayer payer;
    final String solanaRpc;
    final String evmRpc;
    /** The dev payer's Solana key as dev.json has it (base58 of 64 bytes), for the sponsored signer. */
    final String solanaSecret;
    private final GatewayProcess gateway;
    private final Http http;

    PayerSide(GatewayProcess gateway, Http http) {
        this.gateway = gateway;
        this.http = http;
        JsonNode dev = gateway.dev();
        this.solanaSecret = dev.path("payer").path("solana_secret_key").asText();
        this.solana = SolanaWallet.fromBase58(solanaSecret);
        this.evm = EvmWallet.fromHex(dev.path("payer").path("evm_private_key").asText());
        this.solanaRpc = dev.path("solana_rpc_url").asText();
        this.evmRpc = dev.path("evm_rpc_url").asText();
        this.payer = new RailLocalPayer(Map.of(dev.path("solana_network").asText(), URI.create(solanaRpc),
                dev.path("evm_network").asText(), URI.create(evmRpc)), Duration.ofSeconds(10), Clock.systemUTC());
    }

    Wallet wallet(Challenge challenge) {
        return challenge.isSolana() ? solana : evm;
    }

    String rpcOf(Challenge challenge) {
        return challenge.isSolana() ? solanaRpc : evmRpc;
    }

    URI gatewayBase() {
        return URI.create(gateway.url("/"));
    }

    /** A trade for {@code token} on {@code network} ("solana" | "polygon"); its 402 read, or null (counted). */
    Challenge trade(String network, String token, Refusals refusals) throws Exception {
        Map<String, Object> body = Map.of("agent_config", Map.of("agent_name", "bench"), "task", "benchmark",
                "user_wallet", "solana".equals(network) ? solana.address() : evm.address(), "network", network,
                "payment_token", token);
        Http.Reply traded;
        try {
            traded = http.postJson(gateway.url("/v1/agent/trade"), body, EXACT);
        } catch (java.io.IOException e) {
            refusals.count("trade: no answer", e);
            throw e;
        }
        if (traded.status() != 402) {
            refusals.count("trade " + traded.status());
            return null;
        }
        try {
            return Challenge.parse(traded.body());
        } catch (RuntimeException e) {
            refusals.count("402 unreadable:", e);
            throw e;
        }
    }

    @Override
    public void close() {
        payer.close();
        solana.close();
        evm.close();
    }
}
