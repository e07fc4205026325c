package dev.tollgate.client;

import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One job's payment as signed, recorded before it is sent anywhere, so a retry re-sends exactly it. Holds no key:
 * signed transaction bytes and an authorisation's signature are safe to store (they can only pay this job's terms).
 *
 * @param txId       the transaction id (Solana signature, EVM hash); for a Solana transaction the gateway sponsors,
 *                   the payer's own signature (the id is the gateway's co-signature, named in the settle answer);
 *                   {@code null} for an authorisation (the gateway relays it and names the transaction)
 * @param wire       base64 of the signed transaction's wire bytes; {@code null} for an authorisation
 * @param from       the payer
 * @param deadline   EVM: the splitter deadline signed for (unix seconds); Solana: the last valid block height; -1
 *                   when unknown
 * @param signature  an authorisation's signature (0x r ‖ s ‖ v); {@code null} otherwise
 */
public record JournaledPayment(String jobId, String network, Kind kind, String txId, String wire, String from,
                               long deadline, String signature, Instant recordedAt) {
    private static final Pattern JOB_ID = Pattern.compile("[0-9a-fA-F-]{1,64}");

    /** How the gateway gets this payment. */
    public enum Kind {
        /** Signed here, sent to the gateway as {@code signed_transaction}; the gateway checks and broadcasts it. */
        SIGNED_TRANSACTION,
        /** EIP-3009 {@code ReceiveWithAuthorization} for the splitter, sent as {@code authorization}; gasless. */
        AUTHORIZATION,
        /** Signed and broadcast here; the gateway is told its {@code tx_signature} with a Sign-In-With-X proof. */
        SELF_BROADCAST
    }

    public JournaledPayment {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(from, "from");
        if (jobId == null || !JOB_ID.matcher(jobId).matches()) {
            throw new IllegalArgumentException("not a job id");
        }
        if (kind == Kind.AUTHORIZATION ? signature == null : (txId == null || wire == null)) {
            throw new IllegalArgumentException(kind + " payment is incomplete");
        }
    }

    /** The signed transaction's bytes. */
    public byte[] wireBytes() {
        return Base64.getDecoder().decode(wire);
    }

    @Override
    public String toString() {
        return "JournaledPayment[" + jobId + ", " + kind + ", " + network + ", tx=" + txId + "]";
    }
}
