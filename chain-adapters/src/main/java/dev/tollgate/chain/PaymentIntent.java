package dev.tollgate.chain;

import java.math.BigInteger;
import java.util.Objects;

/**
 * What one job must be paid: {@code netUnits} to {@code payee} and {@code feeUnits} to {@code feeRecipient},
 * in one transaction, tagged with {@code memo} ({@code ATP:<jobId>}). Amounts are atomic units.
 *
 * @param payer the wallet the payment must come from, or {@code null} when any payer is acceptable
 * @param payBy the instant the payment must land before (the job's expiry), or {@code null} when unbounded: a
 *              payment this rail signs or instructs never stays valid past it
 */
public record PaymentIntent(
        String jobId,
        NetworkId network,
        ChainAsset asset,
        String payer,
        String payee,
        String feeRecipient,
        BigInteger netUnits,
        BigInteger feeUnits,
        String memo,
        java.time.Instant payBy) {

    /** An intent with no deadline of its own. */
    public PaymentIntent(String jobId, NetworkId network, ChainAsset asset, String payer, String payee,
                         String feeRecipient, BigInteger netUnits, BigInteger feeUnits, String memo) {
        this(jobId, network, asset, payer, payee, feeRecipient, netUnits, feeUnits, memo, null);
    }

    public PaymentIntent {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(asset, "asset");
        Objects.requireNonNull(payee, "payee");
        Objects.requireNonNull(feeRecipient, "feeRecipient");
        Objects.requireNonNull(memo, "memo");
        if (netUnits == null || netUnits.signum() < 0 || feeUnits == null || feeUnits.signum() < 0) {
            throw new IllegalArgumentException("amounts must be non-negative");
        }
        if (netUnits.add(feeUnits).signum() == 0) {
            throw new IllegalArgumentException("a payment of zero units cannot be settled");
        }
    }

    /** The memo ATP clients expect for a job. */
    public static String atpMemo(String jobId) {
        return "ATP:" + jobId;
    }

    public BigInteger totalUnits() {
        return netUnits.add(feeUnits);
    }
}
