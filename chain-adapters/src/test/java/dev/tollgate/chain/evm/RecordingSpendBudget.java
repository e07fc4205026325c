package dev.tollgate.chain.evm;

import dev.tollgate.chain.SpendBudget;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;

/** A budget in memory with a per-payer and a total cap, that tells what is reserved now. */
final class RecordingSpendBudget implements SpendBudget {
    private BigInteger perPayer;
    private BigInteger total;
    private final Map<String, BigInteger> reserved = new HashMap<>();

    RecordingSpendBudget(BigInteger perPayer, BigInteger total) {
        this.perPayer = perPayer;
        this.total = total;
    }

    static RecordingSpendBudget unlimited() {
        BigInteger plenty = BigInteger.TEN.pow(30);
        return new RecordingSpendBudget(plenty, plenty);
    }

    /** New caps from now on (what is reserved stays). */
    synchronized void limit(BigInteger perPayer, BigInteger total) {
        this.perPayer = perPayer;
        this.total = total;
    }

    @Override
    public synchronized boolean tryReserve(String network, String payer, BigInteger units) {
        BigInteger mine = reserved.getOrDefault(payer, BigInteger.ZERO).add(units);
        if (units.signum() <= 0 || mine.compareTo(perPayer) > 0 || totalReserved().add(units).compareTo(total) > 0) {
            return false;
        }
        reserved.put(payer, mine);
        return true;
    }

    @Override
    public synchronized void release(String network, String payer, BigInteger units) {
        reserved.computeIfPresent(payer, (k, v) -> v.subtract(units).signum() == 0 ? null : v.subtract(units));
    }

    synchronized BigInteger reservedFor(String payer) {
        return reserved.getOrDefault(payer, BigInteger.ZERO);
    }

    synchronized BigInteger totalReserved() {
        return reserved.values().stream().reduce(BigInteger.ZERO, BigInteger::add);
    }
}
