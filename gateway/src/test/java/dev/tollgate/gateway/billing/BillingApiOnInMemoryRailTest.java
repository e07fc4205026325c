package dev.tollgate.gateway.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.memory.InMemoryRail;
import dev.tollgate.chain.memory.InMemoryRailExactScheme;
import dev.tollgate.gateway.proof.SignedIn;
import dev.tollgate.gateway.rails.InMemoryRailBuilder;
import dev.tollgate.gateway.rails.PaymentRails;
import dev.tollgate.gateway.support.InMemoryGatewayProperties;
import dev.tollgate.gateway.support.SignInHeaders;
import dev.tollgate.lockbox.BillingAuthorizationStore;
import dev.tollgate.lockbox.Job;
import dev.tollgate.lockbox.JobState;
import dev.tollgate.lockbox.Lockbox;
import dev.tollgate.lockbox.testing.MutableClock;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.p2p.solanaj.core.Account;

/**
 * The billing API over real HTTP and the real embedded PostgreSQL, on the in-memory rail's {@code exact} scheme and
 * custodial signer (the rails' own schemes are paid on the local chains in the x402 test package): the bearer token,
 * every terms field validated with its code, the offers' shape, exact authorize and settle exactly once, a replayed
 * or concurrently presented payload authorising one request, release, expiry and the reaper, private keys refused by
 * default, and Sign-In-With-X verified against the resource's URL.
 */
