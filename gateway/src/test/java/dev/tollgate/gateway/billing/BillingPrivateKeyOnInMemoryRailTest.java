package dev.tollgate.gateway.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.memory.InMemoryRail;
import dev.tollgate.gateway.rails.InMemoryRailBuilder;
import dev.tollgate.gateway.rails.PaymentRails;
import dev.tollgate.gateway.support.InMemoryGatewayProperties;
import dev.tollgate.lockbox.Job;
import dev.tollgate.lockbox.JobState;
import dev.tollgate.lockbox.Lockbox;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.p2p.solanaj.core.Account;

/**
 * The {@code private_key} credential with {@code tollgate.billing.allow-private-key=true} (ATP's key switch stays
 * off: billing has its own), over real HTTP on the in-memory rail: a usage-priced request reserves its estimate
 * within the payer's balance (concurrent requests cannot overdraw it; release frees it), settle pays the actual cost
 * with the key sent again (never stored or echoed), a cost above the ceiling is not charged and its output waits in
 * the job, and a settle without the key moves nothing.
 */
@MicronautTest(transactional = false, environments = InMemoryRailBuilder.ENVIRONMENT)
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
class BillingPrivateKeyOnInMemoryRailTest implements TestPropertyProvider {
    private static final String NETWORK = "solana:billkey";
    private static final String USDC = InMemoryRail.newAccount().getPublicKeyBase58();
    private static final String PAY_TO = InMemoryRail.newAccount().getPublicKeyBase58();
    private static final String FEE_TO = InMemoryRail.newAccount().getPublicKeyBase58();

    @Inject
    EmbeddedServer server;
    @Inject
    PaymentRails rails;
    @Inject
    Lockbox lockbox;

