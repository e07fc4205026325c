package dev.tollgate.gateway.proof;

import dev.tollgate.lockbox.Job;

/**
 * A caller proven by a verified {@code SIGN-IN-WITH-X} header to control {@code address} on {@code network}.
 *
 * @param address the wallet, in the rail's canonical spelling (as jobs store their payer)
 * @param network CAIP-2 id of the chain it signed for
 * @param nonce   the nonce this request used up
 */
public record SignedIn(String address, String network, String nonce) {

    /** True when this caller is the job's payer (and so, for a wallet-bound job, its bound wallet). */
    public boolean isPayerOf(Job job) {
        return network.equals(job.network()) && address.equals(job.payer());
    }
}
