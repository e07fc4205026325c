package dev.tollgate.gateway.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.gateway.support.AllowanceGrants;
import dev.tollgate.gateway.support.GatewayTestProperties;
import dev.tollgate.gateway.support.LocalPolygon;
import dev.tollgate.gateway.support.LocalSolana;
import dev.tollgate.gateway.support.TestAgent;
import dev.tollgate.lockbox.JobState;
import dev.tollgate.lockbox.Lockbox;
import dev.tollgate.lockbox.testing.MutableClock;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.p2p.solanaj.core.Account;
import org.p2p.solanaj.utils.Base58;
import org.web3j.crypto.Credentials;

/**
 * Issue 10, the {@code allowance} way to pay, over real HTTP ({@code /v1/billing/*}) on both local chains and the
 * embedded PostgreSQL: the 402 offers name each rail's spender and the sign-in-with-x declaration; with a grant worth
 * three estimates, six concurrent authorizes let exactly three through; a settle charges exactly net and fee on chain
 * from the grant and answers ATP's settlement; a second settle is 409; a release frees the reservation; an actual
 * cost the grant no longer covers fails with the output kept in the job.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BillingAllowanceOnLocalChainsTest implements TestPropertyProvider {
    private static final String TOKEN = "billing-allowance-token-0123456789";
    private static final URI RESOURCE = URI.create(BillingHttp.RESOURCE);
    /** 0.01 USD of pegged USDC. */
    private static final BigInteger ESTIMATE_UNITS = BigInteger.valueOf(10_000);

    final TestAgent agent = new TestAgent();
    final LocalPolygon polygon = LocalPolygon.get();
    final LocalSolana solana = LocalSolana.get();
    final Credentials relayer = LocalPolygon.newKey();
    final Account sponsor = new Account();
    final String evmNetwork = "eip155:" + LocalPolygon.CHAIN_ID;
    String contract;
    BillingHttp billing;

    @Inject
    EmbeddedServer server;
    @Inject
    MutableClock clock;
    @Inject
    Lockbox lockbox;

    @Override
    public Map<String, String> getProperties() {
        contract = AllowanceGrants.deployAllowanceSplitter(polygon, relayer.getAddress());
        polygon.anvil.setBalance(relayer.getAddress(), BigInteger.TEN.pow(20));
        solana.node.airdrop(sponsor.getPublicKeyBase58(), 10_000_000_000L);
        Map<String, String> p = GatewayTestProperties.forSolanaAndPolygon(agent, 1);
        GatewayTestProperties.withSponsor(p, "polygon", LocalPolygon.secret(relayer), "100000000000000000",
                "100000000000000000000");
        GatewayTestProperties.withSponsor(p, "solana", Base58.encode(sponsor.getSecretKey()), "100000000",
                "10000000000");
        p.put("tollgate.networks.polygon.allowance.contract", contract);
        p.put("tollgate.billing.token", TOKEN);
        return p;
    }

    @BeforeEach
    void realTime() {
        clock.set(Instant.now()); // sign-ins are made against real time
        if (billing == null) {
            billing = new BillingHttp(server.getURI(), TOKEN);
        }
    }

    @AfterAll
    void stop() {
        agent.close();
    }

    @Test
    void offersNameEachRailsSpenderAndTheSignInToUse() {
        ObjectNode terms = evmTerms(LocalPolygon.newKey().getAddress(), LocalPolygon.newKey().getAddress());
        BillingHttp.Reply r = billing.call("offers", BillingHttp.wrap("terms", terms));
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        JsonNode allowance = r.body().path("allowances").get(0);
        assertThat(allowance.path("network").asText()).isEqualTo(evmNetwork);
        assertThat(allowance.path("spender").asText()).isEqualTo(contract);
        assertThat(allowance.path("asset_address").asText()).isEqualToIgnoringCase(polygon.usdc.address());
        assertThat(allowance.path("decimals").asInt()).isEqualTo(6);
        assertThat(r.body().path("payment_required").path("extensions").has("sign-in-with-x")).isTrue();
    }

    @Test
    void sixConcurrentAuthorizesOfAGrantWorthThreeLetExactlyThreeThrough() throws Exception {
        String payee = LocalPolygon.newKey().getAddress();
        String feeRecipient = LocalPolygon.newKey().getAddress();
        Credentials payer = polygon.payer(BigInteger.TEN.pow(18), 1_000_000);
        AllowanceGrants.approve(polygon, payer, contract, ESTIMATE_UNITS.multiply(BigInteger.valueOf(3)));
        ObjectNode terms = evmTerms(payee, feeRecipient);

        List<BillingHttp.Reply> replies = concurrently(6, () -> authorize(terms,
                AllowanceGrants.signIn(payer, evmNetwork, RESOURCE)));

        List<BillingHttp.Reply> passed = replies.stream().filter(r -> r.status() == 200).toList();
        assertThat(passed).hasSize(3);
        assertThat(replies.stream().filter(r -> r.status() == 402).map(BillingHttp.Reply::code))
                .containsExactly("allowance_insufficient", "allowance_insufficient", "allowance_insufficient");
        // a refusal says what to grant, as the offers do (the filter copies it into the payer's 402)
        for (BillingHttp.Reply r : replies.stream().filter(r -> r.status() == 402).toList()) {
            assertThat(r.body().path("allowances").get(0).path("spender").asText()).isEqualTo(contract);
            assertThat(r.body().path("payment_required").path("x402Version").asInt()).isEqualTo(2);
        }
        for (BillingHttp.Reply r : passed) {
            assertThat(r.body().path("kind").asText()).isEqualTo("allowance");
            assertThat(r.body().path("network").asText()).isEqualTo(evmNetwork);
            assertThat(r.body().path("payer").asText()).isEqualToIgnoringCase(payer.getAddress());
            assertThat(r.body().path("reserved_units").asText()).isEqualTo(ESTIMATE_UNITS.toString());
        }

        // settle one at its actual cost: exactly net and fee on chain, from the grant
        String first = passed.get(0).body().path("authorization_id").asText();
        BigInteger payerBefore = polygon.usdc(payer.getAddress());
        BillingHttp.Reply paid = billing.call("settle", BillingHttp.settleBody(first, "{\"answer\": 42}",
                Map.of("usd", "0.008", "usage", Map.of("input_tokens", 100, "output_tokens", 700,
                        "total_tokens", 800))));
        assertThat(paid.status()).as(paid.raw()).isEqualTo(200);
        assertThat(paid.body().path("status").asText()).isEqualTo("paid");
        assertThat(paid.body().path("total_units").asText()).isEqualTo("8000");
        assertThat(paid.body().path("fee_units").asText()).isEqualTo("400");
        assertThat(paid.body().path("atp_settlement").path("transaction_signature").asText())
                .isEqualTo(paid.body().path("tx_id").asText());
        assertThat(polygon.usdc(payee)).isEqualTo(BigInteger.valueOf(7_600));
        assertThat(polygon.usdc(feeRecipient)).isEqualTo(BigInteger.valueOf(400));
        assertThat(polygon.usdc(payer.getAddress())).isEqualTo(payerBefore.subtract(BigInteger.valueOf(8_000)));
        assertThat(lockbox.find(UUID.fromString(paid.body().path("job_id").asText())).orElseThrow().state())
                .isEqualTo(JobState.RELEASED);

        // exactly once: a second settle of the same authorization is 409 and charges nothing more
        BillingHttp.Reply again = billing.call("settle", BillingHttp.settleBody(first, "{\"answer\": 42}",
                Map.of("usd", "0.008")));
        assertThat(again.status()).as(again.raw()).isEqualTo(409);
        assertThat(polygon.usdc(payee)).isEqualTo(BigInteger.valueOf(7_600));

        // the grant now holds 22,000: two open reservations of 10,000, so a release frees room for one more
        String second = passed.get(1).body().path("authorization_id").asText();
        assertThat(authorize(terms, AllowanceGrants.signIn(payer, evmNetwork, RESOURCE)).code())
                .isEqualTo("allowance_insufficient");
        assertThat(billing.call("release", Map.of("authorization_id", second)).status()).isEqualTo(204);
        assertThat(authorize(terms, AllowanceGrants.signIn(payer, evmNetwork, RESOURCE)).status()).isEqualTo(200);
    }

    @Test
    void aSolanaDelegationPaysABilledRequest() throws Exception {
        String payee = new Account().getPublicKeyBase58();
        String feeRecipient = new Account().getPublicKeyBase58();
        Account payer = solana.payer(10_000_000L, 1_000_000);
        AllowanceGrants.delegate(solana, payer, sponsor.getPublicKeyBase58(), BigInteger.valueOf(50_000));
        ObjectNode terms = BillingHttp.usageTerms("2.5", "10", "0.05", "solana", payee, feeRecipient, 500);

        BillingHttp.Reply auth = authorize(terms, AllowanceGrants.signIn(payer, solana.network, RESOURCE));
        assertThat(auth.status()).as(auth.raw()).isEqualTo(200);
        assertThat(auth.body().path("network").asText()).isEqualTo(solana.network);
        BillingHttp.Reply paid = billing.call("settle", BillingHttp.settleBody(
                auth.body().path("authorization_id").asText(), "{\"answer\": 7}", Map.of("usd", "0.012")));

        assertThat(paid.status()).as(paid.raw()).isEqualTo(200);
        assertThat(solana.usdc(payee)).isEqualTo(BigInteger.valueOf(11_400));
        assertThat(solana.usdc(feeRecipient)).isEqualTo(BigInteger.valueOf(600));
        assertThat(solana.usdc(payer.getPublicKeyBase58())).isEqualTo(BigInteger.valueOf(988_000));
    }

    @Test
    void concurrentAuthorizesCannotOverdrawASolanaDelegationEither() throws Exception {
        Account payer = solana.payer(10_000_000L, 1_000_000);
        AllowanceGrants.delegate(solana, payer, sponsor.getPublicKeyBase58(), ESTIMATE_UNITS.multiply(BigInteger.TWO));
        ObjectNode terms = BillingHttp.usageTerms("2.5", "10", "0.05", "solana", new Account().getPublicKeyBase58(),
                new Account().getPublicKeyBase58(), 500);

        List<BillingHttp.Reply> replies = concurrently(5, () -> authorize(terms,
                AllowanceGrants.signIn(payer, solana.network, RESOURCE)));

        assertThat(replies.stream().filter(r -> r.status() == 200)).hasSize(2);
        assertThat(replies.stream().filter(r -> r.status() == 402).map(BillingHttp.Reply::code))
                .containsOnly("allowance_insufficient").hasSize(3);
    }

    @Test
    void anActualCostTheGrantNoLongerCoversFailsAndKeepsTheOutputInTheJob() throws Exception {
        String payee = LocalPolygon.newKey().getAddress();
        Credentials payer = polygon.payer(BigInteger.TEN.pow(18), 1_000_000);
        AllowanceGrants.approve(polygon, payer, contract, BigInteger.valueOf(15_000));
        ObjectNode terms = evmTerms(payee, LocalPolygon.newKey().getAddress());
        BillingHttp.Reply auth = authorize(terms, AllowanceGrants.signIn(payer, evmNetwork, RESOURCE));
        assertThat(auth.status()).as(auth.raw()).isEqualTo(200);

        BillingHttp.Reply failed = billing.call("settle", BillingHttp.settleBody(
                auth.body().path("authorization_id").asText(), "{\"secret\": \"withheld\"}", Map.of("usd", "0.02")));

        assertThat(failed.status()).as(failed.raw()).isEqualTo(402);
        assertThat(failed.body().path("status").asText()).isEqualTo("failed");
        assertThat(failed.code()).isEqualTo("allowance_insufficient");
        assertThat(failed.raw()).doesNotContain("withheld");
        UUID job = UUID.fromString(failed.body().path("job_id").asText());
        assertThat(lockbox.find(job).orElseThrow().state()).isEqualTo(JobState.LOCKED);
        assertThat(polygon.usdc(payee)).isZero();
    }

    @Test
    void aSignInForAnotherResourceIsRefused() throws Exception {
        Credentials payer = polygon.payer(BigInteger.TEN.pow(18), 1_000_000);
        AllowanceGrants.approve(polygon, payer, contract, ESTIMATE_UNITS);
        BillingHttp.Reply r = authorize(evmTerms(LocalPolygon.newKey().getAddress(), LocalPolygon.newKey().getAddress()),
                AllowanceGrants.signIn(payer, evmNetwork, URI.create("http://api.host.test:8080/v1/other")));
        assertThat(r.status()).as(r.raw()).isEqualTo(402);
        assertThat(r.body().path("reason").asText()).isEqualTo("wrong_uri");
    }

    @Test
    void theStockSignInClientsHeaderAuthorizesAFixedPriceRequestFromADelegation() throws Exception {
        String payee = new Account().getPublicKeyBase58();
        String feeRecipient = new Account().getPublicKeyBase58();
        solana.node.mintTo(solana.usdc.address(), payee, BigInteger.ZERO);
        solana.node.mintTo(solana.usdc.address(), feeRecipient, BigInteger.ZERO);
        Account payer = solana.payer(10_000_000L, 1_000_000);
        AllowanceGrants.delegate(solana, payer, sponsor.getPublicKeyBase58(), BigInteger.valueOf(20_000));
        ObjectNode terms = BillingHttp.fixedTerms("0.02", "solana", payee, feeRecipient, 500);
        BillingHttp.Reply offers = billing.call("offers", BillingHttp.wrap("terms", terms));
        assertThat(offers.status()).as(offers.raw()).isEqualTo(200);

        // what the host's 402 carries, signed for by the stock client (it signs for accepts[0]'s network)
        JsonNode signed = stockSignIn(BillingHttp.encode(offers.body().path("payment_required")),
                "solana:" + Base58.encode(payer.getSecretKey()));
        assertThat(signed.path("status").asInt()).isEqualTo(200);
        BillingHttp.Reply auth = authorize(terms, signed.path("header").asText());
        assertThat(auth.status()).as(auth.raw()).isEqualTo(200);
        assertThat(auth.body().path("kind").asText()).isEqualTo("allowance");
        assertThat(auth.body().path("payer").asText()).isEqualTo(payer.getPublicKeyBase58());

        BillingHttp.Reply paid = billing.call("settle", BillingHttp.settleBody(
                auth.body().path("authorization_id").asText(), "{\"answer\": 1}", Map.of()));
        assertThat(paid.status()).as(paid.raw()).isEqualTo(200);
        assertThat(solana.usdc(payee)).isEqualTo(BigInteger.valueOf(19_000));
        assertThat(solana.usdc(feeRecipient)).isEqualTo(BigInteger.valueOf(1_000));
        // the stock client's nonce is used up: the same header authorizes nothing more
        assertThat(authorize(terms, signed.path("header").asText()).body().path("reason").asText())
                .isEqualTo("nonce_reused");
    }

    @Test
    void theStockSignInClientSignsForAUsagePriceOnARailWithoutUpto() throws Exception {
        String payee = new Account().getPublicKeyBase58();
        String feeRecipient = new Account().getPublicKeyBase58();
        solana.node.mintTo(solana.usdc.address(), payee, BigInteger.ZERO);
        solana.node.mintTo(solana.usdc.address(), feeRecipient, BigInteger.ZERO);
        Account payer = solana.payer(10_000_000L, 1_000_000);
        AllowanceGrants.delegate(solana, payer, sponsor.getPublicKeyBase58(), BigInteger.valueOf(60_000));
        ObjectNode terms = BillingHttp.usageTerms("2.5", "10", "0.05", "solana", payee, feeRecipient, 500);
        BillingHttp.Reply offers = billing.call("offers", BillingHttp.wrap("terms", terms));
        assertThat(offers.status()).as(offers.raw()).isEqualTo(200);
        // nothing x402 can pay here (no upto on Solana): one sign-in-only entry names the chain, with no extras, so
        // stock payment clients refuse it before signing
        JsonNode accepts = offers.body().path("payment_required").path("accepts");
        assertThat(accepts).hasSize(1);
        assertThat(accepts.get(0).path("network").asText()).isEqualTo(solana.network);
        assertThat(accepts.get(0).path("amount").asText()).as("the ceiling, 0.05 USD").isEqualTo("50000");
        assertThat(accepts.get(0).path("extra").isEmpty()).isTrue();

        JsonNode signed = stockSignIn(BillingHttp.encode(offers.body().path("payment_required")),
                "solana:" + Base58.encode(payer.getSecretKey()));
        assertThat(signed.path("status").asInt()).as(signed.toString()).isEqualTo(200);
        BillingHttp.Reply auth = authorize(terms, signed.path("header").asText());
        assertThat(auth.status()).as(auth.raw()).isEqualTo(200);
        assertThat(auth.body().path("kind").asText()).isEqualTo("allowance");
        assertThat(auth.body().path("payer").asText()).isEqualTo(payer.getPublicKeyBase58());
    }

    // ---- helpers ----

    /** Runs {@code interop/allowance/stock-sign-in.mjs}; its one output line is JSON. */
    private static JsonNode stockSignIn(String paymentRequired, String signer) throws Exception {
        java.io.File interop = new java.io.File(System.getProperty("tollgate.repo.root", ".."), "interop");
        ProcessBuilder pb = new ProcessBuilder("node", "allowance/stock-sign-in.mjs", BillingHttp.RESOURCE)
                .directory(interop);
        pb.environment().put("PAYMENT_REQUIRED", paymentRequired);
        pb.environment().put("SIWX_SIGNER", signer);
        Process process = pb.start();
        process.getOutputStream().close();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the stock client did not finish within 60 s");
        }
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        String err = new String(process.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(err).isZero();
        return BillingHttp.JSON.readTree(out.substring(out.lastIndexOf('\n') + 1));
    }

    private ObjectNode evmTerms(String payee, String feeRecipient) {
        return BillingHttp.usageTerms("2.5", "10", "0.05", "polygon", payee, feeRecipient, 500);
    }

    private BillingHttp.Reply authorize(ObjectNode terms, String signIn) {
        ObjectNode body = BillingHttp.wrap("terms", terms);
        body.put("estimate_usd", "0.01");
        ObjectNode credential = body.putObject("credential");
        credential.put("type", "siwx").put("header", signIn);
        return billing.call("authorize", body);
    }

    private static List<BillingHttp.Reply> concurrently(int n, Supplier<BillingHttp.Reply> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<BillingHttp.Reply>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.get();
                }));
            }
            start.countDown();
            List<BillingHttp.Reply> replies = new ArrayList<>();
            for (Future<BillingHttp.Reply> f : futures) {
                replies.add(f.get());
            }
            return replies;
        } finally {
            pool.shutdownNow();
        }
    }
}
