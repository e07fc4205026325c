package dev.tollgate.pricing;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** A price source the test drives by hand: answers, fails, breaks or blocks on request, and counts its calls. */
final class ScriptedPriceSource implements PriceSource {

    private final String name;
    private final Clock clock;
    private final Map<String, BigDecimal> prices = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile String failure;
    private volatile RuntimeException bug;
    private volatile Instant observedAt;
    private volatile String blockedSymbol;
    private volatile CountDownLatch release = new CountDownLatch(0);
    private final CountDownLatch entered = new CountDownLatch(1);

    ScriptedPriceSource(String name, Clock clock) {
        this.name = name;
        this.clock = clock;
    }

    ScriptedPriceSource answer(String symbol, String price) {
        prices.put(symbol, new BigDecimal(price));
        failure = null;
        bug = null;
        return this;
    }

    ScriptedPriceSource fail(String why) {
        failure = why;
        return this;
    }

    ScriptedPriceSource breakWith(RuntimeException e) {
        bug = e;
        return this;
    }

    ScriptedPriceSource stampWith(Instant observedAt) {
        this.observedAt = observedAt;
        return this;
    }

    /** Calls for {@code symbol} wait until the returned latch is counted down. */
    CountDownLatch block(String symbol) {
        release = new CountDownLatch(1);
        blockedSymbol = symbol;
        return release;
    }

    /** Counted down when a blocked call has started. */
    CountDownLatch entered() {
        return entered;
    }

    int calls() {
        return calls.get();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PriceQuote fetch(String symbol) throws PriceUnavailableException {
        calls.incrementAndGet();
        String key = symbol.toUpperCase(Locale.ROOT);
        if (key.equals(blockedSymbol)) {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PriceUnavailableException(name + " interrupted");
            }
        }
        if (bug != null) {
            throw bug;
        }
        if (failure != null) {
            throw new PriceUnavailableException(name + " " + failure);
        }
        BigDecimal price = prices.get(key);
        if (price == null) {
            throw new PriceUnavailableException(name + " knows no " + key);
        }
        return new PriceQuote(key, price, observedAt != null ? observedAt : clock.instant(), name);
    }
}
