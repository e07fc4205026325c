package dev.tollgate.chain;

import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;

/**
 * One payment rail (a network of one chain family), its small core: the network, its assets, address and tx-id
 * rules, the payment terms a wallet needs, and checking a payment on chain. The extension point for chains: every
 * implementation passes the conformance suite {@code PaymentRailConformance} in this module's tests.
 *
 * <p>What only some rails or deployments do is an optional capability, asked for explicitly:
 * {@link #custodialSigner()} signs and sends with a payer's key (ATP's key mode); {@link #clientPayments()} checks
 * and broadcasts what a payer signed itself; {@link #exactScheme()} takes x402's {@code exact} payments from stock
 * x402 clients. A payment the payer made and sent itself needs only the core.
 */
public interface PaymentRail {

    NetworkId network();

    /** The assets this rail settles, by symbol (e.g. SOL and USDC). */
    Map<String, ChainAsset> assets();

    /** Whether {@code address} is a well-formed account address on this rail. */
    boolean isValidAddress(String address);

    /**
     * The one spelling of {@code address} used to store and compare it (EVM: EIP-55 checksum, since hex
     * addresses compare case-insensitively; Solana: as given). Only called with valid addresses.
     */
    default String canonicalAddress(String address) {
        return address;
    }

    /**
     * Whether {@code txId} has this rail's transaction-id form (Solana: base58 of exactly 64 bytes; EVM: {@code 0x}
     * and 64 hex digits). No I/O; the length is checked before anything is decoded. A tx id that fails this is
     * refused before any job is touched.
     */
    boolean isValidTxId(String txId);

    /**
     * The one spelling of a transaction id used to store and compare it, so a unique key on (network, tx id) really
     * is one payment (EVM: hashes are hex and case-insensitive, so lower case; Solana: base58 is case-sensitive, so
     * as given). No I/O; callers pass ids of this rail's form or ids to be recorded as given.
     */
    default String canonicalTxId(String txId) {
        return txId;
    }

    /**
     * Whether {@code signature} is {@code address}'s wallet signature over the UTF-8 bytes of {@code message}, in
     * the scheme wallets use to sign messages on this rail (Solana: Ed25519, signature base58 of 64 bytes; EVM:
     * EIP-191 {@code personal_sign} by an externally owned account, signature {@code 0x} and 130 hex digits).
     * Malformed input is {@code false}, never an exception. Proves who is asking, e.g. before releasing output.
     */
    boolean verifyWalletSignature(String address, String message, String signature);

    /**
     * Rail-specific fields a wallet needs to pay {@code intent} without our code (programs, contract, call data),
     * in display order; goes into the 402 challenge.
     */
    Map<String, Object> paymentInstructions(PaymentIntent intent);

    /**
     * Looks up {@code txId} once and checks it pays exactly {@code intent} (amounts to the right accounts, asset,
     * memo/job id, payer if set) at {@code commitment}.
     *
     * @param validUntil the signed payment's validity bound, or {@code -1} if unknown (then never DROPPED)
     * @throws RailUnavailableException the node could not answer
     */
    PaymentCheck checkPayment(PaymentIntent intent, String txId, Commitment commitment, long validUntil);

    /** Balance of {@code owner} in {@code asset}, atomic units (for token assets: its associated/ERC-20 balance). */
    BigInteger balanceOf(String owner, ChainAsset asset);

    /** Signing and sending with a payer's key, where this rail offers it (ATP's key mode); empty otherwise. */
    default Optional<CustodialSigner> custodialSigner() {
        return Optional.empty();
    }

    /** Checking and broadcasting payments the payer signed itself, where this rail offers it; empty otherwise. */
    default Optional<ClientPayments> clientPayments() {
        return Optional.empty();
    }

    /** x402 v2's {@code exact} scheme, where this rail offers it; empty otherwise. */
    default Optional<dev.tollgate.chain.x402.ExactScheme> exactScheme() {
        return Optional.empty();
    }

    /** x402 v2's {@code upto} scheme (usage-priced requests), where this rail offers it; empty otherwise. */
    default Optional<dev.tollgate.chain.x402.UptoScheme> uptoScheme() {
        return Optional.empty();
    }

    /** Charging a payer's up-front allowance (usage-priced requests), where this rail offers it; empty otherwise. */
    default Optional<dev.tollgate.chain.allowance.AllowanceCharges> allowanceCharges() {
        return Optional.empty();
    }
}
