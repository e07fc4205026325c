package dev.tollgate.chain;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link SpendBudget} held in this process (tests, tools, a single instance): at most {@code perPayer} units
 * reserved for any one payer of a network and {@code total} for all payers of a network together, never
 * replenished except by {@link #release}. Production shares one budget between instances (PostgreSQL).
 */
public final class InMemorySpendBudget implements SpendBudget {
    private final BigInteger perPayer;
    private final BigInteger total;
    private final Map<String, BigInteger> byPayer = new HashMap<>();
    private final Map<String, BigInteger> byNetwork = new HashMap<>();

    public InMemorySpendBudget(BigInteger perPayer, BigInteger total) {
        if (perPayer == null || perPayer.signum() < 0 || total == null || total.signum() < 0) {
            throw new IllegalArgumentException("budgets must be non-negative");
        }
        this.perPayer = perPayer;
        this.total = total;
    }

    @Override
    public synchronized boolean tryReserve(String network, String payer, BigInteger units) {
        if (units.signum() < 0) {
            throw new IllegalArgumentException("units must be non-negative");
        }
        String payerKey = network + "\n" + payer;
        BigInteger payerAfter = byPayer.getOrDefault(payerKey, BigInteger.ZERO).add(units);
        BigInteger networkAfter = byNetwork.getOrDefault(network, BigInteger.ZERO).add(units);
        if (payerAfter.compareTo(perPayer) > 0 || networkAfter.compareTo(total) > 0) {
            return false;
        }
        byPayer.put(payerKey, payerAfter);
        byNetwork.put(network, networkAfter);
        return true;
    }

    @Override
    public synchronized void release(String network, String payer, BigInteger units) {
        byPayer.computeIfPresent(network + "\n" + payer, (k, v) -> v.subtract(units).max(BigInteger.ZERO));
        byNetwork.computeIfPresent(network, (k, v) -> v.subtract(units).max(BigInteger.ZERO));
    }

    /** Units currently reserved for {@code payer} on {@code network}. */
    public synchronized BigInteger reserved(String network, String payer) {
        return byPayer.getOrDefault(network + "\n" + payer, BigInteger.ZERO);
    }

    /** Units currently reserved on {@code network} for all payers. */
    public synchronized BigInteger reservedTotal(String network) {
        return byNetwork.getOrDefault(network, BigInteger.ZERO);
    }
}
