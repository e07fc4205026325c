package dev.tollgate.lockbox;

import java.util.UUID;

/** The (network, tx id) already pays another job; the release changed nothing. */
public class TxAlreadyUsedException extends RuntimeException {
    private final String network;
    private final String txId;
    private final UUID paidJobId;

    public TxAlreadyUsedException(String network, String txId, UUID paidJobId) {
        super("transaction " + txId + " on " + network + " already pays job " + paidJobId);
        this.network = network;
        this.txId = txId;
        this.paidJobId = paidJobId;
    }

    public String network() {
        return network;
    }

    public String txId() {
        return txId;
    }

    /** The job this transaction already paid. */
    public UUID paidJobId() {
        return paidJobId;
    }
}
