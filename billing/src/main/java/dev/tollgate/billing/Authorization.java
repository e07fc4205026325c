package dev.tollgate.billing;

import java.math.BigInteger;

/**
 * A reservation the gateway made for one request before its handler runs.
 *
 * @param id            the authorization id (a UUID), settled or released exactly once
 * @param kind          {@code exact}, {@code upto}, {@code allowance} or {@code private_key}
 * @param network       CAIP-2 network
 * @param asset         asset symbol
 * @param payer         the payer's address
 * @param reservedUnits atomic units reserved
 * @param expiresAt     ISO-8601 instant the reservation lapses
 */
public record Authorization(String id, String kind, String network, String asset, String payer,
                            BigInteger reservedUnits, String expiresAt) {

    public boolean x402() {
        return "exact".equals(kind) || "upto".equals(kind);
    }
}
