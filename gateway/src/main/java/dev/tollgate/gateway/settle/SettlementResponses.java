package dev.tollgate.gateway.settle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.chain.Commitment;
import dev.tollgate.gateway.api.JsonBodies;
import dev.tollgate.gateway.quote.AtpUnits;
import dev.tollgate.lockbox.Job;
import dev.tollgate.pricing.FeeBps;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** ATP's settle response (§1.3) plus {@code settlement_details}, rebuilt identically for every repeat. */
@Singleton
class SettlementResponses {
    private final JsonBodies json;

    SettlementResponses(JsonBodies json) {
        this.json = json;
    }

    /** The facts of a settlement, stored with the job when it is released. */
    String details(Job job, String txId, Commitment commitment, Instant settledAt) {
        String unit = AtpUnits.unit(job.asset());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("payment_token", job.asset());
        d.put("network", job.network());
        d.put("commitment", commitment.wireName());
        d.put("total_paid_" + unit, job.totalUnits());
        d.put("agent_received_" + unit, job.netUnits());
        d.put("fee_deducted_" + unit, job.feeUnits());
        d.put("fee_bps", job.feeBps());
        d.put("fee_percent", new FeeBps(job.feeBps()).percent().stripTrailingZeros());
        d.put("usd_cost", job.usdCost().stripTrailingZeros());
        d.put("token_price_at_creation", job.tokenPriceUsd().stripTrailingZeros());
        d.put("tx_signature", txId);
        d.put("payer", job.payer());
        d.put("agent_treasury", job.payee());
        d.put("fee_treasury", job.feeRecipient());
        d.put("settled_at", settledAt.toString());
        return json.write(d);
    }

    Map<String, Object> success(Job job, byte[] sealedPayload) {
        JsonNode payload = json.readTree(new String(sealedPayload, StandardCharsets.UTF_8));
        JsonNode details = json.readTree(job.settlementJson());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "success");
        body.put("job_id", job.id().toString());
        body.put("tx_signature", job.txId());
        body.put("agent_output", payload.get("agent_output"));
        body.put("usage", payload.get("usage"));
        body.put("settlement_details", details);
        return body;
    }
}
