package dev.tollgate.gateway.rails;

import dev.tollgate.chain.SpendBudget;
import dev.tollgate.gateway.config.NetworkConfig;
import dev.tollgate.gateway.config.SponsorConfig;
import dev.tollgate.lockbox.SponsorBudgetStore;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;

/**
 * What a rail builder passes to a rail that sponsors fees or relays payments
 * ({@code tollgate.networks.<n>.sponsor.*}): the sponsor's secret key text and a budget in PostgreSQL shared by
 * every instance. Empty when the network has no sponsor key: the rail then sponsors nothing.
 */
@Singleton
public final class RailSponsors {
    private final Environment env;
    private final SponsorBudgetStore store;

    RailSponsors(Environment env, SponsorBudgetStore store) {
        this.env = env;
        this.store = store;
    }

    /**
     * A network's sponsorship.
     *
     * @param key    the secret as configured (the rail parses it and zeroes what it decodes); never log it
     * @param budget per-payer and total caps over the rolling window, in the rail's native atomic units
     */
    public record Sponsorship(String key, SpendBudget budget) {
        @Override
        public String toString() {
            return "Sponsorship[key=[secret], budget=" + budget + "]";
        }
    }

    public Optional<Sponsorship> of(NetworkConfig network) {
        SponsorConfig config = SponsorConfig.bind(env, network.prefix());
        if (!config.enabled()) {
            return Optional.empty();
        }
        SponsorBudgetStore.Caps caps = new SponsorBudgetStore.Caps(config.perPayer(), config.total(),
                Duration.ofSeconds(config.windowSeconds()));
        return Optional.of(new Sponsorship(config.key(), new DatabaseSpendBudget(store, caps)));
    }
}
