package dev.tollgate.chain.solana;

/**
 * The most a client-signed payment may ask of the Compute Budget program: a unit limit and a priority price. Both
 * bound what a sponsored payment costs the gateway (and what an unsponsored one costs the payer).
 *
 * @param maxUnitLimit            the largest SetComputeUnitLimit accepted
 * @param maxMicroLamportsPerUnit the largest SetComputeUnitPrice accepted, in micro-lamports per compute unit
 */
public record ComputeBudgetCaps(int maxUnitLimit, long maxMicroLamportsPerUnit) {
    /** 200,000 units (a payment needs far less) and 5 lamports per unit, x402's own price cap. */
    public static final ComputeBudgetCaps DEFAULT = new ComputeBudgetCaps(200_000, 5_000_000);

    public ComputeBudgetCaps {
        if (maxUnitLimit < 0 || maxUnitLimit > 1_400_000) {
            throw new IllegalArgumentException("maxUnitLimit must be 0..1400000");
        }
        if (maxMicroLamportsPerUnit < 0) {
            throw new IllegalArgumentException("maxMicroLamportsPerUnit must not be negative");
        }
    }
}
