package dev.tollgate.chain.allowance;

import dev.tollgate.chain.ChainAsset;
import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.CustodialSigner;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.SignedPayment;

/**
 * A rail capability: charging a payer who granted the gateway an allowance up front (Polygon: an ERC-20
 * {@code approve} to the allowance splitter contract; Solana: an SPL {@code Approve} delegating to the gateway's
 * delegate key), so a request priced only after it ran (by its token usage) is paid without the payer's key, and
 * with the fee split in the same transaction. The payer proves who it is per request (Sign-In-With-X); the gateway
 * reserves in PostgreSQL what concurrent requests may still draw ({@link AllowanceState#spendable()} minus open
 * reservations), so they cannot overdraw.
 *
 * <p>Flow: {@link #read} before the handler runs (to reserve an estimate); after it, {@link #prepare} signs the
 * pull of exactly {@code intent.totalUnits()} from {@code intent.payer()} split into net and fee (tx id known before
 * broadcast, recorded by the caller), {@link #submit}, then {@link #check} until final.
 */
public interface AllowanceCharges {

    /** The address the payer approves or delegates to for {@code asset} (what a 402 tells the payer to grant). */
    String spender(ChainAsset asset);

    /** What {@code payer} has granted the spender and holds, now, in {@code asset}'s atomic units. */
    AllowanceState read(String payer, ChainAsset asset);

    /**
     * Signs the charge of {@code intent} (payer required): {@code netUnits} to the payee and {@code feeUnits} to the
     * fee recipient, pulled under the allowance in one transaction tagged with the job's memo. Never broadcasts.
     *
     * @throws AllowanceRefusedException when the allowance or balance no longer covers it (nothing was signed)
     */
    SignedPayment prepare(PaymentIntent intent) throws AllowanceRefusedException;

    /** Broadcasts once; {@code ALREADY_KNOWN} when the node has it. */
    CustodialSigner.Submission submit(SignedPayment prepared) throws PaymentRejectedException;

    /** Looks the charge up once: VERIFIED when it landed at {@code commitment} and paid {@code intent} exactly. */
    PaymentCheck check(PaymentIntent intent, String txId, Commitment commitment, long validUntil);

    /** A prepared charge that will never be broadcast: frees what preparing it reserved (e.g. a nonce). */
    default void discard(SignedPayment prepared) {
    }
}
