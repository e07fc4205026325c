package dev.tollgate.gateway.x402;

import dev.tollgate.gateway.core.SweepOrders;
import dev.tollgate.lockbox.Job;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test only: records every sweep the gateway orders (the real one, from the Solana rail, moves money). */
@Singleton
@Requires(property = "tollgate.test.recording-sweeps", value = "true")
@Replaces(dev.tollgate.gateway.sweep.SweepLedger.class) // the one SweepOrders where it records
public class RecordingSweepOrders implements SweepOrders {
    public record Order(Job job, String sourceTxId) { }

    private final List<Order> orders = new CopyOnWriteArrayList<>();

    @Override
    public void sweepAfterRelease(Job job, String sourceTxId) {
        orders.add(new Order(job, sourceTxId));
    }

    public List<Order> orders() {
        return orders;
    }
}
