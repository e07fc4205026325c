package dev.tollgate.client;

/**
 * Makes a job's payment in this process, from the wallet's key, without sending it to the gateway: a signed
 * transaction, a gasless authorisation, and broadcasting a signed transaction to the chain. The default
 * ({@link RailLocalPayer}) uses chain-adapters' builders against the client's own RPC nodes.
 */
public interface LocalPayer {

    /** Builds and signs the one transaction that pays {@code challenge} (not broadcast). */
    JournaledPayment signTransaction(Challenge challenge, Wallet wallet, JournaledPayment.Kind kind);

    /** Signs the EIP-3009 {@code ReceiveWithAuthorization} for the splitter that pays {@code challenge} (EVM tokens). */
    JournaledPayment authorize(Challenge challenge, EvmWallet wallet);

    /**
     * Broadcasts a {@link JournaledPayment.Kind#SELF_BROADCAST} payment's exact bytes; a node that already has them
     * is a normal outcome (nothing is sent twice).
     *
     * @throws TollgateException {@code local_payment_failed} when the node refused it (it can never land);
     *                           {@code chain_unreachable} when the outcome is unknown (keep it, send it again)
     */
    void broadcast(Challenge challenge, JournaledPayment payment);
}
