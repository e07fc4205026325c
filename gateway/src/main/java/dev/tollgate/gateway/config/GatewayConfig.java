package dev.tollgate.gateway.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

/**
 * Gateway-wide settings ({@code tollgate.*}). ATP's environment names map onto these in application.yml.
 *
 * @param jobTtlSeconds         how long a locked output waits for payment ({@code JOB_TTL_SECONDS})
 * @param settlementFeePercent  ATP's fee as a fraction, e.g. 0.05 ({@code SETTLEMENT_FEE_PERCENT})
 * @param feeBps                the fee in basis points; wins over settlementFeePercent when set
 * @param privateKeySettlement  whether {@code /v1/agent/settle} may take a payer's private key (off by default)
 * @param settleWaitSeconds     how long one settle request waits for the payment to reach its commitment
 * @param defaultNetwork        the rail a trade uses when it names none (ATP clients name none: Solana)
 * @param unseenTxGraceSeconds  how long a settle waits for a client-named transaction the node has never seen
 * @param minCommitment         the least finality before an output is released, whatever the payer asks:
 *                              finality protects the seller, so a request may raise it but never lower it
 */
@ConfigurationProperties("tollgate")
public record GatewayConfig(
        @Bindable(defaultValue = "600") @Min(10) @Max(86_400) int jobTtlSeconds,
        @Bindable(defaultValue = "0.05") @Pattern(regexp = Rules.DECIMAL, message = Rules.DECIMAL_TEXT) String settlementFeePercent,
        @Nullable @Min(0) @Max(10_000) Integer feeBps,
        @Bindable(defaultValue = "false") boolean privateKeySettlement,
        @Bindable(defaultValue = "60") @Min(1) @Max(600) int settleWaitSeconds,
        @Bindable(defaultValue = "solana") String defaultNetwork,
        @Bindable(defaultValue = "10") @Min(0) @Max(600) int unseenTxGraceSeconds,
        @Bindable(defaultValue = "confirmed") @Pattern(regexp = "processed|confirmed|finalized",
                message = "processed, confirmed or finalized") String minCommitment) {

    /** The commitment a settlement waits for: the stricter of the request's and the configured minimum. */
    public dev.tollgate.chain.Commitment effectiveCommitment(dev.tollgate.chain.Commitment requested) {
        dev.tollgate.chain.Commitment floor = dev.tollgate.chain.Commitment.parse(minCommitment);
        return requested.atLeast(floor) ? requested : floor;
    }
}
