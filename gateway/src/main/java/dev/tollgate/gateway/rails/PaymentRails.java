package dev.tollgate.gateway.rails;

import dev.tollgate.chain.NetworkId;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The rails this gateway settles on, found by CAIP-2 id or by alias ({@code solana}, {@code polygon}). */
public final class PaymentRails {
    private final Map<String, RailBinding> byName = new LinkedHashMap<>();
    private final List<RailBinding> all;

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
}
