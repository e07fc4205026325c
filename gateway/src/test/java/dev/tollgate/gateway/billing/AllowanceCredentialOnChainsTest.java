package dev.tollgate.gateway.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.gateway.support.AllowanceGrants;
import dev.tollgate.gateway.support.GatewayTestProperties;
import dev.tollgate.gateway.support.LocalPolygon;
import dev.tollgate.gateway.support.LocalSolana;
import dev.tollgate.gateway.support.TestAgent;
import dev.tollgate.lockbox.BillingAuthorization;
import dev.tollgate.lockbox.BillingAuthorizationStore;
import dev.tollgate.lockbox.Job;
import dev.tollgate.lockbox.JobState;
import dev.tollgate.lockbox.Lockbox;
import dev.tollgate.lockbox.NewJob;
import dev.tollgate.lockbox.testing.MutableClock;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.p2p.solanaj.core.Account;
import org.p2p.solanaj.utils.Base58;
import org.web3j.crypto.Credentials;

/**
 * The {@code allowance} credential inside a real gateway on both local chains and the embedded PostgreSQL, driven
 * as the billing service drives it (authorize, reserve within spendable, create the job, settle): concurrent
 * authorizations cannot overdraw a grant, a settle charges exactly net and fee on chain and releases the job,
 * an actual cost above the estimate is charged only while the grant still covers it, and a SIGN-IN-WITH-X for
 * another URL is refused.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AllowanceCredentialOnChainsTest implements TestPropertyProvider {
    private static final URI RESOURCE = URI.create("http://shop.example:8443/v1/chat/completions");
    private static final ObjectMapper JSON = new ObjectMapper();

    final TestAgent agent = new TestAgent();
    final LocalPolygon polygon = LocalPolygon.get();
    final LocalSolana solana = LocalSolana.get();
    final Credentials relayer = LocalPolygon.newKey();
    final Account sponsor = new Account();
    final String evmPayee = LocalPolygon.newKey().getAddress();
    final String evmFee = LocalPolygon.newKey().getAddress();
    final String solPayee = new Account().getPublicKeyBase58();
    final String solFee = new Account().getPublicKeyBase58();
    String contract;

    @Inject
    AllowanceCredential credential;
    @Inject
    BillingTermsReader terms;
    @Inject
    BillingAuthorizationStore store;
    @Inject
    Lockbox lockbox;
    @Inject
    MutableClock clock;
    @Inject
    AllowanceSettler settler;
    @Inject
    BillingOffers offers;
    @Inject
    dev.tollgate.gateway.core.SettlementReconciler reconciler;
    @Inject
    dev.tollgate.gateway.rails.PaymentRails rails;

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
        return GatewayTestProperties.withTestDrivenReconciler(p);
    }

    @BeforeEach
    void realTime() {
        clock.set(Instant.now()); // sign-ins are made against real time
    }

    @AfterAll
    void stop() {
        agent.close();
    }

    @Test
    void offersNameTheSpenderOfEachRail() {
        assertThat(credential.offers(terms(usage()))).isEqualTo(BillingCredential.OfferPart.NONE);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> allowances = (List<Map<String, Object>>) offers.offers(terms(usage()))
                .get("allowances");
        assertThat(allowances).extracting(a -> a.get("network"), a -> a.get("spender"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("eip155:" + LocalPolygon.CHAIN_ID, contract),
                        org.assertj.core.groups.Tuple.tuple(solana.network, sponsor.getPublicKeyBase58()));
    }

    @Test
    void concurrentAuthorizationsCannotOverdrawAnEvmAllowance() throws Exception {
        BillingTerms t = terms(usage());
        Credentials payer = polygon.payer(BigInteger.TEN.pow(18), 1_000_000);
        BigInteger estimate = new BillingPricesProbe(credential, t, payer).units();
        AllowanceGrants.approve(polygon, payer, contract, estimate.multiply(BigInteger.valueOf(3)));

        List<BillingAuthorization> won = authorizeConcurrently(t, () -> AllowanceGrants.signIn(payer,
                "eip155:" + LocalPolygon.CHAIN_ID, RESOURCE), 6);

        assertThat(won).hasSize(3);
        assertThat(store.openUnits("eip155:" + LocalPolygon.CHAIN_ID, "USDC",
                org.web3j.crypto.Keys.toChecksumAddress(payer.getAddress())))
                .isEqualTo(estimate.multiply(BigInteger.valueOf(3)));
        // a seventh, sequentially: refused with the facts
        BillingRefusal refused = catchThrowableOfType(BillingRefusal.class, () -> reserve(t, credential.authorize(t,
                new BigDecimal("0.01"), siwx(AllowanceGrants.signIn(payer, "eip155:" + LocalPolygon.CHAIN_ID, RESOURCE)))));
        assertThat(refused.code()).isEqualTo("allowance_insufficient");
    }

    @Test
    void anEvmSettleChargesExactlyNetAndFeeAndReleasesTheJob() throws Exception {
        BillingTerms t = terms(usage());
        Credentials payer = polygon.payer(BigInteger.TEN.pow(18), 1_000_000);
        AllowanceGrants.approve(polygon, payer, contract, BigInteger.valueOf(100_000));
        BillingAuthorization auth = reserve(t, credential.authorize(t, new BigDecimal("0.01"),
                siwx(AllowanceGrants.signIn(payer, "eip155:" + LocalPolygon.CHAIN_ID, RESOURCE))));
        BigInteger before = polygon.usdc(payer.getAddress());
        String evmPayee = LocalPolygon.newKey().getAddress(); // fresh recipients: balances are this test's alone
        String evmFee = LocalPolygon.newKey().getAddress();

        Job job = job(auth, evmPayee, evmFee, BigInteger.valueOf(8_000));
        BillingCredential.Settled settled = credential.settle(auth, t, job, null);

        assertThat(settled).isInstanceOf(BillingCredential.Settled.Paid.class);
        assertThat(polygon.usdc(evmPayee)).isEqualTo(BigInteger.valueOf(7_600));
        assertThat(polygon.usdc(evmFee)).isEqualTo(BigInteger.valueOf(400));
        assertThat(polygon.usdc(payer.getAddress())).isEqualTo(before.subtract(BigInteger.valueOf(8_000)));
        Job released = lockbox.find(job.id()).orElseThrow();
        assertThat(released.state()).isEqualTo(JobState.RELEASED);
        assertThat(released.txId()).isEqualTo(((BillingCredential.Settled.Paid) settled).txId());
        assertThat(lockbox.releasedOutput(job.id())).isEqualTo("the output".getBytes(StandardCharsets.UTF_8));
        // settling the released job again never charges twice
        assertThat(credential.settle(auth, t, job, null)).isInstanceOf(BillingCredential.Settled.Failed.class);
        assertThat(polygon.usdc(evmPayee)).isEqualTo(BigInteger.valueOf(7_600));
    }

    @Test
    void aSolanaSettleChargesTheDelegationExactly() throws Exception {
        BillingTerms t = terms(usage());
        Account payer = solana.payer(10_000_000L, 1_000_000);
        AllowanceGrants.delegate(solana, payer, sponsor.getPublicKeyBase58(), BigInteger.valueOf(100_000));
        BillingAuthorization auth = reserve(t, credential.authorize(t, new BigDecimal("0.01"),
                siwx(AllowanceGrants.signIn(payer, solana.network, RESOURCE))));
        assertThat(auth.network()).isEqualTo(solana.network);

        String solPayee = new Account().getPublicKeyBase58();
        String solFee = new Account().getPublicKeyBase58();
        Job job = job(auth, solPayee, solFee, BigInteger.valueOf(5_000));
        BillingCredential.Settled settled = credential.settle(auth, t, job, null);

        assertThat(settled).isInstanceOf(BillingCredential.Settled.Paid.class);
        assertThat(solana.usdc(solPayee)).isEqualTo(BigInteger.valueOf(4_750));
        assertThat(solana.usdc(solFee)).isEqualTo(BigInteger.valueOf(250));
        assertThat(solana.usdc(payer.getPublicKeyBase58())).isEqualTo(BigInteger.valueOf(995_000));
        assertThat(lockbox.find(job.id()).orElseThrow().state()).isEqualTo(JobState.RELEASED);
    }

    @Test
    void moreThanTheEstimateIsChargedOnlyWhileTheGrantCoversIt() throws Exception {
        BillingTerms t = terms(usage());
        Credentials payer = polygon.payer(BigInteger.TEN.pow(18), 1_000_000);
        AllowanceGrants.approve(polygon, payer, contract, BigInteger.valueOf(20_000));
        BillingAuthorization auth = reserve(t, credential.authorize(t, new BigDecimal("0.01"),
                siwx(AllowanceGrants.signIn(payer, "eip155:" + LocalPolygon.CHAIN_ID, RESOURCE))));
        BigInteger reserved = auth.units();
        BigInteger spendableBeyond = BigInteger.valueOf(20_000).subtract(reserved);

        assertThat(credential.charge(auth, t, reserved.add(spendableBeyond))).isEqualTo(BigInteger.valueOf(20_000));
        assertThat(store.openUnits(auth.network(), auth.asset(), auth.payer())).isEqualTo(BigInteger.valueOf(20_000));
        credential.release(auth);
        assertThat(store.openUnits(auth.network(), auth.asset(), auth.payer())).isEqualTo(reserved);

        // one unit more than the grant: the settle fails without charging, the job keeps the output
        assertThat(credential.charge(auth, t, BigInteger.valueOf(20_001))).isEqualTo(BigInteger.valueOf(20_001));
        String payee = LocalPolygon.newKey().getAddress();
        Job job = job(auth, payee, evmFee, BigInteger.valueOf(20_001));
        BillingCredential.Settled settled = credential.settle(auth, t, job, null);
        assertThat(settled).isInstanceOfSatisfying(BillingCredential.Settled.Failed.class,
                f -> assertThat(f.code()).isEqualTo("allowance_insufficient"));
        assertThat(lockbox.find(job.id()).orElseThrow().state()).isEqualTo(JobState.LOCKED);
        assertThat(polygon.usdc(payee)).isZero();
    }

    @Test
    void aSignInForAnotherUrlOrAReusedOneIsRefused() throws Exception {
        BillingTerms t = terms(usage());
        Credentials payer = polygon.payer(BigInteger.TEN.pow(18), 1_000_000);
        AllowanceGrants.approve(polygon, payer, contract, BigInteger.valueOf(100_000));
        String other = AllowanceGrants.signIn(payer, "eip155:" + LocalPolygon.CHAIN_ID,
                URI.create("http://elsewhere.example/v1/chat/completions"));
        BillingRefusal refused = catchThrowableOfType(BillingRefusal.class,
                () -> credential.authorize(t, new BigDecimal("0.01"), siwx(other)));
        assertThat(refused.reason()).isEqualTo("wrong_domain");

        String once = AllowanceGrants.signIn(payer, "eip155:" + LocalPolygon.CHAIN_ID, RESOURCE);
        credential.authorize(t, new BigDecimal("0.01"), siwx(once));
        assertThat(catchThrowableOfType(BillingRefusal.class,
                () -> credential.authorize(t, new BigDecimal("0.01"), siwx(once))).reason()).isEqualTo("nonce_reused");
    }

    @Test
    void theReconcilerFinishesAChargeWhoseRequestStoppedWaiting() throws Exception {
        BillingTerms t = terms(usage());
        Credentials payer = polygon.payer(BigInteger.TEN.pow(18), 1_000_000);
        AllowanceGrants.approve(polygon, payer, contract, BigInteger.valueOf(100_000));
        BillingAuthorization auth = reserve(t, credential.authorize(t, new BigDecimal("0.01"),
                siwx(AllowanceGrants.signIn(payer, "eip155:" + LocalPolygon.CHAIN_ID, RESOURCE))));
        String payee = LocalPolygon.newKey().getAddress();
        Job job = job(auth, payee, evmFee, BigInteger.valueOf(6_000));
        // a settle that signed, recorded and broadcast, then died before it saw the receipt
        var binding = rails.byNetwork(dev.tollgate.chain.NetworkId.of(auth.network())).orElseThrow();
        var charges = binding.rail().allowanceCharges().orElseThrow();
        assertThat(lockbox.claim(job.id())).isEqualTo(dev.tollgate.lockbox.ClaimResult.CLAIMED);
        var signed = charges.prepare(AllowanceSettler.intent(job, binding, auth.payer()));
        assertThat(lockbox.recordPendingTx(job.id(), signed.txId(), signed.validUntil())).isTrue();
        charges.submit(signed);

        Job released = dev.tollgate.chain.support.Poll.until(() -> {
            reconciler.reconcile();
            Job now = lockbox.find(job.id()).orElseThrow();
            return now.state() == JobState.RELEASED ? now : null;
        }, Duration.ofSeconds(30));
        assertThat(released.txId()).isEqualTo(signed.txId());
        assertThat(polygon.usdc(payee)).isEqualTo(BigInteger.valueOf(5_700));

        // a job whose recorded transaction is no allowance charge of it is left to the plain check
        Job other = job(reserve(t, credential.authorize(t, new BigDecimal("0.01"),
                siwx(AllowanceGrants.signIn(payer, "eip155:" + LocalPolygon.CHAIN_ID, RESOURCE)))), payee, evmFee,
                BigInteger.valueOf(6_000));
        assertThat(lockbox.claim(other.id())).isEqualTo(dev.tollgate.lockbox.ClaimResult.CLAIMED);
        String unknownTx = "0x" + "ab".repeat(32);
        assertThat(lockbox.recordPendingTx(other.id(), unknownTx, signed.validUntil())).isTrue();
        assertThat(settler.reconcile(lockbox.find(other.id()).orElseThrow())).isFalse();
    }

    // ---- helpers ----

    /** What authorize reserves for 0.01 USD (the gateway's own price sources decide). */
    private record BillingPricesProbe(AllowanceCredential credential, BillingTerms terms, Credentials payer) {
        BigInteger units() {
            BillingRefusal refused = catchThrowableOfType(BillingRefusal.class, () -> credential.authorize(terms,
                    new BigDecimal("0.01"), siwx(AllowanceGrants.signIn(payer, "eip155:" + LocalPolygon.CHAIN_ID,
                            RESOURCE))));
            return new BigInteger((String) refused.facts().get("needed_units"));
        }
    }

    private List<BillingAuthorization> authorizeConcurrently(BillingTerms t, Callable<String> header, int n)
            throws Exception {
        List<String> headers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            headers.add(header.call());
        }
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Optional<BillingAuthorization>>> futures = new ArrayList<>();
            for (String h : headers) {
                futures.add(pool.submit(() -> {
                    try {
                        return Optional.of(reserve(t, credential.authorize(t, new BigDecimal("0.01"), siwx(h))));
                    } catch (BillingRefusal refused) {
                        assertThat(refused.code()).isEqualTo("allowance_insufficient");
                        return Optional.<BillingAuthorization>empty();
                    }
                }));
            }
            List<BillingAuthorization> won = new ArrayList<>();
            for (Future<Optional<BillingAuthorization>> f : futures) {
                f.get().ifPresent(won::add);
            }
            return won;
        } finally {
            pool.shutdownNow();
        }
    }

    /** What the billing service does with a reservation: store it within what is spendable, or refuse. */
    private BillingAuthorization reserve(BillingTerms t, BillingCredential.Reservation r) {
        return store.tryReserveWithin(new BillingAuthorizationStore.NewAuthorization(UUID.randomUUID(),
                credential.kind(), r.network(), r.asset(), r.payer(), null, r.units(), null, "{}",
                Duration.ofMinutes(5)), r.spendable()).orElseThrow(() -> BillingRefusal.payment("allowance_insufficient",
                "open reservations and this one pass what is spendable"));
    }

    private Job job(BillingAuthorization auth, String payee, String feeRecipient, BigInteger total) {
        BigInteger fee = total.multiply(BigInteger.valueOf(500)).divide(BigInteger.valueOf(10_000));
        UUID id = UUID.randomUUID();
        Job job = lockbox.lock(id, new NewJob(auth.network(), auth.asset(), auth.payer(), payee, feeRecipient, total,
                fee, total.subtract(fee), 500, new BigDecimal("0.008"), BigDecimal.ONE, "{}", Duration.ofMinutes(15)),
                "the output".getBytes(StandardCharsets.UTF_8));
        assertThat(store.beginSettling(auth.id(), id)).isEqualTo(BillingAuthorizationStore.SettleStart.STARTED);
        return job;
    }

    private static PresentedCredential siwx(String header) {
        return new PresentedCredential(PresentedCredential.SIWX, header, null, null, null, null);
    }

    private static JsonNode usage() {
        return JSON.createObjectNode().put("input_usd_per_million", "2.5").put("output_usd_per_million", "10")
                .put("ceiling_usd", "0.05");
    }

    private BillingTerms terms(JsonNode price) {
        var node = JSON.createObjectNode();
        node.putObject("resource").put("url", RESOURCE.toString()).put("description", "chat");
        node.set("price", price);
        var rails = node.putArray("rails");
        rails.addObject().put("network", "polygon").put("asset", "USDC").put("pay_to", evmPayee)
                .put("fee_recipient", evmFee);
        rails.addObject().put("network", "solana").put("asset", "USDC").put("pay_to", solPayee)
                .put("fee_recipient", solFee);
        node.put("fee_bps", 500);
        node.put("finality", "confirmed");
        return terms.read(node);
    }
}
