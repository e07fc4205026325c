package dev.tollgate.lockbox;

import java.math.BigInteger;
import java.time.Instant;
import java.util.UUID;

/**
 * Money a job's payment left in the settlement wallet, owed on to the job's payee (net) and fee recipient (fee).
 *
 * @param sourceTxId      the payment that brought it in
 * @param sweepTxId       the sweep transaction recorded before broadcast (SENDING), or the one that landed (DONE)
 * @param sweepRawTx      its signed bytes while SENDING, so a recovery re-sends exactly it
 * @param sweepValidUntil its rail validity bound (Solana: last valid block height)
 */
public record Sweep(UUID id, String network, String sourceTxId, UUID jobId, String asset, String settlementWallet,
                    String payee, String feeRecipient, BigInteger netUnits, BigInteger feeUnits, State state,
                    String sweepTxId, byte[] sweepRawTx, Long sweepValidUntil, int attempts, Instant recordedAt,
                    Instant doneAt) {

    public enum State { PENDING, SENDING, DONE, FAILED }

    /** One sweep transaction as recorded: {@code outcome} is sent, landed, dropped or failed. */
    public record Transaction(String network, String txId, UUID sweepId, Long validUntil, String outcome,
                              Instant recordedAt, Instant decidedAt) {
    }

    @Override
    public String toString() {
        return "Sweep[id=" + id + ", network=" + network + ", sourceTxId=" + sourceTxId + ", jobId=" + jobId
                + ", state=" + state + ", sweepTxId=" + sweepTxId + ", attempts=" + attempts + "]";
    }
}
