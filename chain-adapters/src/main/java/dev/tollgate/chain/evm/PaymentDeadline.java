package dev.tollgate.chain.evm;

import dev.tollgate.chain.ClientPaymentRefusedException;
import dev.tollgate.chain.ClientPaymentRefusedException.Reason;
import dev.tollgate.chain.PaymentIntent;
import java.math.BigInteger;

/** The splitter deadline a client signed, checked against the job and the chain's time. */
final class PaymentDeadline {
    /** A payment must stay valid at least this long after the chain's latest block to be worth broadcasting. */
    static final long MIN_REMAINING_SECONDS = 5;

    private PaymentDeadline() {
    }

    /**
     * The deadline must leave the payment time to land ({@link #MIN_REMAINING_SECONDS} past {@code chainTime}) and
     * must not let it land at or after the job's pay-by (the splitter accepts {@code block.timestamp <= deadline}).
     *
     * @param latestWithoutPayBy the latest deadline accepted for an intent without a pay-by
     * @return the deadline
     * @throws ClientPaymentRefusedException AUTHORIZATION_EXPIRED
     */
    static long check(PaymentIntent intent, BigInteger deadline, long chainTime, long latestWithoutPayBy)
            throws ClientPaymentRefusedException {
        long latest = intent.payBy() != null ? intent.payBy().getEpochSecond() - 1 : latestWithoutPayBy;
        if (deadline.compareTo(BigInteger.valueOf(latest)) > 0) {
            throw new ClientPaymentRefusedException(Reason.AUTHORIZATION_EXPIRED, "deadline " + deadline
                    + " is later than the job allows (" + latest + ")");
        }
        if (deadline.longValueExact() < chainTime + MIN_REMAINING_SECONDS) {
            throw new ClientPaymentRefusedException(Reason.AUTHORIZATION_EXPIRED, "deadline " + deadline
                    + " has passed or is too close (chain time " + chainTime + ")");
        }
        return deadline.longValueExact();
    }
}
