package dev.tollgate.chain;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * What a landed, successful transaction was seen to pay, in the asset of the intent it was checked against. The
 * gateway honours a payment by {@code blockTime} (landed before expiry) and records what it cannot honour.
 *
 * @param blockTime      when the block holding the transaction was produced, by the chain's clock; {@code null}
 *                       only when the node keeps no time for that block
 * @param payer          who paid: Solana, the source of the asset's transfers (the fee payer when none moved the
 *                       asset); EVM, the splitter's {@code Paid} payer (the transaction's sender when none names the
 *                       job)
 * @param assetAddress   the intent's asset: SPL mint or ERC-20 address; {@code null} for the native coin
 * @param toPayee        units of that asset credited to the intent's payee (Solana: to the owner for SOL, to its
 *                       associated token account for tokens; EVM: by {@code Paid} events naming the job)
 * @param toFeeRecipient units credited to the intent's fee recipient; zero when it is the payee (counted once, in
 *                       {@code toPayee})
 */
public record ObservedPayment(Instant blockTime, String payer, String assetAddress, BigInteger toPayee,
                              BigInteger toFeeRecipient) {
    public ObservedPayment {
        Objects.requireNonNull(payer, "payer");
        if (toPayee == null || toPayee.signum() < 0 || toFeeRecipient == null || toFeeRecipient.signum() < 0) {
            throw new IllegalArgumentException("observed amounts must be non-negative");
        }
    }

    /** Everything this transaction credited to the intent's recipients. */
    public BigInteger total() {
        return toPayee.add(toFeeRecipient);
    }
}
