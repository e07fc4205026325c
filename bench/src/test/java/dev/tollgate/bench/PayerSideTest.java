package dev.tollgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.client.Challenge;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class PayerSideTest {

    /** A Solana USDC 402 as the gateway writes it: amount_usdc carries the token's 6 decimals, trailing zeros too. */
    private static final String CHALLENGE = """
            {"job_id":"5b0c6f5e-8d0e-4a53-9a3c-2f7f3c1d2e10","payment_token":"USDC",
             "payment":{"amount_usdc_units":10000,"amount_usdc":0.010000,"amount_usd":0.01,
                        "recipient":"9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin","memo":"ATP:5b0c6f5e-8d0e-4a53-9a3c-2f7f3c1d2e10"},
             "fee_breakdown":{"fee_usdc_units":500,"agent_receives_usdc_units":9500,
                              "fee_recipient":"7YttLkHDoNj9wyDur5pM1ejNaAvT9X4eqaYcHQqtj2G5"},
             "network":"solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1","fee_bps":500,"ttl_seconds":600,
             "expires_at":"2026-12-02T07:00:00Z",
             "payment_instructions":{"asset":"4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU"}}""";

    @Test
    void theChallengeIsReadWithItsDecimalsIntact() throws Exception {
        assertThat(PayerSide.EXACT.readTree("{\"a\":0.010000}").get("a").decimalValue().scale()).isEqualTo(6);
        Challenge c = Challenge.parse(PayerSide.EXACT.readTree(CHALLENGE));
        assertThat(c.decimals()).isEqualTo(6);
        assertThat(c.totalUnits()).isEqualTo(BigInteger.valueOf(10_000));
    }
}
