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
 * A gateway on the local anvil that takes billed requests paid with x402 {@code upto}: our Permit2 and upto proxy at
 * their canonical addresses, a fresh UptoSplitter for the gateway's relayer (funded, with a gas budget), the billing
 * API on, the real embedded PostgreSQL; the gateway clock follows real time, because the stock client signs against
 * it. Subclasses add settings with {@link #moreProperties}; the helpers sign with the STOCK client.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class UptoOnLocalEvm implements TestPropertyProvider {
    static final String TOKEN = "billing-upto-test-token-0123456789";
    static final BigInteger MAX_UINT = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
    static final long PAYER_USDC = 1_000_000;

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
        moreProperties(p);
        return p;
    }

    /** Settings a test adds to the gateway's. */
    void moreProperties(Map<String, String> properties) {
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


    ObjectNode terms(String payee, String feeTo) {
        return BillingHttp.usageTerms("2.5", "10", "0.05", "polygon", payee, feeTo, 500);
    }

    JsonNode offers(ObjectNode terms) {
        BillingHttp.Reply offers = http.call("offers", BillingHttp.wrap("terms", terms));
        assertThat(offers.status()).as(offers.raw()).isEqualTo(200);
        return offers.body().path("payment_required");
    }

    static JsonNode uptoEntry(JsonNode required) {
        for (JsonNode a : required.path("accepts")) {
            if ("upto".equals(a.path("scheme").asText())) {
                return a;
            }
        }
        throw new AssertionError("no upto offer in " + required);
    }

    BillingHttp.Reply authorize(ObjectNode terms, String header) {
        ObjectNode body = BillingHttp.wrap("terms", terms);
        body.put("estimate_usd", "0.02");
        body.set("credential", BillingHttp.x402(header));
        return http.call("authorize", body);
    }

    /** The PAYMENT-SIGNATURE the stock x402Client with UptoEvmScheme sends for this 402 ({@code upto/sign-header.mjs}). */
    static String stockSign(JsonNode paymentRequired, Credentials payer) throws Exception {
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
    Credentials payerApprovingPermit2() throws Exception {
        Credentials payer = chain.payer(BigInteger.TEN.pow(19), PAYER_USDC);
        approvePermit2(payer, MAX_UINT);
        return payer;
    }

    /** {@code payer}'s token approval of Permit2 set to {@code units}, once mined. */
    void approvePermit2(Credentials payer, BigInteger units) throws Exception {
        String approve = FunctionEncoder.encode(new Function("approve", List.of(new Address(UptoPermit2.PERMIT2),
                new Uint256(units)), List.<TypeReference<?>>of()));
        String tx = chain.send(payer, chain.usdc.address(), BigInteger.ZERO, approve);
        Poll.until(() -> {
            try {
                return web3j.ethGetTransactionReceipt(tx).send().getTransactionReceipt().orElse(null);
            } catch (java.io.IOException e) {
                return null;
            }
        }, Poll.LIMIT);
    }
}
