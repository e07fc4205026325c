package dev.tollgate.chain;

import java.math.BigInteger;

/**
 * What the gateway may spend of its own on payers' behalf (Solana fees it sponsors, EVM gas it relays), per payer
 * and in total, in the rail's native atomic units. Shared by all instances in production (PostgreSQL).
 */
public interface SpendBudget {

    /** Reserves {@code units} for {@code payer} if both its budget and the total allow it; false otherwise. */
    boolean tryReserve(String network, String payer, BigInteger units);

    /** Gives back a reservation whose transaction will never be broadcast. */
    void release(String network, String payer, BigInteger units);

    /** No budget at all: nothing is ever sponsored. */
    SpendBudget NONE = new SpendBudget() {
        @Override
        public boolean tryReserve(String network, String payer, BigInteger units) {
            return false;
        }

        @Override
        public void release(String network, String payer, BigInteger units) {
        }
    };
}