@MicronautTest(transactional = false, environments = InMemoryRailBuilder.ENVIRONMENT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BillingApiOnInMemoryRailTest implements TestPropertyProvider {
    static final String TOKEN = "billing-test-token-0123456789";
    private static final String NETWORK = "solana:billmem";
    private static final String USDC = InMemoryRail.newAccount().getPublicKeyBase58();
    private static final String PAY_TO = InMemoryRail.newAccount().getPublicKeyBase58();
    private static final String FEE_TO = InMemoryRail.newAccount().getPublicKeyBase58();

    @Inject
    EmbeddedServer server;
    @Inject
    PaymentRails rails;
    @Inject
    Lockbox lockbox;
    @Inject
    MutableClock clock;
    @Inject
    BillingAuthorizationStore store;
    @Inject
    BillingConfig config;
    @Inject
    BillingSignIns signIns;
    @Inject
    BillingTermsReader termsReader;

    private BillingHttp http;
    private InMemoryRail rail;
    private ChainAsset usdc;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = InMemoryGatewayProperties.solana(NETWORK, USDC);
        p.put("tollgate.billing.token", TOKEN);
        return p;
    }

    @BeforeEach
    void setUp() {
        clock.set(Instant.now());
        if (http == null) {
            http = new BillingHttp(server.getURI(), TOKEN);
            rail = (InMemoryRail) rails.resolve("solana").orElseThrow().rail();
            usdc = rail.assets().get("USDC");
        }
    }

    private static ObjectNode terms() {
        return BillingHttp.fixedTerms("0.01", "solana", PAY_TO, FEE_TO, 500);
    }

    // ---- access ----

    @Test
    void aMissingOrWrongTokenIs401AndNothingIsDone() {
        ObjectNode body = BillingHttp.wrap("terms", terms());
        for (String auth : new String[] {null, "Bearer wrong", "bearer " + TOKEN, TOKEN, "Bearer " + TOKEN + "x"}) {
            for (String endpoint : List.of("offers", "authorize", "settle", "release")) {
                BillingHttp.Reply r = http.call(endpoint, body, auth);
                assertThat(r.status()).as(endpoint + " with " + auth).isEqualTo(401);
                assertThat(r.code()).isEqualTo("unauthorized");
                assertThat(r.raw()).doesNotContain(TOKEN);
            }
        }
        assertThat(http.call("offers", body).status()).isEqualTo(200);
    }

    // ---- terms ----

    @Test
    void invalidTermsAre400NamingTheField() {
        Map<String, Consumer<ObjectNode>> cases = new LinkedHashMap<>();
        cases.put("resource#empty", t -> t.removeAll());
        cases.put("resource", t -> t.remove("resource"));
        cases.put("resource.url", t -> ((ObjectNode) t.get("resource")).put("url", "ftp://host/x"));
        cases.put("resource.url#user", t -> ((ObjectNode) t.get("resource")).put("url", "http://u:p@host/x"));
        cases.put("resource.url#relative", t -> ((ObjectNode) t.get("resource")).put("url", "/v1/quote"));
        cases.put("resource.mimeType", t -> ((ObjectNode) t.get("resource")).put("mimeType", "not a type"));
        cases.put("price", t -> ((ObjectNode) t.get("price")).put("ceiling_usd", "1"));
        cases.put("price.fixed_usd", t -> ((ObjectNode) t.get("price")).put("fixed_usd", "-1"));
        cases.put("price.fixed_usd#zero", t -> ((ObjectNode) t.get("price")).put("fixed_usd", "0"));
        cases.put("price.fixed_usd#exp", t -> ((ObjectNode) t.get("price")).put("fixed_usd", "1e3"));
        cases.put("price.fixed_usd#number", t -> ((ObjectNode) t.get("price")).put("fixed_usd", 0.01));
        cases.put("price.fixed_usd#digits", t -> ((ObjectNode) t.get("price")).put("fixed_usd",
                "0.0000000000000000001"));
        cases.put("rails", t -> t.putArray("rails"));
        cases.put("rails[0].network", t -> ((ObjectNode) t.get("rails").get(0)).put("network", "eip155:999999"));
        cases.put("rails[0].asset", t -> ((ObjectNode) t.get("rails").get(0)).put("asset", "DOGE"));
        cases.put("rails[0].pay_to", t -> ((ObjectNode) t.get("rails").get(0)).put("pay_to", "0xnotsolana"));
        cases.put("rails[0].fee_recipient", t -> ((ObjectNode) t.get("rails").get(0)).remove("fee_recipient"));
        cases.put("rails[1]", t -> ((com.fasterxml.jackson.databind.node.ArrayNode) t.get("rails"))
                .add(t.get("rails").get(0).deepCopy()));
        cases.put("fee_bps", t -> t.put("fee_bps", 10_001));
        cases.put("fee_bps#text", t -> t.put("fee_bps", "500"));
        cases.put("finality", t -> t.put("finality", "processed"));
        for (Map.Entry<String, Consumer<ObjectNode>> c : cases.entrySet()) {
            ObjectNode t = terms();
            c.getValue().accept(t);
            for (String endpoint : List.of("offers", "authorize")) {
                BillingHttp.Reply r = http.call(endpoint, BillingHttp.wrap("terms", t));
                assertThat(r.status()).as(c.getKey() + " " + endpoint + ": " + r.raw()).isEqualTo(400);
                assertThat(r.code()).as(c.getKey()).isEqualTo("invalid_terms");
                String field = c.getKey().contains("#") ? c.getKey().substring(0, c.getKey().indexOf('#'))
                        : c.getKey();
                assertThat(r.body().path("error").path("field").asText()).as(c.getKey()).isEqualTo(field);
                assertThat(r.body().path("detail").asText()).isNotBlank();
            }
        }
        BillingHttp.Reply notObject = http.call("offers", "{\"terms\": \"cheap\"}");
        assertThat(notObject.status()).isEqualTo(400);
        assertThat(notObject.body().path("error").path("field").asText()).isEqualTo("terms");
        BillingHttp.Reply notJson = http.call("offers", "{not json");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.code()).isEqualTo("invalid_json");
    }

    @Test
    void termsAreCanonicalisedAndReadBackTheSame() {
        BillingTerms read = termsReader.read(terms());
        assertThat(read.rails().get(0).network()).as("the alias resolved").isEqualTo(NETWORK);
        BillingTerms again = termsReader.read(readTree(read.json()));
        assertThat(again.json()).isEqualTo(read.json());
        assertThat(read.resource().domain()).isEqualTo("api.host.test:8080");
    }

    // ---- offers ----

    @Test
    void offersCarryOneFreshExactEntryForAFixedPriceAndNoKeyHintByDefault() {
        BillingHttp.Reply r = http.call("offers", BillingHttp.wrap("terms", terms()));
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        JsonNode required = r.body().path("payment_required");
        assertThat(required.path("x402Version").asInt()).isEqualTo(2);
        assertThat(required.path("error").asText()).isEqualTo("payment_required");
        assertThat(required.path("resource").path("url").asText()).isEqualTo(BillingHttp.RESOURCE);
        assertThat(required.path("resource").path("mimeType").asText()).isEqualTo("application/json");
        assertThat(required.path("accepts")).hasSize(1);
        JsonNode offer = required.path("accepts").get(0);
        assertThat(offer.path("scheme").asText()).isEqualTo("exact");
        assertThat(offer.path("network").asText()).isEqualTo(NETWORK);
        assertThat(offer.path("asset").asText()).isEqualTo(USDC);
        assertThat(offer.path("amount").asText()).as("0.01 USD in USDC units").isEqualTo("10000");
        assertThat(offer.path("payTo").asText()).isEqualTo(rail.exact().vault());
        String jobId = offer.path("extra").path("tollgateJobId").asText();
        assertThat(UUID.fromString(jobId).toString()).isEqualTo(jobId);
        assertThat(lockbox.find(UUID.fromString(jobId))).as("no job until settle").isEmpty();
        assertThat(r.body().path("allowances").isArray()).isTrue();
        assertThat(r.body().has("atp")).as("private keys are off").isFalse();

        String second = http.call("offers", BillingHttp.wrap("terms", terms())).body().path("payment_required")
                .path("accepts").get(0).path("extra").path("tollgateJobId").asText();
        assertThat(second).as("every offer names a fresh job").isNotEqualTo(jobId);

        JsonNode usage = http.call("offers", BillingHttp.wrap("terms", BillingHttp.usageTerms("2.5", "10", "0.05",
                "solana", PAY_TO, FEE_TO, 500))).body();
        assertThat(usage.path("payment_required").path("accepts")).as("exact pays fixed prices only").isEmpty();
    }

    // ---- exact ----

    @Test
    void exactAuthorizeThenSettlePaysTheTermsOnceAndSealsTheOutputInTheJob() {
        Account payer = funded();
        JsonNode offer = offer();
        String header = paymentFor(payer, offer);
        int settlementsBefore = rail.exact().settlements();

        BillingHttp.Reply authorized = authorize(header);
        assertThat(authorized.status()).as(authorized.raw()).isEqualTo(200);
        JsonNode a = authorized.body();
        assertThat(a.path("kind").asText()).isEqualTo("exact");
        assertThat(a.path("network").asText()).isEqualTo(NETWORK);
        assertThat(a.path("asset").asText()).isEqualTo("USDC");
        assertThat(a.path("payer").asText()).isEqualTo(payer.getPublicKeyBase58());
        assertThat(a.path("reserved_units").asText()).isEqualTo("10000");
        assertThat(Instant.parse(a.path("expires_at").asText())).isAfter(Instant.now());
        assertThat(rail.exact().settlements()).as("authorize never broadcasts").isEqualTo(settlementsBefore);

        BillingHttp.Reply paid = http.call("settle", BillingHttp.settleBody(a.path("authorization_id").asText(),
                "{\"quote\":42}", Map.of()));
        assertThat(paid.status()).as(paid.raw()).isEqualTo(200);
        JsonNode p = paid.body();
        String jobId = offer.path("extra").path("tollgateJobId").asText();
        assertThat(p.path("status").asText()).isEqualTo("paid");
        assertThat(p.path("job_id").asText()).as("the job the offer named").isEqualTo(jobId);
        assertThat(p.path("total_units").asText()).isEqualTo("10000");
        assertThat(p.path("fee_units").asText()).isEqualTo("500");
        assertThat(p.path("net_units").asText()).isEqualTo("9500");
        assertThat(p.path("usd").asText()).isEqualTo("0.01");
        assertThat(p.path("tx_id").asText()).isNotBlank();
        JsonNode response = BillingHttp.decode(p.path("payment_response").asText());
        assertThat(response.path("success").asBoolean()).isTrue();
        assertThat(response.path("transaction").asText()).isEqualTo(p.path("tx_id").asText());
        JsonNode atp = p.path("atp_settlement");
        assertThat(atp.path("status").asText()).isEqualTo("paid");
        assertThat(atp.path("transaction_signature").asText()).isEqualTo(p.path("tx_id").asText());
        assertThat(atp.path("pricing").path("source").asText()).isEqualTo("tollgate_billing");
        assertThat(atp.path("payment").path("total_amount_units").asLong()).isEqualTo(10_000);
        assertThat(atp.path("payment").path("treasury").path("pubkey").asText()).isEqualTo(FEE_TO);
        assertThat(atp.path("payment").path("treasury").path("amount_units").asLong()).isEqualTo(500);
        assertThat(atp.path("payment").path("recipient").path("pubkey").asText()).isEqualTo(PAY_TO);
        assertThat(atp.path("payment").path("recipient").path("amount_units").asLong()).isEqualTo(9_500);
        assertThat(rail.exact().settlements()).isEqualTo(settlementsBefore + 1);

        Job job = lockbox.find(UUID.fromString(jobId)).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.RELEASED);
        assertThat(job.payee()).isEqualTo(PAY_TO);
        assertThat(job.feeRecipient()).isEqualTo(FEE_TO);
        assertThat(job.feeBps()).isEqualTo(500);
        assertThat(job.totalUnits()).isEqualTo(BigInteger.valueOf(10_000));
        assertThat(new String(lockbox.releasedOutput(job.id()), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"quote\":42");

        BillingHttp.Reply again = http.call("settle", BillingHttp.settleBody(a.path("authorization_id").asText(),
                "{\"quote\":42}", Map.of()));
        assertThat(again.status()).as("exactly once: " + again.raw()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("authorization_used");
        assertThat(rail.exact().settlements()).isEqualTo(settlementsBefore + 1);

        BillingHttp.Reply replay = authorize(header);
        assertThat(replay.status()).as(replay.raw()).isEqualTo(402);
        assertThat(replay.body().path("reason").asText()).isIn("payment_already_used");
        assertThat(replay.body().path("payment_required").path("accepts")).hasSize(1);
    }

    @Test
    void twoPayloadsSignedForOneOfferAuthoriseOneRequest() {
        Account payer = funded();
        JsonNode offer = offer();
        assertThat(authorize(paymentFor(payer, offer)).status()).isEqualTo(200);
        BillingHttp.Reply second = authorize(paymentFor(payer, offer));
        assertThat(second.status()).as("one offer names one job: " + second.raw()).isEqualTo(402);
        assertThat(second.body().path("reason").asText()).isEqualTo("payment_already_used");
    }

    @Test
    void aSettlementNotFinalInTimeIs202AndTheOutputWaitsAtTheOutputUrl() {
        Account payer = funded();
        JsonNode offer = offer();
        String id = authorize(paymentFor(payer, offer)).body().path("authorization_id").asText();
        rail.scriptNext(new InMemoryRail.Behaviour.PendingFor(40)); // longer than the 2 s settle wait
        BillingHttp.Reply pending = http.call("settle", BillingHttp.settleBody(id, "{\"late\":1}", Map.of()));
        assertThat(pending.status()).as(pending.raw()).isEqualTo(202);
        String jobId = offer.path("extra").path("tollgateJobId").asText();
        assertThat(pending.body().path("status").asText()).isEqualTo("pending");
        assertThat(pending.body().path("job_id").asText()).isEqualTo(jobId);
        assertThat(pending.body().path("tx_id").asText()).isNotBlank();
        assertThat(pending.body().path("output_url").asText())
                .isEqualTo(server.getURI().toString().replaceAll("/$", "") + "/v1/agent/jobs/" + jobId + "/output");
        assertThat(lockbox.find(UUID.fromString(jobId)).orElseThrow().state()).isEqualTo(JobState.SETTLING);
        assertThat(http.call("settle", BillingHttp.settleBody(id, "{}", Map.of())).status())
                .as("never settled twice").isEqualTo(409);
    }

    @Test
    void aFailedSettlementIs402AndTheJobStaysLockedWithItsOutputAndPayable() {
        Account payer = funded();
        JsonNode offer = offer();
        String id = authorize(paymentFor(payer, offer)).body().path("authorization_id").asText();
        rail.scriptNext(new InMemoryRail.Behaviour.FailsOnChain());
        BillingHttp.Reply failed = http.call("settle", BillingHttp.settleBody(id, "{\"kept\":1}", Map.of()));
        assertThat(failed.status()).as(failed.raw()).isEqualTo(402);
        String jobId = offer.path("extra").path("tollgateJobId").asText();
        assertThat(failed.body().path("status").asText()).isEqualTo("failed");
        assertThat(failed.body().path("job_id").asText()).isEqualTo(jobId);
        assertThat(failed.body().path("reason").asText()).isNotBlank();
        assertThat(failed.body().path("error").path("code").asText()).isNotBlank();
        assertThat(lockbox.find(UUID.fromString(jobId)).orElseThrow().state()).isEqualTo(JobState.LOCKED);
        JsonNode demand = failed.body().path("payment_required");
        assertThat(demand.path("accepts").get(0).path("extra").path("tollgateJobId").asText()).isEqualTo(jobId);
        assertThat(demand.path("resource").path("url").asText()).endsWith("/v1/agent/jobs/" + jobId + "/output");
        assertThat(http.call("settle", BillingHttp.settleBody(id, "{}", Map.of())).code())
                .isEqualTo("authorization_used");
    }

    @Test
    void theExactSettlementWaitsForTheFinalityTheTermsAskFor() {
        Account payer = funded();
        ObjectNode finalized = terms();
        finalized.put("finality", "finalized");
        BillingHttp.Reply offers = http.call("offers", BillingHttp.wrap("terms", finalized));
        JsonNode offer = offers.body().path("payment_required").path("accepts").get(0);
        ObjectNode body = BillingHttp.wrap("terms", finalized);
        body.set("credential", BillingHttp.x402(paymentFor(payer, offer)));
        String id = http.call("authorize", body).body().path("authorization_id").asText();
        BillingHttp.Reply paid = http.call("settle", BillingHttp.settleBody(id, "{}", Map.of()));
        assertThat(paid.status()).as(paid.raw()).isEqualTo(200);
        Job job = lockbox.find(UUID.fromString(offer.path("extra").path("tollgateJobId").asText())).orElseThrow();
        assertThat(job.quoteJson()).contains("\"finality\":\"finalized\"");
        assertThat(job.settlementJson()).contains("\"commitment\":\"finalized\"");
        Job confirmed = lockbox.find(UUID.fromString(settledJob())).orElseThrow();
        assertThat(confirmed.settlementJson()).contains("\"commitment\":\"confirmed\"");
    }

    /** A job paid under the default terms (finality confirmed); its id. */
    private String settledJob() {
        Account payer = funded();
        JsonNode offer = offer();
        String id = authorize(paymentFor(payer, offer)).body().path("authorization_id").asText();
        BillingHttp.Reply paid = http.call("settle", BillingHttp.settleBody(id, "{}", Map.of()));
        assertThat(paid.status()).as(paid.raw()).isEqualTo(200);
        return paid.body().path("job_id").asText();
    }

    @Test
    void twoConcurrentAuthorizesOfOnePayloadLetExactlyOneWin() throws Exception {
        Account payer = funded();
        String header = paymentFor(payer, offer());
        int n = 8;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<BillingHttp.Reply> replies = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<BillingHttp.Reply>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return authorize(header);
                }));
            }
            go.countDown();
            for (Future<BillingHttp.Reply> f : futures) {
                replies.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(replies.stream().filter(r -> r.status() == 200).count()).as(replies.toString()).isEqualTo(1);
        for (BillingHttp.Reply r : replies) {
            if (r.status() != 200) {
                assertThat(r.status()).isEqualTo(402);
                assertThat(r.body().path("reason").asText()).isEqualTo("payment_already_used");
            }
        }
    }

    @Test
    void aPaymentThatIsNotOurOfferOrDoesNotVerifyIsRefusedWithItsReason() {
        Account payer = funded();
        JsonNode offer = offer();
        ObjectNode cheaper = offer.deepCopy();
        cheaper.put("amount", "1");
        BillingHttp.Reply r = authorize(paymentFor(payer, cheaper));
        assertThat(r.status()).as(r.raw()).isEqualTo(402);
        assertThat(r.body().path("reason").asText()).isEqualTo("invalid_payment_requirements");
        assertThat(r.code()).isEqualTo("payment_refused");
        assertThat(r.body().path("payment_required").path("x402Version").asInt()).isEqualTo(2);

        rail.exact().refuseNextVerify("invalid_exact_memrail_signature");
        BillingHttp.Reply refused = authorize(paymentFor(payer, offer));
        assertThat(refused.status()).isEqualTo(402);
        assertThat(refused.body().path("reason").asText()).isEqualTo("invalid_exact_memrail_signature");

        BillingHttp.Reply garbage = authorize("not base64 at all!");
        assertThat(garbage.status()).isEqualTo(402);
        assertThat(garbage.body().path("reason").asText()).isEqualTo("invalid_payload");

        ObjectNode body = BillingHttp.wrap("terms", terms());
        body.putObject("credential").put("type", "cheque");
        BillingHttp.Reply unknownType = http.call("authorize", body);
        assertThat(unknownType.status()).isEqualTo(400);
        assertThat(unknownType.code()).isEqualTo("invalid_credential");
        assertThat(unknownType.body().path("error").path("field").asText()).isEqualTo("credential.type");
    }

    @Test
    void releaseFreesTheAuthorizationIdempotentlyAndASettleAfterItIs409() {
        Account payer = funded();
        String id = authorize(paymentFor(payer, offer())).body().path("authorization_id").asText();
        Map<String, String> release = Map.of("authorization_id", id);
        assertThat(http.call("release", release).status()).isEqualTo(204);
        assertThat(http.call("release", release).status()).as("idempotent").isEqualTo(204);
        BillingHttp.Reply settle = http.call("settle", BillingHttp.settleBody(id, "{}", Map.of()));
        assertThat(settle.status()).isEqualTo(409);
        assertThat(settle.code()).isEqualTo("authorization_used");
        assertThat(http.call("release", Map.of("authorization_id", UUID.randomUUID().toString())).code())
                .isEqualTo("authorization_not_found");
        assertThat(http.call("release", Map.of("authorization_id", "nope")).status()).isEqualTo(400);
    }

    @Test
    void anExpiredAuthorizationIsNotSettledAndTheReaperPurgesItAfterTheRetention() {
        Account payer = funded();
        String id = authorize(paymentFor(payer, offer())).body().path("authorization_id").asText();
        clock.advance(Duration.ofSeconds(config.authorizationTtlSeconds() + 1));
        BillingHttp.Reply late = http.call("settle", BillingHttp.settleBody(id, "{}", Map.of()));
        assertThat(late.status()).as(late.raw()).isEqualTo(409);
        assertThat(late.code()).isEqualTo("authorization_expired");

        BillingReaper reaper = new BillingReaper(store, config); // the bean is off in tests
        reaper.runOnce();
        assertThat(store.find(UUID.fromString(id))).as("kept within the retention").isPresent();
        clock.advance(Duration.ofSeconds(config.authorizationRetentionSeconds()));
        assertThat(reaper.runOnce()).isGreaterThanOrEqualTo(1);
        assertThat(store.find(UUID.fromString(id))).isEmpty();
        assertThat(http.call("settle", BillingHttp.settleBody(id, "{}", Map.of())).code())
                .isEqualTo("authorization_not_found");
    }

    @Test
    void aSettleWithABadOutputIsRefusedBeforeAnythingMoves() {
        Account payer = funded();
        String id = authorize(paymentFor(payer, offer())).body().path("authorization_id").asText();
        ObjectNode body = BillingHttp.settleBody(id, "{}", Map.of());
        ((ObjectNode) body.get("output")).put("base64", "***");
        BillingHttp.Reply r = http.call("settle", body);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().path("error").path("field").asText()).isEqualTo("output.base64");
        assertThat(store.find(UUID.fromString(id)).orElseThrow().state())
                .isEqualTo(dev.tollgate.lockbox.BillingAuthorization.State.RESERVED);
        assertThat(http.call("settle", BillingHttp.settleBody(id, "{}", Map.of())).status()).isEqualTo(200);
    }

    // ---- private keys ----

    @Test
    void privateKeysAreRefusedByDefault() {
        Account payer = funded();
        ObjectNode body = BillingHttp.wrap("terms", terms());
        body.putObject("credential").put("type", "private_key").put("key", InMemoryRail.secretOf(payer));
        BillingHttp.Reply r = http.call("authorize", body);
        assertThat(r.status()).as(r.raw()).isEqualTo(403);
        assertThat(r.code()).isEqualTo("private_key_disabled");
        assertThat(r.raw()).doesNotContain(InMemoryRail.secretOf(payer));
    }

    // ---- Sign-In-With-X for billed resources ----

    @Test
    void aSignInIsVerifiedAgainstTheResourceUrlAndItsNonceIsUsedOnce() {
        Account wallet = InMemoryRail.newAccount();
        BillingTerms t = termsReader.read(terms());
        URI host = URI.create("http://api.host.test:8080");
        Map<String, Object> payload = SignInHeaders.payload(wallet, NETWORK, host, "/v1/quote", clock.instant());
        String header = SignInHeaders.header(payload);
        SignedIn signedIn = signIns.verify(t, siwx(header));
        assertThat(signedIn.address()).isEqualTo(wallet.getPublicKeyBase58());
        assertThat(signedIn.network()).isEqualTo(NETWORK);
        assertRefused(t, header, "nonce_reused");

        assertRefused(t, SignInHeaders.header(SignInHeaders.payload(wallet, NETWORK, host, "/v1/other",
                clock.instant())), "wrong_uri");
        assertRefused(t, SignInHeaders.header(SignInHeaders.payload(wallet, NETWORK,
                URI.create("http://evil.test:8080"), "/v1/quote", clock.instant())), "wrong_domain");
        assertRefused(t, SignInHeaders.header(SignInHeaders.payload(wallet, NETWORK, server.getURI(), "/v1/quote",
                clock.instant())), "wrong_domain");
        Map<String, Object> forged = new LinkedHashMap<>(SignInHeaders.payload(wallet, NETWORK, host, "/v1/quote",
                clock.instant()));
        forged.put("address", InMemoryRail.newAccount().getPublicKeyBase58());
        assertRefused(t, SignInHeaders.header(forged), "bad_signature");
    }

    private void assertRefused(BillingTerms t, String header, String reason) {
        try {
            signIns.verify(t, siwx(header));
            throw new AssertionError("accepted a sign-in that should be refused: " + reason);
        } catch (BillingRefusal e) {
            assertThat(e.status().getCode()).isEqualTo(402);
            assertThat(e.reason()).isEqualTo(reason);
        }
    }

    private static PresentedCredential siwx(String header) {
        return new PresentedCredential(PresentedCredential.SIWX, header, null, null, null, null);
    }

    // ---- helpers ----

    private Account funded() {
        return rail.newFundedAccount(usdc, BigInteger.valueOf(1_000_000_000L));
    }

    private JsonNode offer() {
        BillingHttp.Reply r = http.call("offers", BillingHttp.wrap("terms", terms()));
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.body().path("payment_required").path("accepts").get(0);
    }

    private BillingHttp.Reply authorize(String header) {
        ObjectNode body = BillingHttp.wrap("terms", terms());
        body.set("credential", BillingHttp.x402(header));
        return http.call("authorize", body);
    }

    /** What a stock client sends for {@code accepted}: the x402 v2 PaymentPayload, base64. */
    static String paymentFor(Account payer, JsonNode accepted) {
        Map<String, Object> payload = InMemoryRailExactScheme.sign(payer, accepted.path("network").asText(),
                accepted.path("asset").asText(), accepted.path("payTo").asText(), accepted.path("amount").asText(),
                UUID.randomUUID().toString().replace("-", ""),
                System.currentTimeMillis() / 1000 + 300);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("x402Version", 2);
        p.put("resource", Map.of("url", BillingHttp.RESOURCE));
        p.put("accepted", BillingHttp.JSON.convertValue(accepted, Map.class));
        p.put("payload", payload);
        return BillingHttp.encode(p);
    }

    private static JsonNode readTree(String json) {
        try {
            return BillingHttp.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
