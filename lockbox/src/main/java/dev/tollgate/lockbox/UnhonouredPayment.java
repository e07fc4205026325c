package dev.tollgate.lockbox;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Money that reached the job's treasuries but that no job can be released for: the operator owes it back.
 *
 * @param reason         a stable code: {@code late}, {@code overpaid}, {@code job_already_paid}, {@code job_expired},
 *                       or a verification code such as {@code amount_mismatch} or {@code wrong_payer}
 * @param payer          who sent it, when the chain says
 * @param asset          the job's asset symbol
 * @param toPayee        atomic units that reached the payee (for an overpayment, only the excess)
 * @param toFeeRecipient atomic units that reached the fee recipient (likewise)
 * @param blockTime      when it landed, when the chain says
 */
public record UnhonouredPayment(String network, String txId, UUID jobId, String reason, String payer, String asset,
                                BigInteger toPayee, BigInteger toFeeRecipient, String payee, String feeRecipient,
                                Instant blockTime, Instant recordedAt) {

    public UnhonouredPayment {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(txId, "txId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(asset, "asset");
        Objects.requireNonNull(payee, "payee");
        if (toPayee == null || toPayee.signum() < 0 || toFeeRecipient == null || toFeeRecipient.signum() < 0) {
            throw new IllegalArgumentException("amounts must be non-negative");
        }
    }

    /** What is owed in all. */
    public BigInteger total() {
        return toPayee.add(toFeeRecipient);
    }

    /** A payment that reached {@code job}'s treasuries; {@code recordedAt} is filled in by the lockbox. */
    public static UnhonouredPayment of(Job job, String txId, String reason, String payer, BigInteger toPayee,
                                       BigInteger toFeeRecipient, Instant blockTime) {
        return new UnhonouredPayment(job.network(), txId, job.id(), reason, payer, job.asset(), toPayee,
                toFeeRecipient, job.payee(), job.feeRecipient(), blockTime, null);
    }
}
