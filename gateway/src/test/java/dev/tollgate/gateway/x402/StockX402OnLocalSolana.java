package dev.tollgate.gateway.x402;

import dev.tollgate.chain.solana.SolanaExactConfig;
import dev.tollgate.gateway.support.GatewayTestProperties;
import dev.tollgate.gateway.support.LocalSolana;
import dev.tollgate.gateway.support.TestAgent;
import dev.tollgate.lockbox.Lockbox;
import dev.tollgate.lockbox.SweepStore;
import dev.tollgate.lockbox.testing.MutableClock;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.p2p.solanaj.core.Account;

/**
 * What the stock-client classes on the local Solana node share: a gateway whose fee payer (also its settlement
 * wallet) sponsors x402 payments advertised under devnet's id, its agent, and the trade a payer asks for.
 * Subclasses add their settings to {@link #x402OnLocalSolana()}.
 */
abstract class StockX402OnLocalSolana implements TestPropertyProvider {
    static final long FUNDS = 1_000_000;

    final TestAgent agent = new TestAgent();
    final LocalSolana chain = LocalSolana.get();
    final Account feePayer = new Account();

    @Inject
    EmbeddedServer server;
    @Inject
    MutableClock clock;
    @Inject
    Lockbox lockbox;
    @Inject
    SweepStore sweeps;

    X402Http http;

    /** The gateway's fee payer funded, sponsoring up to its budget, x402 advertised under devnet's id. */
    Map<String, String> x402OnLocalSolana() {
        chain.node.airdrop(feePayer.getPublicKeyBase58(), 10_000_000_000L);
        Map<String, String> p = GatewayTestProperties.forSolana(agent);
        String n = "tollgate.networks.solana.";
        p.put(n + "sponsor.key", LocalSolana.secret(feePayer));
        p.put(n + "sponsor.per-payer-units", "100000000");
        p.put(n + "sponsor.total-units", "10000000000");
        p.put(n + "x402.network", SolanaExactConfig.DEVNET.value());
        return p;
    }

    @BeforeAll
    void connect() {
        http = new X402Http(server.getURI());
    }

    @BeforeEach
    void realTime() {
        clock.set(Instant.now()); // the payer's transaction is signed against a live blockhash, in real time
    }

    @AfterAll
    void stop() {
        agent.close();
    }

    static String tradeBody(Account payer) {
        return "{\"agent_config\":{\"agent_name\":\"t\"},\"task\":\"x\",\"user_wallet\":\"" + payer.getPublicKeyBase58()
                + "\",\"payment_token\":\"USDC\"}";
    }

    Map<String, String> keyOf(Account payer) {
        return Map.of("SVM_SECRET_KEY", LocalSolana.secret(payer), "SOLANA_RPC_URL", chain.node.rpcUrl().toString());
    }

    /** A fresh payer with SOL for rent and {@link #FUNDS} USDC units. */
    Account payer() {
        return chain.payer(10_000_000L, FUNDS);
    }

    /** The stock {@code @x402/fetch} client pays the trade {@code payer} asks for. */
    com.fasterxml.jackson.databind.JsonNode stockClientPaysTrade(Account payer) {
        return StockX402Client.pay(server.getURI().resolve("/v1/agent/trade").toString(), "POST", tradeBody(payer),
                keyOf(payer));
    }
}
