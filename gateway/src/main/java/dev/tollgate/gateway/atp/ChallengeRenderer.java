package dev.tollgate.gateway.atp;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.gateway.core.TradeOutcome;
import dev.tollgate.lockbox.Job;
import dev.tollgate.pricing.FeeBps;
import dev.tollgate.pricing.Units;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The 402 body, exactly ATP's keys in ATP's order (§1.2), then our additions that ATP clients ignore:
 * {@code network}, {@code fee_bps}, {@code expires_at}, {@code payment_instructions}.
 */
final class ChallengeRenderer {
    private ChallengeRenderer() {
    }

    static Map<String, Object> render(TradeOutcome.Locked locked, boolean privateKeySettlement) {
        Job job = locked.job();
        ChainAsset asset = locked.asset();
        Map<String, Object> pricing = PricingView.of(locked.quote().usd());
        FeeBps bps = locked.quote().split().bps();
        Map<String, Object> paymentInstructions = locked.instructions();
        String unit = AtpUnits.unit(asset.symbol());
        String tok = AtpUnits.token(asset.symbol());
        BigDecimal usd = job.usdCost();
        BigDecimal feeUsd = usd.multiply(BigDecimal.valueOf(bps.value()))
                .divide(BigDecimal.valueOf(FeeBps.MAX), 12, RoundingMode.HALF_UP).stripTrailingZeros();
        BigDecimal percent = bps.percent().stripTrailingZeros();

        Map<String, Object> payment = new LinkedHashMap<>();
        // ATP's text told a self-paying wallet to send everything to the recipient, which pays the agent and not the
        // fee: point at the exact split instead (ATP clients in key mode never read this)
        payment.put("description", "Pay exactly the transfers in payment_instructions, in one transaction from"
                + " user_wallet with the memo: the agent's share to the agent treasury and the " + percent.toPlainString()
                + "% settlement fee to the fee treasury. A payment of the whole amount to the recipient alone does not"
                + " settle the job.");
        payment.put("amount_" + unit, job.totalUnits());
        payment.put("amount_" + tok, Units.toDecimal(job.totalUnits(), asset.decimals()));
        payment.put("amount_usd", usd.stripTrailingZeros());
        payment.put("recipient", job.payee());
        payment.put("memo", PaymentIntent.atpMemo(job.id().toString()));

        Map<String, Object> fee = new LinkedHashMap<>();
        fee.put("settlement_fee_percent", percent);
        fee.put("fee_" + unit, job.feeUnits());
        fee.put("fee_" + tok, Units.toDecimal(job.feeUnits(), asset.decimals()));
        fee.put("fee_usd", feeUsd);
        fee.put("fee_recipient", job.feeRecipient());
        fee.put("agent_receives_" + unit, job.netUnits());
        fee.put("agent_receives_" + tok, Units.toDecimal(job.netUnits(), asset.decimals()));
        fee.put("agent_receives_usd", usd.subtract(feeUsd).stripTrailingZeros());

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("job_id", job.id().toString());
        body.put("payment_token", asset.symbol());
        body.put("pricing", pricing);
        body.put("payment", payment);
        body.put("fee_breakdown", fee);
        body.put("token_price_usd", job.tokenPriceUsd().stripTrailingZeros());
        body.put("usdc_mint", "USDC".equals(asset.symbol()) ? asset.address() : null);
        body.put("ttl_seconds", job.expiresAt().getEpochSecond() - job.createdAt().getEpochSecond());
        body.put("instruction", instruction(privateKeySettlement));
        body.put("network", job.network());
        body.put("fee_bps", bps.value());
        body.put("expires_at", job.expiresAt().toString());
        body.put("payment_instructions", paymentInstructions);
        return body;
    }

    private static String instruction(boolean privateKeySettlement) {
        String byTx = "pay exactly the transfers in payment_instructions in one transaction from user_wallet with the"
                + " memo, then POST {job_id, tx_signature, payer_proof} to /v1/agent/settle (payer_proof: a"
                + " Sign-In-With-X message signed by user_wallet; without it the job is paid but the output is withheld)";
        if (privateKeySettlement) {
            return "To unlock the agent output, POST your private_key to /v1/agent/settle along with the job_id."
                    + " The gateway will sign+send the payment transaction in-memory (no persistence) and release the"
                    + " result after confirmation. Or " + byTx + ".";
        }
        return "To unlock the agent output, " + byTx + ".";
    }
}
