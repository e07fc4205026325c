package dev.tollgate.chain.x402;

import dev.tollgate.chain.Commitment;
import dev.tollgate.chain.CustodialSigner;
import dev.tollgate.chain.PaymentCheck;
import dev.tollgate.chain.PaymentIntent;
import dev.tollgate.chain.PaymentRejectedException;
import dev.tollgate.chain.SignedPayment;
import java.util.Map;

/**
 * A rail capability: x402 v2's {@code upto} scheme (EVM, Permit2), for requests priced by usage: the stock client
 * ({@code @x402/evm}'s {@code UptoEvmScheme}) signs a Permit2 witness transfer of at most a ceiling, to
 * {@code payTo}, that only {@code extra.facilitatorAddress} may execute; after the handler ran, the gateway settles
 * the actual amount (at most the ceiling), with the fee split in the same transaction.
 *
 * <p>The requirement reuses {@link ExactRequirement}'s shape; its {@code amount} is the ceiling and its scheme on the
 * wire is {@link #SCHEME}.
 */
public interface UptoScheme {
    String SCHEME = "upto";

    /** The CAIP-2 id this rail is advertised under to x402 clients. */
    String caip2();

    /**
     * What a stock client is asked to authorise for {@code ceiling}: at most {@code ceiling.totalUnits()} of its
     * asset, to where the split can be honoured, executable only by this gateway ({@code extra.facilitatorAddress}).
     */
    ExactRequirement requirement(PaymentIntent ceiling, int maxTimeoutSeconds);

    /**
     * Checks the scheme payload authorises {@code requirement} (signature, spender, witness, token, ceiling,
     * deadline, the payer's balance and Permit2 allowance cover the ceiling). Never broadcasts.
     *
     * @throws ExactRefusedException with x402's reason string (e.g. {@code permit2_allowance_required})
     */
    ExactPayment verify(ExactRequirement requirement, Map<String, Object> payload) throws ExactRefusedException;

    /**
     * Signs the settlement of {@code actual} (its total at most the verified ceiling, same payer, payee, fee
     * recipient and asset) under {@code payment}; tx id known before broadcast.
     */
    SignedPayment prepare(PaymentIntent actual, ExactPayment payment) throws ExactRefusedException;

    /** Broadcasts once; {@code ALREADY_KNOWN} when the node has it. */
    CustodialSigner.Submission submit(SignedPayment prepared) throws PaymentRejectedException;

    /** Looks the settlement up once: VERIFIED when it landed at {@code commitment} and paid {@code actual} exactly. */
    PaymentCheck check(PaymentIntent actual, ExactPayment payment, String txId, Commitment commitment,
                       long validUntil);

    /** A prepared transaction that will never be broadcast: frees what preparing it reserved. */
    default void discard(SignedPayment prepared) {
    }
}
