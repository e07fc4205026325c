package dev.tollgate.gateway.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.gateway.core.SettlementReconciler;
import dev.tollgate.gateway.support.GatewayTestProperties;
import dev.tollgate.gateway.support.LocalPolygon;
import dev.tollgate.lockbox.Job;
import dev.tollgate.lockbox.JobState;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

/**
 * An upto settlement not final when the settle answer is due (two confirmations, one second of waiting): the filter
 * gets 202 with the job, the job keeps the broadcast transaction, and the reconciler hands it to the upto settler
 * (the plain check looks for FeeSplitter's event, which an UptoSplitter payment never has, and would give the paid
 * job back): still pending it stays SETTLING, once final it is released with the payment split on chain.
 */
class BillingUptoPendingOnLocalEvmTest extends UptoOnLocalEvm {
    @Inject
    SettlementReconciler reconciler;

    @Override
    void moreProperties(Map<String, String> p) {
        p.put("tollgate.networks.polygon.confirmations", "2"); // anvil mines one block per transaction
        p.put("tollgate.settle-wait-seconds", "1");
        GatewayTestProperties.withTestDrivenReconciler(p);
    }

    @Test
    void aPendingSettlementIsReleasedByTheReconcilerOnceFinal() throws Exception {
        String payee = LocalPolygon.newKey().getAddress();
        String feeTo = LocalPolygon.newKey().getAddress();
        ObjectNode terms = terms(payee, feeTo);
        JsonNode required = offers(terms);
        Credentials payer = payerApprovingPermit2();
        BillingHttp.Reply authorized = authorize(terms, stockSign(required, payer));
        assertThat(authorized.status()).as(authorized.raw()).isEqualTo(200);

        BillingHttp.Reply pending = http.call("settle", BillingHttp.settleBody(
                authorized.body().path("authorization_id").asText(), "{\"answer\":44}", Map.of("usd", "0.0123")));
        assertThat(pending.status()).as(pending.raw()).isEqualTo(202);
        assertThat(pending.body().path("status").asText()).isEqualTo("pending");
        UUID jobId = UUID.fromString(pending.body().path("job_id").asText());
        String tx = pending.body().path("tx_id").asText();
        assertThat(lockbox.find(jobId).orElseThrow().state()).isEqualTo(JobState.SETTLING);

        reconciler.reconcile(); // one block deep: not final yet, and never given back
        Job still = lockbox.find(jobId).orElseThrow();
        assertThat(still.state()).isEqualTo(JobState.SETTLING);
        assertThat(still.txId()).isEqualToIgnoringCase(tx);

        chain.anvil.mine(1);
        reconciler.reconcile();
        Job released = lockbox.find(jobId).orElseThrow();
        assertThat(released.state()).isEqualTo(JobState.RELEASED);
        assertThat(released.txId()).isEqualToIgnoringCase(tx);
        assertThat(chain.usdc(payer.getAddress())).isEqualTo(BigInteger.valueOf(PAYER_USDC - 12_300));
        assertThat(chain.usdc(payee)).isEqualTo(BigInteger.valueOf(11_685));
        assertThat(chain.usdc(feeTo)).isEqualTo(BigInteger.valueOf(615));
    }
}
