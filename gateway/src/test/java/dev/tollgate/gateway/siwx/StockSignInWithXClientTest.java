package dev.tollgate.gateway.siwx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.gateway.support.GatewayHttp;
import dev.tollgate.gateway.support.GatewayHttp.Reply;
import dev.tollgate.gateway.support.GatewayTestProperties;
import dev.tollgate.gateway.support.LocalPolygon;
import dev.tollgate.gateway.support.LocalSolana;
import dev.tollgate.gateway.support.SignInHeaders;
import dev.tollgate.gateway.support.TestAgent;
import dev.tollgate.lockbox.Lockbox;
import dev.tollgate.lockbox.testing.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.File;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.p2p.solanaj.core.Account;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

/**
 * Interoperability: the STOCK Sign-In-With-X client ({@code wrapFetchWithSIWx} from {@code @x402/extensions} 2.27.0,
 * pinned in {@code interop/}, run by {@code node interop/siwx/fetch-output.mjs}) collects the output of a paid job at
 * {@code GET /v1/agent/jobs/{id}/output} with an EVM key (viem) and a Solana key (@solana/kit); without a signer it
 * gets 402. The verdict is checked on what the gateway recorded (the nonce used in PostgreSQL, the output served),
 * not only on what the script printed.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StockSignInWithXClientTest implements TestPropertyProvider {
    private static final BigInteger TEN_POL = BigInteger.TEN.pow(19);
    private final TestAgent agent = new TestAgent();
    private final LocalSolana solana = LocalSolana.get();
    private final LocalPolygon polygon = LocalPolygon.get();

    @Inject
    EmbeddedServer server;
    @Inject
    MutableClock clock;
    @Inject
    Lockbox lockbox;
    @Inject
    MeterRegistry metrics;

    private GatewayHttp http;

    @Override
    public Map<String, String> getProperties() {
        return GatewayTestProperties.forSolanaAndPolygon(agent, 1);
    }

    @BeforeAll
    void connect() {
        http = new GatewayHttp(server.getURI());
    }

    @AfterAll
    void stopAgent() {
        agent.close();
    }

    private String outputUrl(String jobId) {
        return server.getURI().resolve("/v1/agent/jobs/" + jobId + "/output").toString();
    }

    @Test
    void theStockClientSignsInWithASolanaKeyAndCollectsTheOutputOfAWalletBoundJobPaidWithoutProof() throws Exception {
        Account payer = solana.payer(1_000_000_000L, 0);
        Reply trade = http.postWithHeaders("/v1/agent/trade", Map.of("agent_config", Map.of("agent_name", "t"),
                "task", "x", "user_wallet", payer.getPublicKeyBase58(), "payment_token", "SOL"),
                SignInHeaders.signedBy(payer, solana.network, server.getURI(), "/v1/agent/trade", clock.instant()));
        assertThat(trade.status()).as(trade.raw()).isEqualTo(402);
        String jobId = trade.body().path("job_id").asText();
        String page = "/v1/agent/jobs/" + jobId;
        JsonNode job = http.getWithHeaders(page, SignInHeaders.signedBy(payer, solana.network, server.getURI(), page,
                clock.instant())).body();
        String tx = solana.payAsWallet(job, payer);
        // named without proof: the payment is recorded, the output withheld
        assertThat(http.post("/v1/agent/settle", Map.of("job_id", jobId, "tx_signature", tx)).code())
                .isEqualTo("payer_proof_required");

        JsonNode unsigned = fetch(outputUrl(jobId), "none");
        assertThat(unsigned.path("status").asInt()).isEqualTo(402);
        assertThat(unsigned.path("paymentRequired").asText()).isNotEmpty();
        assertThat(unsigned.path("body").toString()).doesNotContain(TestAgent.DEFAULT_OUTPUT);

        double served = served(solana.network);
        JsonNode signed = fetch(outputUrl(jobId), "solana:" + LocalSolana.secret(payer));

        assertThat(signed.path("status").asInt()).as(signed.toString()).isEqualTo(200);
        assertThat(signed.path("body").path("agent_output").asText()).isEqualTo(TestAgent.DEFAULT_OUTPUT);
        JsonNode signIn = signed.path("signIn");
        assertThat(signIn.path("address").asText()).isEqualTo(payer.getPublicKeyBase58());
        assertThat(signIn.path("chainId").asText()).isEqualTo(solana.network);
        assertThat(signIn.path("type").asText()).isEqualTo("ed25519");
        assertGatewayRecorded(payer.getPublicKeyBase58(), signIn, solana.network, served);

        // "pay once, come back later": a second visit signs in afresh and gets it again
        JsonNode again = fetch(outputUrl(jobId), "solana:" + LocalSolana.secret(payer));
        assertThat(again.path("status").asInt()).isEqualTo(200);
        assertThat(again.path("signIn").path("nonce").asText()).isNotEqualTo(signIn.path("nonce").asText());
        assertThat(served(solana.network) - served).isEqualTo(2.0);

        // another wallet, stock client and all, gets nothing
        JsonNode stranger = fetch(outputUrl(jobId), "solana:" + LocalSolana.secret(solana.payer(1_000_000L, 0)));
        assertThat(stranger.path("status").asInt()).isEqualTo(402);
        assertThat(stranger.path("body").toString()).doesNotContain(TestAgent.DEFAULT_OUTPUT);
    }

    @Test
    void theStockClientSignsInWithAnEvmKeyAndCollectsTheOutputOfAJobPaidWithItsKey() throws Exception {
        Credentials payer = polygon.payer(TEN_POL, 0);
        Reply trade = http.post("/v1/agent/trade", Map.of("agent_config", Map.of("agent_name", "t"), "task", "x",
                "user_wallet", payer.getAddress(), "network", "polygon", "payment_token", "POL"));
        assertThat(trade.status()).as(trade.raw()).isEqualTo(402);
        String jobId = trade.body().path("job_id").asText();
        Reply paid = http.post("/v1/agent/settle", Map.of("job_id", jobId, "private_key", LocalPolygon.secret(payer)));
        assertThat(paid.status()).as(paid.raw()).isEqualTo(200);
        String network = "eip155:" + LocalPolygon.CHAIN_ID;

        JsonNode unsigned = fetch(outputUrl(jobId), "none");
        assertThat(unsigned.path("status").asInt()).isEqualTo(402);
        JsonNode required = GatewayHttp.JSON.readTree(Base64.getDecoder().decode(unsigned.path("paymentRequired").asText()));
        assertThat(required.path("accepts").path(0).path("network").asText()).isEqualTo(network);

        double served = served(network);
        JsonNode signed = fetch(outputUrl(jobId), "evm:" + LocalPolygon.secret(payer));

        assertThat(signed.path("status").asInt()).as(signed.toString()).isEqualTo(200);
        assertThat(signed.path("body").path("agent_output").asText()).isEqualTo(TestAgent.DEFAULT_OUTPUT);
        JsonNode signIn = signed.path("signIn");
        assertThat(signIn.path("address").asText()).isEqualTo(Keys.toChecksumAddress(payer.getAddress()));
        assertThat(signIn.path("type").asText()).isEqualTo("eip191");
        String stored = lockbox.find(java.util.UUID.fromString(jobId)).orElseThrow().payer(); // the rail's spelling
        assertGatewayRecorded(stored, signIn, network, served);
    }

    /** The gateway used up the stock client's nonce (PostgreSQL: a replay is refused) and served the output once. */
    private void assertGatewayRecorded(String canonicalAddress, JsonNode signIn, String network, double servedBefore) {
        assertThat(lockbox.useProofNonce(canonicalAddress, signIn.path("nonce").asText(),
                clock.instant().plusSeconds(600))).as("nonce recorded as used").isFalse();
        assertThat(served(network) - servedBefore).isEqualTo(1.0);
    }

    private double served(String network) {
        var counter = metrics.find("tollgate.output.served").tag("network", network).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Runs the stock client script; its one output line is JSON. */
    private static JsonNode fetch(String url, String signer) throws Exception {
        File interop = new File(System.getProperty("tollgate.repo.root", ".."), "interop");
        ProcessBuilder pb = new ProcessBuilder("node", "siwx/fetch-output.mjs", url).directory(interop)
                .redirectErrorStream(false);
        pb.environment().put("SIWX_SIGNER", signer);
        Process process = pb.start();
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the stock client did not finish within 60 s");
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(err).isZero();
        return GatewayHttp.JSON.readTree(out.substring(out.lastIndexOf('\n') + 1));
    }
}
