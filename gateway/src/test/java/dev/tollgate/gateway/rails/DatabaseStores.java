package dev.tollgate.gateway.rails;

import dev.tollgate.lockbox.NonceReservationStore;
import dev.tollgate.lockbox.testing.SharedTestDatabase;
import io.micronaut.context.ApplicationContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Nonce reservation stores on the shared test database, each from its own application context (own connection
 * pool, own beans), the way separate gateway instances would hold them. Closes every context it started.
 */
final class DatabaseStores implements AutoCloseable {
    private final List<ApplicationContext> contexts = new ArrayList<>();

    DatabaseNonceReservations newInstance() {
        Map<String, Object> properties = new HashMap<>(SharedTestDatabase.properties());
        properties.put("tollgate.lockbox.reaper.enabled", "false");
        properties.put("tollgate.reconciler.enabled", "false");
        ApplicationContext context = ApplicationContext.run(properties, "test");
        contexts.add(context);
        return new DatabaseNonceReservations(context.getBean(NonceReservationStore.class));
    }

    @Override
    public void close() {
        contexts.forEach(ApplicationContext::close);
    }
}
