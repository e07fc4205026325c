package dev.tollgate.chain.x402;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.CustodialSigner;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.SignedPayment;

/**
 * What an {@link ExactScheme} offers when a stock client's single transfer lands in the gateway's settlement wallet
 * (Solana, a job with a fee): moving that money on into the job's net and fee. Found by
 * {@code rail.exactScheme().filter(SettlementSweeps.class::isInstance)}.
 */
public interface SettlementSweeps {

    /** The settlement wallet's address: the {@code payTo} of exact requirements that carry a fee. */
    String settlementWallet();

    /** The memo of a job's sweep, distinct from its payment's so one transaction never counts as both. */
    static String sweepMemo(String jobId) {
        return PaymentIntent.atpMemo(jobId) + ":sweep";
    }

    /**
     * Builds and signs the one transaction that moves {@code sweep}'s net to its payee and fee to its fee recipient
     * from the settlement wallet ({@code sweep.payer()} must be it, {@code sweep.memo()} the sweep memo). The tx id
     * is known before broadcast, so the caller records it first.
     */
    SignedPayment signSweep(PaymentIntent sweep) throws PaymentRejectedException;

    /** Broadcasts a signed sweep once; {@code ALREADY_KNOWN} when the node has it. */
    CustodialSigner.Submission submitSweep(SignedPayment sweep) throws PaymentRejectedException;

    /** Looks the sweep up once: VERIFIED when it landed at {@code commitment} and paid net and fee as signed. */
    PaymentCheck checkSweep(PaymentIntent sweep, String txId, Commitment commitment, long validUntil);

    /**
     * Creates the settlement wallet's token account for {@code asset} if it is missing (the fee payer funds it), so
     * stock clients, which never create the recipient's account, can pay it. Idempotent.
     */
    void openSettlementAccount(ChainAsset asset) throws PaymentRejectedException;
}
