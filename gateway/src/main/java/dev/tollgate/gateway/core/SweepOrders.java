package dev.tollgate.gateway.core;

import dev.tollgate.lockbox.Job;

/**
 * Money a job's payment left in the gateway's settlement wallet (an x402 payment on a rail where the stock client
 * can only make one transfer) that must be swept on into the job's net and fee. Called once the job is released;
 * recording is idempotent per (network, source tx), and the sweep itself is retried until it lands.
 */
public interface SweepOrders {
    void sweepAfterRelease(Job job, String sourceTxId);
}
