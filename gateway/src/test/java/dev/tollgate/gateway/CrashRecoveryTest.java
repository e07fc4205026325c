package dev.tollgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.SignedPayment;
import dev.tollgate.chain.solana.SolanaNetworkConfig;
import dev.tollgate.gateway.core.SettlementReconciler;
import dev.tollgate.gateway.support.GatewayHttp;
import dev.tollgate.gateway.support.GatewayHttp.Reply;
import dev.tollgate.gateway.support.GatewayTestProperties;
import dev.tollgate.gateway.support.LocalSolana;
import dev.tollgate.gateway.support.TestAgent;
import dev.tollgate.lockbox.ClaimResult;
import dev.tollgate.lockbox.JobState;
import dev.tollgate.lockbox.Lockbox;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.p2p.solanaj.core.Account;

/**
 * A gateway that dies after broadcasting a payment (the job is SETTLING with its tx recorded) finishes the
 * settlement from the chain's record when it comes back: released once, never paid twice.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashRecoveryTest implements TestPropertyProvider {
    private final TestAgent agent = new TestAgent();
    private final LocalSolana chain = LocalSolana.get();

    @Inject
    EmbeddedServer server;
    @Inject
    Lockbox lockbox;
    @Inject
    SettlementReconciler reconciler;

    @Override
    public Map<String, String> getProperties() {
        return GatewayTestProperties.withTestDrivenReconciler(GatewayTestProperties.forSolana(agent));
    }

    @AfterAll
    void stop() {
        agent.close();
    }

    @Test
    void aPaymentBroadcastBeforeACrashIsReleasedOnceByTheReconciler() throws Exception {
        GatewayHttp http = new GatewayHttp(server.getURI());
        Account payer = chain.payer(1_000_000_000L, 0);
        String jobId = http.post("/v1/agent/trade", Map.of("agent_config", Map.of("agent_name", "t"), "task", "x",
                "user_wallet", payer.getPublicKeyBase58())).body().path("job_id").asText();
        UUID id = UUID.fromString(jobId);
        var job = lockbox.find(id).orElseThrow();

        // what the settle path does up to the broadcast, then "crashes"
        assertThat(lockbox.claim(id)).isEqualTo(ClaimResult.CLAIMED);
        PaymentIntent intent = new PaymentIntent(jobId, chain.observer.network(), SolanaNetworkConfig.SOL,
                job.payer(), job.payee(), job.feeRecipient(), job.netUnits(), job.feeUnits(), "ATP:" + jobId);
        SignedPayment signed;
        try (var secret = chain.observer.parseSecret(LocalSolana.secret(payer))) {
            signed = chain.observer.signPayment(intent, secret);
        }
        assertThat(lockbox.recordPendingTx(id, signed.txId(), signed.validUntil())).isTrue();
        chain.observer.submit(signed, false);
        BigInteger payerAfterPayment = chain.sol(payer.getPublicKeyBase58());

        // a settle arriving meanwhile must not pay again
        Reply during = http.post("/v1/agent/settle", Map.of("job_id", jobId, "private_key", LocalSolana.secret(payer)));
        assertThat(during.status()).isEqualTo(409);
        assertThat(during.code()).isEqualTo("settlement_in_progress");

        for (int i = 0; i < 100 && lockbox.find(id).orElseThrow().state() != JobState.RELEASED; i++) {
            reconciler.reconcile();
            Thread.sleep(100);
        }
        assertThat(lockbox.find(id).orElseThrow().state()).isEqualTo(JobState.RELEASED);

        Reply after = http.post("/v1/agent/settle", Map.of("job_id", jobId, "private_key", LocalSolana.secret(payer)));
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.body().path("tx_signature").asText()).isEqualTo(signed.txId());
        assertThat(after.body().path("agent_output").asText()).isEqualTo(TestAgent.DEFAULT_OUTPUT);
        assertThat(chain.sol(payer.getPublicKeyBase58())).isEqualTo(payerAfterPayment);
    }
}
