package dev.tollgate.chain.solana.tx;

/** Wire bytes that are not a transaction this runtime would accept. */
public class MalformedTransactionException extends Exception {
    public MalformedTransactionException(String message) {
        super(message);
    }
}
