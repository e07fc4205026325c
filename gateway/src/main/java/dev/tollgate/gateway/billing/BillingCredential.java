package dev.tollgate.gateway.billing;

import dev.tollgate.lockbox.BillingAuthorization;
import dev.tollgate.lockbox.Job;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One way to pay a billed request (a credential kind: {@code exact}, {@code upto}, {@code allowance},
 * {@code private_key}). The billing service owns the protocol: it validates terms, asks
 * every kind for its part of the 402 ({@link #offers}), hands the client's credential to the one kind that
 * {@link #accepts} it, stores the {@link Reservation} that kind's {@link #authorize} returns (by its payment key, or
 * within what is spendable, compare-and-set in PostgreSQL), and at settle moves the authorization to SETTLING,
 * creates the job with the output sealed (amounts from {@link #charge}) and calls {@link #settle} exactly once.
 *
 * <p>A new kind plugs in by being a {@code @Singleton} implementing this interface in the gateway: no registry to
 * edit (the service takes every bean), no new endpoint. It must never broadcast in {@link #authorize}, must settle
 * only the job it is given, must throw {@link BillingRefusal} (stable code, x402 reason, no upstream text) for
 * anything it refuses, and must never store, log or echo a key.
 */
public interface BillingCredential {

    /** The kind's stable name, stored with each authorization ({@code [a-z][a-z0-9_]*}). */
    String kind();

    /** Whether this kind takes {@code credential} (by its type, and for x402 by the scheme it accepted). */
    boolean accepts(PresentedCredential credential);

    /** This kind's part of the answer to {@code POST /v1/billing/offers}; {@link OfferPart#NONE} when it has none. */
    OfferPart offers(BillingTerms terms);

    /**
     * Verifies {@code credential} for {@code terms} (nothing is broadcast) and says what to reserve.
     *
     * @param estimateUsd what the request may cost: the fixed price, or the filter's estimate of a usage price
     *                    (never above the ceiling)
     * @throws BillingRefusal when the credential does not pay these terms (402 with the reason, 400, 403, 503)
     */
    Reservation authorize(BillingTerms terms, BigDecimal estimateUsd, PresentedCredential credential);

    /**
     * The units the job is created for, given what the actual USD cost converts to ({@code pricedUnits}, rounded up
     * to a whole unit). Default: the priced units. An x402 exact payment charges what it signed; an upto payment
     * refuses more than its ceiling ({@code amount_exceeds_ceiling}).
     */
    default BigInteger charge(BillingAuthorization authorization, BillingTerms terms, BigInteger pricedUnits) {
        return pricedUnits;
    }

    /**
     * Settles {@code job} (LOCKED, created for this authorization with the output sealed) through the core, once.
     * A failed settlement leaves the job LOCKED and payable until its TTL.
     *
     * @param credential the credential sent with the settle ({@code private_key} only), else null
     */
    Settled settle(BillingAuthorization authorization, BillingTerms terms, Job job, PresentedCredential credential);

    /**
     * Whether settle needs the credential sent again (a key, which is never stored): the service refuses a settle
     * without one before anything moves. Default: no.
     */
    default boolean needsCredentialAtSettle() {
        return false;
    }

    /** The authorization was given back without a settle (handler failed, filter gave up); default: nothing to do. */
    default void release(BillingAuthorization authorization) {
    }

    /**
     * What to reserve for an authorised request.
     *
     * @param paymentKey x402 kinds: what makes the payload one payment on the network (unique: one request per
     *                   payload); null otherwise
     * @param units      atomic units held (the price, or the estimate converted)
     * @param jobId      the job id the credential already names (exact offers), else null (a fresh one at settle)
     * @param details    kind-specific facts settle needs (stored as JSON; never a key)
     * @param spendable  null: reserve by {@code paymentKey}; else reserve only if the payer's open reservations plus
     *                   {@code units} stay within it (allowances)
     */
    record Reservation(String network, String asset, String payer, String paymentKey, BigInteger units, UUID jobId,
                       Map<String, Object> details, BigInteger spendable) {
        public Reservation {
            Objects.requireNonNull(network, "network");
            Objects.requireNonNull(asset, "asset");
            Objects.requireNonNull(payer, "payer");
            Objects.requireNonNull(units, "units");
            details = details == null ? Map.of() : details;
            if (paymentKey == null && spendable == null) {
                throw new IllegalArgumentException("a reservation is by payment key or within what is spendable");
            }
        }
    }

    /**
     * A kind's part of the 402.
     *
     * @param accepts    x402 {@code accepts[]} entries
     * @param allowances {@code allowances[]} entries ({@code network, asset, asset_address, spender, decimals})
     * @param extensions x402 {@code extensions} entries by name (e.g. {@code sign-in-with-x})
     * @param atp        ATP hints ({@code wallet_private_key_header}), merged into {@code atp}
     */
    record OfferPart(List<Map<String, Object>> accepts, List<Map<String, Object>> allowances,
                     Map<String, Object> extensions, Map<String, Object> atp) {
        public static final OfferPart NONE = new OfferPart(List.of(), List.of(), Map.of(), Map.of());

        public OfferPart {
            accepts = accepts == null ? List.of() : List.copyOf(accepts);
            allowances = allowances == null ? List.of() : List.copyOf(allowances);
            extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
            atp = atp == null ? Map.of() : Map.copyOf(atp);
        }

        public static OfferPart accepts(List<Map<String, Object>> entries) {
            return new OfferPart(entries, List.of(), Map.of(), Map.of());
        }
    }

    /** What a settle came to. */
    sealed interface Settled {
        /** Final at the terms' finality: the output may be handed over. */
        record Paid(Job job, String txId, String paymentResponse) implements Settled { }

        /** Broadcast, not final before the answer is due: the output waits in the job. */
        record Pending(Job job, String txId, String paymentResponse) implements Settled { }

        /**
         * Nothing was charged: the job stays LOCKED with the output, payable until its TTL.
         *
         * @param reason the x402 reason or the core's code
         */
        record Failed(String code, String reason, String message, String paymentResponse) implements Settled { }
    }
}