    private BillingHttp http;
    private InMemoryRail rail;
    private ChainAsset usdc;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = InMemoryGatewayProperties.solana(NETWORK, USDC);
        p.put("tollgate.billing.token", BillingApiOnInMemoryRailTest.TOKEN);
        p.put("tollgate.billing.allow-private-key", "true");
        p.put("tollgate.private-key-settlement", "false");
        return p;
    }

    @BeforeEach
    void setUp() {
        http = new BillingHttp(server.getURI(), BillingApiOnInMemoryRailTest.TOKEN);
        rail = (InMemoryRail) rails.resolve("solana").orElseThrow().rail();
        usdc = rail.assets().get("USDC");
    }

    private static ObjectNode terms() {
        return BillingHttp.usageTerms("2.5", "10", "0.05", "solana", PAY_TO, FEE_TO, 500);
    }

    private static ObjectNode key(Account payer) {
        ObjectNode c = BillingHttp.JSON.createObjectNode();
        c.put("type", "private_key").put("key", InMemoryRail.secretOf(payer)).put("network", "solana")
                .put("asset", "USDC");
        return c;
    }

    private BillingHttp.Reply authorize(Account payer, String estimateUsd) {
        ObjectNode body = BillingHttp.wrap("terms", terms());
        body.put("estimate_usd", estimateUsd);
        body.set("credential", key(payer));
        return http.call("authorize", body);
    }

    @Test
    void offersTellTheKeyHeaderWhenKeysAreAllowed() {
        JsonNode offers = http.call("offers", BillingHttp.wrap("terms", terms())).body();
        assertThat(offers.path("atp").path("wallet_private_key_header").asText()).isEqualTo("x-wallet-private-key");
    }

    @Test
    void aKeyPaysTheActualCostOnceWithTheFeeSplitAndIsNeverEchoed() {
        Account payer = rail.newFundedAccount(usdc, BigInteger.valueOf(1_000_000));
        BillingHttp.Reply a = authorize(payer, "0.02");
        assertThat(a.status()).as(a.raw()).isEqualTo(200);
        assertThat(a.body().path("kind").asText()).isEqualTo("private_key");
        assertThat(a.body().path("payer").asText()).isEqualTo(payer.getPublicKeyBase58());
        assertThat(a.body().path("reserved_units").asText()).isEqualTo("20000");
        String id = a.body().path("authorization_id").asText();

        BillingHttp.Reply noKey = http.call("settle", BillingHttp.settleBody(id, "{\"ok\":1}",
                Map.of("usd", "0.0123")));
        assertThat(noKey.status()).as("the key is never stored: settle needs it again").isEqualTo(400);
        assertThat(noKey.code()).isEqualTo("invalid_credential");

        ObjectNode body = BillingHttp.settleBody(id, "{\"ok\":1}", Map.of("usd", "0.0123",
                "usage", Map.of("input_tokens", 1000, "output_tokens", 1000, "total_tokens", 2000)));
        body.set("credential", key(payer));
        BillingHttp.Reply paid = http.call("settle", body);
        assertThat(paid.status()).as(paid.raw()).isEqualTo(200);
        assertThat(paid.raw()).doesNotContain(InMemoryRail.secretOf(payer));
        JsonNode p = paid.body();
        assertThat(p.path("total_units").asText()).as("0.0123 USD rounded up to whole units").isEqualTo("12300");
        assertThat(p.path("fee_units").asText()).isEqualTo("615");
        assertThat(p.path("net_units").asText()).isEqualTo("11685");
        assertThat(p.path("payment_response").isNull()).isTrue();
        assertThat(p.path("atp_settlement").path("pricing").path("input_tokens").asLong()).isEqualTo(1000);
        assertThat(p.path("atp_settlement").path("pricing").path("input_cost_per_million_usd").asText())
                .isEqualTo("2.5");
        assertThat(rail.balanceOf(payer.getPublicKeyBase58(), usdc)).isEqualTo(BigInteger.valueOf(1_000_000 - 12_300));
        assertThat(rail.balanceOf(PAY_TO, usdc)).isGreaterThanOrEqualTo(BigInteger.valueOf(11_685));
        Job job = lockbox.find(UUID.fromString(p.path("job_id").asText())).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.RELEASED);
        assertThat(job.payer()).isEqualTo(payer.getPublicKeyBase58());

        BillingHttp.Reply twice = http.call("settle", body);
        assertThat(twice.status()).isEqualTo(409);
        assertThat(rail.balanceOf(payer.getPublicKeyBase58(), usdc)).isEqualTo(BigInteger.valueOf(1_000_000 - 12_300));
    }

    @Test
    void reservationsNeverPassTheBalanceAndReleaseFreesThem() {
        Account payer = rail.newFundedAccount(usdc, BigInteger.valueOf(50_000));
        BillingHttp.Reply first = authorize(payer, "0.03");
        assertThat(first.status()).as(first.raw()).isEqualTo(200);
        BillingHttp.Reply second = authorize(payer, "0.03");
        assertThat(second.status()).as("30,000 + 30,000 > 50,000: " + second.raw()).isEqualTo(402);
        assertThat(second.code()).isEqualTo("insufficient_funds");
        assertThat(second.body().path("payment_required").path("x402Version").asInt()).isEqualTo(2);
        assertThat(http.call("release", Map.of("authorization_id", first.body().path("authorization_id").asText()))
                .status()).isEqualTo(204);
        assertThat(authorize(payer, "0.03").status()).as("freed").isEqualTo(200);
        Account rich = rail.newFundedAccount(usdc, BigInteger.valueOf(1_000_000));
        assertThat(authorize(rich, "1").body().path("reserved_units").asText())
                .as("an estimate above the ceiling reserves the ceiling only").isEqualTo("50000");
    }

    @Test
    void aCostAboveTheCeilingIsNotChargedAndTheOutputWaitsInTheJob() {
        Account payer = rail.newFundedAccount(usdc, BigInteger.valueOf(1_000_000));
        String id = authorize(payer, "0.01").body().path("authorization_id").asText();
        ObjectNode body = BillingHttp.settleBody(id, "{\"big\":true}", Map.of("usd", "0.06"));
        body.set("credential", key(payer));
        BillingHttp.Reply r = http.call("settle", body);
        assertThat(r.status()).as(r.raw()).isEqualTo(402);
        assertThat(r.body().path("status").asText()).isEqualTo("failed");
        assertThat(r.body().path("reason").asText()).isEqualTo("amount_exceeds_ceiling");
        String jobId = r.body().path("job_id").asText();
        Job job = lockbox.find(UUID.fromString(jobId)).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.LOCKED);
        assertThat(job.totalUnits()).isEqualTo(BigInteger.valueOf(60_000));
        assertThat(r.body().path("output_url").asText()).endsWith("/v1/agent/jobs/" + jobId + "/output");
        assertThat(r.body().path("payment_required").path("x402Version").asInt()).isEqualTo(2);
        assertThat(rail.balanceOf(payer.getPublicKeyBase58(), usdc)).isEqualTo(BigInteger.valueOf(1_000_000));
    }
}
