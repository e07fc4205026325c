package dev.tollgate.lockbox;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * What a billing filter was authorised to charge for one request, as stored (see {@link BillingAuthorizationStore}).
 *
 * @param paymentKey  x402 kinds: what makes the payload one payment on its network; null for other kinds
 * @param units       atomic units of {@code asset} reserved (or, once settled, charged)
 * @param jobId       the job the request became; null until known
 * @param detailsJson kind-specific facts the settle needs (never a key)
 */
public record BillingAuthorization(UUID id, String kind, String network, String asset, String payer,
                                   String paymentKey, BigInteger units, State state, UUID jobId, String detailsJson,
                                   Instant createdAt, Instant expiresAt) {

    /** RESERVED -> SETTLING -> SETTLED | RELEASED; RESERVED -> RELEASED. */
    public enum State {
        RESERVED, SETTLING, SETTLED, RELEASED;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static State of(String wire) {
            return valueOf(wire.toUpperCase(Locale.ROOT));
        }
    }

    /** Whether it still holds its reservation at {@code now}: reserved and unexpired, or being settled. */
    public boolean isOpen(Instant now) {
        return state == State.SETTLING || (state == State.RESERVED && expiresAt.isAfter(now));
    }
}
