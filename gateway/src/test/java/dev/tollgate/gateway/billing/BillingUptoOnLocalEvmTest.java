package dev.tollgate.gateway.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.chain.evm.EvmDeployer;
import dev.tollgate.chain.evm.UptoPermit2;
import dev.tollgate.chain.support.Poll;
import dev.tollgate.gateway.support.GatewayTestProperties;
import dev.tollgate.gateway.support.LocalPolygon;
import dev.tollgate.gateway.support.TestAgent;
import dev.tollgate.localnet.evm.AnvilNode;
import dev.tollgate.lockbox.Job;
import dev.tollgate.lockbox.JobState;
import dev.tollgate.lockbox.Lockbox;
import dev.tollgate.lockbox.testing.MutableClock;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.File;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * The billing API's {@code upto} credential over real HTTP on the local anvil (our Permit2 and upto proxy at their
 * canonical addresses, a fresh UptoSplitter for the gateway's relayer) and the real embedded PostgreSQL: a usage
 * price offers the ceiling as an x402 {@code upto} entry; the STOCK {@code @x402/evm} client signs it; authorize
 * reserves the ceiling (nothing sent) and the same payload cannot authorise a second request; settle pays the actual
 * amount with the fee split on chain (payer − actual, payee net, fee recipient fee) exactly once; an actual cost above
 * the ceiling is refused with the output withheld in the job; a payer without a Permit2 allowance is refused with
 * x402's {@code permit2_allowance_required}.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BillingUptoOnLocalEvmTest implements TestPropertyProvider {
    private static final String TOKEN = "billing-upto-test-token-0123456789";
    private static final BigInteger MAX_UINT = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
    private static final long PAYER_USDC = 1_000_000;

    final TestAgent agent = new TestAgent();
    final LocalPolygon chain = LocalPolygon.get();
    final String network = "eip155:" + LocalPolygon.CHAIN_ID;
    final Credentials relayer = LocalPolygon.newKey();
    String splitter;
    Web3j web3j;
    BillingHttp http;

    @Inject
    EmbeddedServer server;
    @Inject
    MutableClock clock;
    @Inject
    Lockbox lockbox;

    @Override
    public Map<String, String> getProperties() {
        String factory;
        try (EvmDeployer deployer = new EvmDeployer(chain.anvil.rpcUrl(), LocalPolygon.CHAIN_ID, Duration.ofSeconds(10))) {
            factory = deployer.deploySplitVaultFactory(AnvilNode.DEV_PRIVATE_KEYS.get(0));
            deployer.installLocalUptoProxy();
            splitter = deployer.deployUptoSplitter(AnvilNode.DEV_PRIVATE_KEYS.get(0), relayer.getAddress());
        } catch (Exception e) {
            throw new IllegalStateException("cannot deploy the x402 contracts", e);
        }
        chain.anvil.setBalance(relayer.getAddress(), BigInteger.TEN.pow(20));
        Map<String, String> p = GatewayTestProperties.forSolanaAndPolygon(agent, 1);
        String n = "tollgate.networks.polygon.";
        p.put(n + "sponsor.key", LocalPolygon.secret(relayer));
        p.put(n + "sponsor.per-payer-units", "100000000000000000");
        p.put(n + "sponsor.total-units", "100000000000000000000");
        p.put(n + "x402.factory-address", factory);
        p.put(n + "x402.upto-contract", splitter);
        p.put("tollgate.billing.token", TOKEN);
        return p;
    }

    @BeforeEach
    void realTime() {
        clock.set(Instant.now()); // permits are signed against real time
        if (http == null) {
            http = new BillingHttp(server.getURI(), TOKEN);
            web3j = Web3j.build(new HttpService(chain.anvil.rpcUrl().toString()));
        }
    }

    @AfterAll
    void stop() {
        agent.close();
        if (web3j != null) {
            web3j.shutdown();
        }
    }

    @Test
    void theStockClientAuthorisesTheCeilingAndSettleChargesTheActualAmountOnce() throws Exception {
        String payee = LocalPolygon.newKey().getAddress();
        String feeTo = LocalPolygon.newKey().getAddress();
        ObjectNode terms = terms(payee, feeTo);
        JsonNode required = offers(terms);
        JsonNode upto = uptoEntry(required);
        assertThat(upto.path("amount").asText()).as("the ceiling, 0.05 USD").isEqualTo("50000");
        assertThat(upto.path("payTo").asText()).isEqualTo(splitter);
        assertThat(upto.path("extra").path("facilitatorAddress").asText()).isEqualTo(splitter);
        assertThat(upto.path("extra").path("assetTransferMethod").asText()).isEqualTo("permit2");
        String jobId = upto.path("extra").path("tollgateJobId").asText();

        Credentials payer = payerApprovingPermit2();
        String header = stockSign(required, payer);
        BillingHttp.Reply authorized = authorize(terms, header);
        assertThat(authorized.status()).as(authorized.raw()).isEqualTo(200);
        JsonNode a = authorized.body();
        assertThat(a.path("kind").asText()).isEqualTo("upto");
        assertThat(a.path("network").asText()).isEqualTo(network);
        assertThat(a.path("payer").asText()).isEqualToIgnoringCase(payer.getAddress());
        assertThat(a.path("reserved_units").asText()).isEqualTo("50000");
        assertThat(chain.usdc(payer.getAddress())).as("authorize never broadcasts").isEqualTo(BigInteger.valueOf(PAYER_USDC));

        BillingHttp.Reply twice = authorize(terms, header);
        assertThat(twice.status()).as("one payload authorises one request: " + twice.raw()).isEqualTo(402);

        BillingHttp.Reply paid = http.call("settle", BillingHttp.settleBody(a.path("authorization_id").asText(),
                "{\"answer\":42}", Map.of("usd", "0.0123",
                        "usage", Map.of("input_tokens", 1000, "output_tokens", 980, "total_tokens", 1980))));
        assertThat(paid.status()).as(paid.raw()).isEqualTo(200);
        JsonNode p = paid.body();
        assertThat(p.path("status").asText()).isEqualTo("paid");
        assertThat(p.path("job_id").asText()).isEqualTo(jobId);
        assertThat(p.path("total_units").asText()).isEqualTo("12300");
        assertThat(p.path("fee_units").asText()).isEqualTo("615"); // floor(12,300 * 500 / 10,000)
        assertThat(p.path("net_units").asText()).isEqualTo("11685");
        JsonNode response = BillingHttp.decode(p.path("payment_response").asText());
        assertThat(response.path("success").asBoolean()).isTrue();
        assertThat(response.path("transaction").asText()).isEqualTo(p.path("tx_id").asText());
        assertThat(response.path("amount").asText()).isEqualTo("12300");

        assertThat(chain.usdc(payer.getAddress())).isEqualTo(BigInteger.valueOf(PAYER_USDC - 12_300));
        assertThat(chain.usdc(payee)).isEqualTo(BigInteger.valueOf(11_685));
        assertThat(chain.usdc(feeTo)).isEqualTo(BigInteger.valueOf(615));
        assertThat(chain.usdc(splitter)).isZero();
        Job job = lockbox.find(UUID.fromString(jobId)).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.RELEASED);
        assertThat(job.txId()).isEqualToIgnoringCase(p.path("tx_id").asText());

        BillingHttp.Reply again = http.call("settle", BillingHttp.settleBody(a.path("authorization_id").asText(),
                "{\"answer\":42}", Map.of("usd", "0.0123")));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("authorization_used");
        assertThat(chain.usdc(payer.getAddress())).isEqualTo(BigInteger.valueOf(PAYER_USDC - 12_300));
        // the spent payload authorises nothing more
        assertThat(authorize(terms, header).status()).isEqualTo(402);
    }

    @Test
    void anActualCostAboveTheCeilingIsRefusedAndTheOutputWaitsInTheJob() throws Exception {
        ObjectNode terms = terms(LocalPolygon.newKey().getAddress(), LocalPolygon.newKey().getAddress());
        JsonNode required = offers(terms);
        Credentials payer = payerApprovingPermit2();
        BillingHttp.Reply authorized = authorize(terms, stockSign(required, payer));
        assertThat(authorized.status()).as(authorized.raw()).isEqualTo(200);

        BillingHttp.Reply over = http.call("settle", BillingHttp.settleBody(
                authorized.body().path("authorization_id").asText(), "{\"answer\":43}", Map.of("usd", "0.0500001")));
        assertThat(over.status()).as(over.raw()).isEqualTo(402);
        assertThat(over.code()).isEqualTo("amount_exceeds_ceiling");
        Job job = lockbox.find(UUID.fromString(over.body().path("job_id").asText())).orElseThrow();
        assertThat(job.state()).as("the output waits in the job").isEqualTo(JobState.LOCKED);
        assertThat(chain.usdc(payer.getAddress())).isEqualTo(BigInteger.valueOf(PAYER_USDC));
    }

    @Test
    void aPayerWithoutAPermit2AllowanceIsRefusedWithX402sReason() throws Exception {
        ObjectNode terms = terms(LocalPolygon.newKey().getAddress(), LocalPolygon.newKey().getAddress());
        JsonNode required = offers(terms);
        Credentials payer = chain.payer(BigInteger.TEN.pow(19), PAYER_USDC);

        BillingHttp.Reply refused = authorize(terms, stockSign(required, payer));
        assertThat(refused.status()).as(refused.raw()).isEqualTo(402);
        assertThat(refused.body().path("reason").asText()).isEqualTo("permit2_allowance_required");
        assertThat(refused.raw()).doesNotContain(chain.anvil.rpcUrl().toString());
    }

    // ---- helpers ----

    private ObjectNode terms(String payee, String feeTo) {
        return BillingHttp.usageTerms("2.5", "10", "0.05", "polygon", payee, feeTo, 500);
    }

    private JsonNode offers(ObjectNode terms) {
        BillingHttp.Reply offers = http.call("offers", BillingHttp.wrap("terms", terms));
        assertThat(offers.status()).as(offers.raw()).isEqualTo(200);
        return offers.body().path("payment_required");
    }

    private static JsonNode uptoEntry(JsonNode required) {
        for (JsonNode a : required.path("accepts")) {
            if ("upto".equals(a.path("scheme").asText())) {
                return a;
            }
        }
        throw new AssertionError("no upto offer in " + required);
    }

    private BillingHttp.Reply authorize(ObjectNode terms, String header) {
        ObjectNode body = BillingHttp.wrap("terms", terms);
        body.put("estimate_usd", "0.02");
        body.set("credential", BillingHttp.x402(header));
        return http.call("authorize", body);
    }

    /** The PAYMENT-SIGNATURE the stock x402Client with UptoEvmScheme sends for this 402 ({@code upto/sign-header.mjs}). */
    private static String stockSign(JsonNode paymentRequired, Credentials payer) throws Exception {
        File interop = new File(System.getProperty("tollgate.repo.root", ".."), "interop");
        ProcessBuilder pb = new ProcessBuilder("node", "upto/sign-header.mjs").directory(interop);
        pb.environment().put("PAYMENT_REQUIRED", BillingHttp.encode(paymentRequired));
        pb.environment().put("EVM_PRIVATE_KEY", LocalPolygon.secret(payer));
        File err = File.createTempFile("upto-sign", ".err");
        try {
            pb.redirectError(err);
            Process process = pb.start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readNBytes(64 * 1024);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the stock client finished").isTrue();
            assertThat(process.exitValue()).as(Files.readString(err.toPath(), StandardCharsets.UTF_8)).isZero();
            return new String(out, StandardCharsets.UTF_8).strip();
        } finally {
            Files.deleteIfExists(err.toPath());
        }
    }

    /** A payer holding USDC and POL that approved Permit2 on the token, as the stock upto client requires. */
    private Credentials payerApprovingPermit2() throws Exception {
        Credentials payer = chain.payer(BigInteger.TEN.pow(19), PAYER_USDC);
        String approve = FunctionEncoder.encode(new Function("approve", List.of(new Address(UptoPermit2.PERMIT2),
                new Uint256(MAX_UINT)), List.<TypeReference<?>>of()));
        String tx = chain.send(payer, chain.usdc.address(), BigInteger.ZERO, approve);
        Poll.until(() -> {
            try {
                return web3j.ethGetTransactionReceipt(tx).send().getTransactionReceipt().orElse(null);
            } catch (java.io.IOException e) {
                return null;
            }
        }, Poll.LIMIT);
        return payer;
    }
}
