package dev.tollgate.gateway.x402;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.chain.evm.EvmDeployer;
import dev.tollgate.chain.solana.SolanaExactConfig;
import dev.tollgate.gateway.support.GatewayTestProperties;
import dev.tollgate.gateway.support.LocalPolygon;
import dev.tollgate.gateway.support.LocalSolana;
import dev.tollgate.gateway.support.TestAgent;
import dev.tollgate.localnet.RepoPaths;
import dev.tollgate.localnet.evm.AnvilNode;
import dev.tollgate.localnet.postgres.EmbeddedDatabase;
import dev.tollgate.lockbox.testing.SharedTestDatabase;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.p2p.solanaj.core.Account;
import org.p2p.solanaj.utils.Base58;
import org.web3j.crypto.Credentials;

/**
 * Issue 9, "done when" part 2, on the real local chains and PostgreSQL: a STOCK {@code @x402/express} server
 * ({@code interop/x402-gw/express-server.mjs}) whose facilitator is this gateway's {@code /x402}, paid by the STOCK
 * {@code @x402/fetch} client, with USDC on the local EVM chain and on the local Solana node (advertised as devnet).
 * Asserted where it counts: on chain (payTo received exactly the price, the payer lost it), in {@code x402_payments}
 * (one settled row, no job), and a replay of the very same settle to the facilitator gets the stored answer while
 * nothing moves twice. The client's own verdict is never trusted alone.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class X402StockExpressServerTest implements TestPropertyProvider {
    private static final BigInteger PRICE = BigInteger.valueOf(10_000); // $0.01 of a 6-decimal USDC
    private static final String DEVNET = SolanaExactConfig.DEVNET.value();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestAgent agent = new TestAgent();
    private final LocalSolana solana = LocalSolana.get();
    private final LocalPolygon polygon = LocalPolygon.get();
    /** The gateway's own keys: Solana fee payer (and settlement wallet), EVM relayer. */
    private final Account feePayer = new Account();
    private final Credentials relayer = LocalPolygon.newKey();

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        solana.node.airdrop(feePayer.getPublicKeyBase58(), 10_000_000_000L);
        polygon.anvil.setBalance(relayer.getAddress(), BigInteger.TEN.pow(20));
        String factory;
        try (EvmDeployer deployer = new EvmDeployer(polygon.anvil.rpcUrl(), LocalPolygon.CHAIN_ID, Duration.ofSeconds(10))) {
            factory = deployer.deploySplitVaultFactory(AnvilNode.DEV_PRIVATE_KEYS.get(0));
        } catch (Exception e) {
            throw new IllegalStateException("cannot deploy the split-vault factory", e);
        }
        Map<String, String> p = GatewayTestProperties.forSolanaAndPolygon(agent, 1);
        p.put("tollgate.networks.solana.sponsor.key", Base58.encode(feePayer.getSecretKey()));
        p.put("tollgate.networks.solana.sponsor.per-payer-units", "100000000");
        p.put("tollgate.networks.solana.sponsor.total-units", "10000000000");
        p.put("tollgate.networks.solana.x402.network", DEVNET);
        p.put("tollgate.networks.polygon.sponsor.key", LocalPolygon.secret(relayer));
        p.put("tollgate.networks.polygon.sponsor.per-payer-units", "100000000000000000");
        p.put("tollgate.networks.polygon.sponsor.total-units", "100000000000000000000");
        p.put("tollgate.networks.polygon.x402.factory-address", factory);
        return p;
    }

    @AfterAll
    void stopAgent() {
        agent.close();
    }

    @Test
    void aStockExpressServerIsPaidInUsdcOnTheLocalEvmChainThroughTollgatesFacilitator() throws Exception {
        String network = "eip155:" + LocalPolygon.CHAIN_ID;
        Credentials payer = polygon.payer(BigInteger.ZERO, 1_000_000); // no gas: the relayer pays it
        String payTo = LocalPolygon.newKey().getAddress();
        try (StockServer express = StockServer.start(facilitatorUrl(), network, polygon.usdc.address(), payTo,
                "{\"name\":\"USD Coin\",\"version\":\"2\"}")) {
            JsonNode paid = stockClientPays(express.url("/paid"), Map.of("EVM_PRIVATE_KEY", LocalPolygon.secret(payer)));

            assertThat(paid.path("status").asInt()).as(paid.toString()).isEqualTo(200);
            assertThat(paid.path("body").path("paid").asBoolean()).isTrue();
            JsonNode response = paid.path("paymentResponse");
            assertThat(response.path("success").asBoolean()).isTrue();
            assertThat(response.path("network").asText()).isEqualTo(network);
            String tx = response.path("transaction").asText();
            assertThat(tx).matches("0x[0-9a-f]{64}");
            assertThat(polygon.usdc(payTo)).as("payTo received exactly the price").isEqualTo(PRICE);
            assertThat(polygon.usdc(payer.getAddress())).as("the payer lost it")
                    .isEqualTo(BigInteger.valueOf(1_000_000).subtract(PRICE));
            assertThat(polygon.usdc(relayer.getAddress())).isZero();
            assertOneSettledRow(network, payer.getAddress(), tx);

            assertReplayGetsTheStoredAnswer(paid, response);
            assertThat(polygon.usdc(payTo)).as("nothing moved twice").isEqualTo(PRICE);
            assertThat(polygon.usdc(payer.getAddress())).isEqualTo(BigInteger.valueOf(1_000_000).subtract(PRICE));
            assertOneSettledRow(network, payer.getAddress(), tx);
        }
    }

    @Test
    void aStockExpressServerIsPaidInUsdcOnTheLocalSolanaNodeUnderDevnetsIdThroughTollgatesFacilitator() throws Exception {
        Account payer = solana.payer(1_000_000_000L, 1_000_000);
        String payTo = new Account().getPublicKeyBase58();
        solana.node.mintTo(solana.usdc.address(), payTo, BigInteger.ZERO); // x402 pays an existing token account only
        BigInteger feePayerLamports = solana.sol(feePayer.getPublicKeyBase58());
        try (StockServer express = StockServer.start(facilitatorUrl(), DEVNET, solana.usdc.address(), payTo, "{}")) {
            JsonNode paid = stockClientPays(express.url("/paid"), Map.of("SVM_SECRET_KEY", LocalSolana.secret(payer),
                    "SOLANA_RPC_URL", solana.node.rpcUrl().toString()));

            assertThat(paid.path("status").asInt()).as(paid.toString()).isEqualTo(200);
            assertThat(paid.path("body").path("paid").asBoolean()).isTrue();
            JsonNode response = paid.path("paymentResponse");
            assertThat(response.path("success").asBoolean()).isTrue();
            assertThat(response.path("network").asText()).isEqualTo(DEVNET);
            String tx = response.path("transaction").asText();
            assertThat(paid.path("paymentSignature").asText()).isNotEmpty();
            JsonNode accepted = X402Http.decode(paid.path("paymentSignature").asText()).path("accepted");
            assertThat(accepted.path("extra").path("feePayer").asText()).as("the stock server asked /supported")
                    .isEqualTo(feePayer.getPublicKeyBase58());
            assertThat(solana.usdc(payTo)).as("payTo received exactly the price").isEqualTo(PRICE);
            assertThat(solana.usdc(payer.getPublicKeyBase58())).as("the payer lost it")
                    .isEqualTo(BigInteger.valueOf(1_000_000).subtract(PRICE));
            assertThat(solana.usdc(feePayer.getPublicKeyBase58())).isZero();
            assertThat(solana.sol(feePayer.getPublicKeyBase58())).as("the gateway paid the network fee")
                    .isLessThan(feePayerLamports);
            assertOneSettledRow(DEVNET, payer.getPublicKeyBase58(), tx);

            assertReplayGetsTheStoredAnswer(paid, response);
            assertThat(solana.usdc(payTo)).as("nothing moved twice").isEqualTo(PRICE);
            assertThat(solana.usdc(payer.getPublicKeyBase58())).isEqualTo(BigInteger.valueOf(1_000_000).subtract(PRICE));
            assertOneSettledRow(DEVNET, payer.getPublicKeyBase58(), tx);
        }
    }

    @Test
    void aStockServerAskingForAnotherTokenDomainIsRefusedByTheFacilitatorAndNothingMoves() throws Exception {
        String network = "eip155:" + LocalPolygon.CHAIN_ID;
        Credentials payer = polygon.payer(BigInteger.ZERO, 1_000_000);
        String payTo = LocalPolygon.newKey().getAddress();
        // "USDC" is not the token's EIP-712 name: every signature made for it would fail at the token
        try (StockServer express = StockServer.start(facilitatorUrl(), network, polygon.usdc.address(), payTo,
                "{\"name\":\"USDC\",\"version\":\"2\"}")) {
            JsonNode paid = stockClientPays(express.url("/paid"), Map.of("EVM_PRIVATE_KEY", LocalPolygon.secret(payer)));

            assertThat(paid.path("status").asInt()).as(paid.toString()).isEqualTo(402);
            assertThat(paid.path("body").path("paid").isMissingNode()).isTrue();
            assertThat(polygon.usdc(payTo)).isZero();
            assertThat(polygon.usdc(payer.getAddress())).isEqualTo(BigInteger.valueOf(1_000_000));
            assertThat(rows(network, payer.getAddress())).isEmpty();
        }
    }

    // ---- helpers ----

    private String facilitatorUrl() {
        return server.getURI().resolve("/x402").toString();
    }

    /**
     * The settle the stock server sent, again: {@code {x402Version, paymentPayload, paymentRequirements}} with the
     * client's PAYMENT-SIGNATURE as the payload and its {@code accepted} as the requirements (the reference server
     * settles with its own copy, which deep-equals what the client echoed).
     */
    private void assertReplayGetsTheStoredAnswer(JsonNode paid, JsonNode firstResponse) {
        JsonNode paymentPayload = X402Http.decode(paid.path("paymentSignature").asText());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("x402Version", 2);
        body.put("paymentPayload", paymentPayload);
        body.put("paymentRequirements", paymentPayload.path("accepted"));
        X402Http.Reply replay = new X402Http(server.getURI()).post("/x402/settle", body, Map.of());
        assertThat(replay.status()).as(replay.raw()).isEqualTo(200);
        assertThat(replay.body().path("success").asBoolean()).as(replay.raw()).isTrue();
        assertThat(replay.body().path("transaction").asText()).isEqualTo(firstResponse.path("transaction").asText());
        assertThat(replay.body().path("payer").asText()).isEqualTo(firstResponse.path("payer").asText());
    }

    /** Exactly one x402_payments row for this payer on {@code network}: settled, by {@code tx}, for no job. */
    private static void assertOneSettledRow(String network, String payer, String tx) throws Exception {
        assertThat(rows(network, payer)).containsExactly("settled " + tx + " null");
    }

    /** This payer's x402_payments rows on {@code network}: "state tx_id job_id". */
    private static List<String> rows(String network, String payer) throws Exception {
        EmbeddedDatabase db = SharedTestDatabase.database();
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
             PreparedStatement q = c.prepareStatement("SELECT state, tx_id, job_id FROM x402_payments"
                     + " WHERE network = ? AND lower(payer) = lower(?)")) {
            q.setString(1, network);
            q.setString(2, payer);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    rows.add(r.getString(1) + " " + r.getString(2) + " " + r.getString(3));
                }
            }
        }
        return rows;
    }

    /** The stock client ({@code interop/x402-gw/pay.mjs}) GETs {@code url}; its JSON line, with paymentSignature. */
    private static JsonNode stockClientPays(String url, Map<String, String> env) {
        return StockX402Client.pay(url, "GET", null, env);
    }

    private static CompletableFuture<String> drain(java.io.InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            try (stream) {
                byte[] chunk = new byte[4096];
                int read;
                while ((read = stream.read(chunk)) != -1) {
                    if (buffer.size() < 64 * 1024) {
                        buffer.write(chunk, 0, read);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            text.complete(buffer.toString(StandardCharsets.UTF_8));
        });
        return text;
    }

    /** The stock {@code @x402/express} server ({@code interop/x402-gw/express-server.mjs}) as a child process. */
    private record StockServer(Process process, int port, CompletableFuture<String> err) implements AutoCloseable {
        static StockServer start(String facilitatorUrl, String network, String asset, String payTo, String extra)
                throws Exception {
            ProcessBuilder pb = new ProcessBuilder("node", "x402-gw/express-server.mjs")
                    .directory(RepoPaths.root().resolve("interop").toFile());
            pb.environment().put("FACILITATOR_URL", facilitatorUrl);
            pb.environment().put("NETWORK", network);
            pb.environment().put("ASSET", asset);
            pb.environment().put("AMOUNT", PRICE.toString());
            pb.environment().put("PAY_TO", payTo);
            pb.environment().put("EXTRA", extra);
            Process process = pb.start();
            CompletableFuture<String> err = drain(process.getErrorStream());
            CompletableFuture<Integer> port = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        if (line.startsWith("listening ") && !port.isDone()) {
                            port.complete(Integer.parseInt(line.substring("listening ".length()).strip()));
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    port.completeExceptionally(e);
                }
                port.completeExceptionally(new IllegalStateException("the stock server exited"));
            });
            try {
                return new StockServer(process, port.get(60, TimeUnit.SECONDS), err);
            } catch (Exception e) {
                process.destroy();
                throw new IllegalStateException("the stock server did not start: "
                        + err.getNow("") , e);
            }
        }

        String url(String path) {
            return "http://127.0.0.1:" + port + path;
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
