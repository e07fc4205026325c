package dev.tollgate.chain.allowance;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A payer's grant to the gateway's spender and its balance, in atomic units, as read from the chain.
 *
 * @param spender          the address the grant is to
 * @param allowanceUnits   what the spender may still pull (Solana: the delegated amount, zero when delegated to
 *                         anyone else)
 * @param balanceUnits     what the payer holds
 */
public record AllowanceState(String spender, BigInteger allowanceUnits, BigInteger balanceUnits) {
    public AllowanceState {
        Objects.requireNonNull(spender, "spender");
        if (allowanceUnits == null || allowanceUnits.signum() < 0 || balanceUnits == null
                || balanceUnits.signum() < 0) {
            throw new IllegalArgumentException("allowance and balance must be non-negative");
        }
    }

    /** What can be pulled now: the smaller of the grant and the balance. */
    public BigInteger spendable() {
        return allowanceUnits.min(balanceUnits);
    }
}
