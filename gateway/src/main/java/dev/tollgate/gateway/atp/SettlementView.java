package dev.tollgate.gateway.atp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.gateway.api.JsonBodies;
import dev.tollgate.gateway.core.SettleOutcome;
import dev.tollgate.gateway.proof.PayerProofs;
import dev.tollgate.lockbox.Job;
import dev.tollgate.pricing.FeeBps;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ATP's settle answers: the 200 body (§1.3) plus {@code settlement_details}, rebuilt identically for every repeat
 * from the job and the facts stored at release; the 202 pending body; the 403 that asks for a payer proof.
 */
@Singleton
public class SettlementView {
    private final JsonBodies json;
    private final PayerProofs proofs;

    SettlementView(JsonBodies json, PayerProofs proofs) {
        this.json = json;
        this.proofs = proofs;
    }

    public record Answer(HttpStatus status, Map<String, Object> body) {
    }

    /** @param outcome anything but {@code Refused}, which {@link AtpErrors} renders */
    public Answer answer(SettleOutcome outcome, PayerProofs.Caller caller) {
        return switch (outcome) {
            case SettleOutcome.Released r -> new Answer(HttpStatus.OK, success(r.job(), r.output()));
            case SettleOutcome.PaidProofRequired p -> new Answer(HttpStatus.FORBIDDEN, proofRequired(p.job(), caller));
            case SettleOutcome.Pending p -> new Answer(HttpStatus.ACCEPTED, pending(p));
            case SettleOutcome.Refused r -> throw new IllegalArgumentException("refusals are rendered by AtpErrors");
        };
    }

    public Map<String, Object> success(Job job, byte[] sealedPayload) {
        JsonNode payload = json.readTree(new String(sealedPayload, StandardCharsets.UTF_8));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "success");
        body.put("job_id", job.id().toString());
        body.put("tx_signature", job.txId());
        body.put("agent_output", payload.get("agent_output"));
        body.put("usage", payload.get("usage"));
        body.put("settlement_details", details(job));
        return body;
    }

    /** The facts of a settlement in ATP's units; commitment and time come from what was stored at release. */
    private Map<String, Object> details(Job job) {
        JsonNode stored = job.settlementJson() == null ? json.mapper().createObjectNode() : json.readTree(job.settlementJson());
        String unit = AtpUnits.unit(job.asset());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("payment_token", job.asset());
        d.put("network", job.network());
        d.put("commitment", stored.path("commitment").asText(null));
        d.put("total_paid_" + unit, job.totalUnits());
        d.put("agent_received_" + unit, job.netUnits());
        d.put("fee_deducted_" + unit, job.feeUnits());
        d.put("fee_bps", job.feeBps());
        d.put("fee_percent", new FeeBps(job.feeBps()).percent().stripTrailingZeros());
        d.put("usd_cost", job.usdCost().stripTrailingZeros());
        d.put("token_price_at_creation", job.tokenPriceUsd().stripTrailingZeros());
        d.put("tx_signature", job.txId());
        d.put("payer", job.payer());
        d.put("agent_treasury", job.payee());
        d.put("fee_treasury", job.feeRecipient());
        d.put("settled_at", stored.path("settled_at").asText(job.releasedAt() == null ? null : job.releasedAt().toString()));
        return d;
    }

    /**
     * 202: the payment is broadcast but not decided. The job stays SETTLING; the reconciler finishes it and a
     * repeat settle (or GET /v1/agent/jobs/{id}) shows the result. Never a second payment. The message states the
     * verification code only: a pending check's detail may come from a node.
     */
    private static Map<String, Object> pending(SettleOutcome.Pending p) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", "settlement_pending");
        error.put("message", "Payment sent but not yet final (" + p.verification().wireName() + "). Do not pay again:"
                + " settle again or GET /v1/agent/jobs/" + p.job().id() + " to collect the output once it is final.");
        error.put("network", p.job().network());
        error.put("tx_signature", p.txId());
        error.put("verification", p.verification().wireName());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "pending");
        body.put("job_id", p.job().id().toString());
        body.put("tx_signature", p.txId());
        body.put("error", error);
        body.put("detail", error.get("message"));
        return body;
    }

    /**
     * 403: the job is paid, but nothing proves the caller is its payer (a transaction signature is public). The
     * payer settles again with a proof signed by user_wallet; the body says exactly what to sign.
     */
    private Map<String, Object> proofRequired(Job job, PayerProofs.Caller caller) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", "payer_proof_required");
        error.put("message", "The payment is verified and the job is paid, but its output goes only to its payer:"
                + " settle again with a payer_proof (or the SIGN-IN-WITH-X header) signed by user_wallet.");
        error.put("job_id", job.id().toString());
        error.put("paid", true);
        error.put("network", job.network());
        error.put("tx_signature", job.txId());
        error.put("sign_in_with_x", proofs.challenge(job, caller));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("detail", error.get("message"));
        return body;
    }
}
