package dev.tollgate.gateway.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.chain.NetworkId;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.gateway.core.SettlementReconciler;
import dev.tollgate.gateway.rails.PaymentRails;
import dev.tollgate.gateway.support.AllowanceGrants;
import dev.tollgate.gateway.support.GatewayTestProperties;
import dev.tollgate.gateway.support.LocalPolygon;
import dev.tollgate.gateway.support.TestAgent;
import dev.tollgate.lockbox.BillingAuthorization;
import dev.tollgate.lockbox.BillingAuthorizationStore;
import dev.tollgate.lockbox.ClaimResult;
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
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.crypto.Credentials;

/**
 * On an EVM network needing two confirmations, an allowance charge that landed one block deep while its settle
 * request was gone is held by the reconciler (the plain check, which reads only the FeeSplitter's events, would call
 * it a wrong payment and free the job for a second payment) and released once it is two blocks deep.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AllowanceChargeHeldUntilFinalTest implements TestPropertyProvider {
    private static final URI RESOURCE = URI.create("http://shop.example:8443/v1/chat/completions");
    private static final ObjectMapper JSON = new ObjectMapper();

    final TestAgent agent = new TestAgent();
    final LocalPolygon polygon = LocalPolygon.get();
    final Credentials relayer = LocalPolygon.newKey();
    String contract;

    @Inject
    AllowanceCredential credential;
    @Inject
    BillingTermsReader termsReader;
    @Inject
    BillingAuthorizationStore store;
    @Inject
    Lockbox lockbox;
    @Inject
    MutableClock clock;
    @Inject
    SettlementReconciler reconciler;
    @Inject
    PaymentRails rails;

    @Override
    public Map<String, String> getProperties() {
        contract = AllowanceGrants.deployAllowanceSplitter(polygon, relayer.getAddress());
        polygon.anvil.setBalance(relayer.getAddress(), BigInteger.TEN.pow(20));
        Map<String, String> p = GatewayTestProperties.forSolanaAndPolygon(agent, 2);
        GatewayTestProperties.withSponsor(p, "polygon", LocalPolygon.secret(relayer), "100000000000000000",
                "100000000000000000000");
        p.put("tollgate.networks.polygon.allowance.contract", contract);
        p.put("tollgate.min-commitment", "processed"); // the plain check may judge at processed here
        return GatewayTestProperties.withTestDrivenReconciler(p);
    }

    @AfterAll
    void stop() {
        agent.close();
    }

    @Test
    void aLandedChargeIsHeldUntilFinalThenReleased() throws Exception {
        clock.set(Instant.now());
        Credentials payer = polygon.payer(BigInteger.TEN.pow(18), 1_000_000);
        AllowanceGrants.approve(polygon, payer, contract, BigInteger.valueOf(100_000));
        var node = JSON.createObjectNode();
        node.putObject("resource").put("url", RESOURCE.toString());
        node.putObject("price").put("fixed_usd", "0.006");
        String payee = LocalPolygon.newKey().getAddress();
        node.putArray("rails").addObject().put("network", "polygon").put("asset", "USDC").put("pay_to", payee)
                .put("fee_recipient", LocalPolygon.newKey().getAddress());
        node.put("fee_bps", 500);
        node.put("finality", "confirmed");
        BillingTerms terms = termsReader.read(node);
        var r = credential.authorize(terms, new BigDecimal("0.006"), new PresentedCredential(PresentedCredential.SIWX,
                AllowanceGrants.signIn(payer, "eip155:" + LocalPolygon.CHAIN_ID, RESOURCE), null, null, null, null));
        BillingAuthorization auth = store.tryReserveWithin(new BillingAuthorizationStore.NewAuthorization(
                UUID.randomUUID(), credential.kind(), r.network(), r.asset(), r.payer(), null, r.units(), null, "{}",
                Duration.ofMinutes(5)), r.spendable()).orElseThrow();
        UUID id = UUID.randomUUID();
        Job job = lockbox.lock(id, new NewJob(auth.network(), auth.asset(), auth.payer(), terms.rails().get(0).payTo(),
                terms.rails().get(0).feeRecipient(), BigInteger.valueOf(6_000), BigInteger.valueOf(300),
                BigInteger.valueOf(5_700), 500, new BigDecimal("0.006"), BigDecimal.ONE, "{}", Duration.ofMinutes(15)),
                "out".getBytes(StandardCharsets.UTF_8));
        // a settle that signed, recorded and broadcast its charge, then went away
        var binding = rails.byNetwork(NetworkId.of(auth.network())).orElseThrow();
        var charges = binding.rail().allowanceCharges().orElseThrow();
        assertThat(lockbox.claim(id)).isEqualTo(ClaimResult.CLAIMED);
        SignedPayment signed = charges.prepare(AllowanceSettler.intent(job, binding, auth.payer()));
        assertThat(lockbox.recordPendingTx(id, signed.txId(), signed.validUntil())).isTrue();
        charges.submit(signed);
        dev.tollgate.chain.support.Poll.until(() -> polygon.usdc(payee).signum() > 0 ? true : null,
                Duration.ofSeconds(30)); // landed: one block deep (automine)

        reconciler.reconcile();

        Job held = lockbox.find(id).orElseThrow();
        assertThat(held.state()).isEqualTo(JobState.SETTLING);
        assertThat(held.txId()).isEqualTo(signed.txId());

        polygon.anvil.mine(1);
        reconciler.reconcile();

        Job released = lockbox.find(id).orElseThrow();
        assertThat(released.state()).isEqualTo(JobState.RELEASED);
        assertThat(released.txId()).isEqualTo(signed.txId());
        assertThat(polygon.usdc(payee)).isEqualTo(BigInteger.valueOf(5_700));
    }
}
