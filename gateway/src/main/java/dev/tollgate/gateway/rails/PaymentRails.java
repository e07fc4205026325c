package dev.tollgate.gateway.rails;

import dev.tollgate.chain.NetworkId;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rails this gateway settles on, found by CAIP-2 id or by alias ({@code solana}, {@code polygon}). Owns them:
 * {@link #close} (at shutdown) closes every rail that holds resources, which zeroes the keys it signs with.
 */
public final class PaymentRails implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PaymentRails.class);
    private final Map<String, RailBinding> byName = new LinkedHashMap<>();
    private final List<RailBinding> all;
    private final AtomicBoolean closed = new AtomicBoolean();

    public PaymentRails(List<RailBinding> bindings) {
        this.all = List.copyOf(bindings);
        for (RailBinding b : bindings) {
            for (String name : List.of(b.rail().network().value(), b.alias().toLowerCase(Locale.ROOT))) {
                RailBinding clash = byName.putIfAbsent(name, b);
                if (clash != null && clash != b) {
                    throw new IllegalArgumentException("two networks answer to " + name + ": "
                            + clash.rail().network() + " and " + b.rail().network());
                }
            }
        }
    }

    public Optional<RailBinding> resolve(String nameOrId) {
        if (nameOrId == null) {
            return Optional.empty();
        }
        RailBinding exact = byName.get(nameOrId.trim());
        return exact != null ? Optional.of(exact) : Optional.ofNullable(byName.get(nameOrId.trim().toLowerCase(Locale.ROOT)));
    }

    public Optional<RailBinding> byNetwork(NetworkId network) {
        return Optional.ofNullable(byName.get(network.value()));
    }

    public Collection<RailBinding> all() {
        return all;
    }

    /** Names a client may use, for error messages. */
    public List<String> names() {
        return all.stream().flatMap(b -> java.util.stream.Stream.of(b.alias(), b.rail().network().value())).toList();
    }

    /** Closes each rail once (sponsor and relayer keys zeroed); one failing to close does not keep the rest open. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (RailBinding b : all) {
            if (b.rail() instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.warn("closing the {} rail failed: {}", b.rail().network(), e.getClass().getSimpleName());
                }
            }
        }
    }
}
