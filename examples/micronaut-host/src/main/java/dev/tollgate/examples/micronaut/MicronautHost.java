package dev.tollgate.examples.micronaut;

import dev.tollgate.examples.api.HostLaunch;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Micronaut example host. Billing is the library's {@code @ServerFilter}, switched on by
 * {@code tollgate.billing.gateway-url}; the endpoints and prices are in application.yml, the gateway and the rails
 * come from the environment or, under ./tollgate dev, from standard input ({@link HostLaunch}).
 */
public final class MicronautHost {
    private MicronautHost() {
    }

    public static void main(String[] args) {
        Map<String, Object> settings = new LinkedHashMap<>(HostLaunch.settings(args, System.in));
        ApplicationContext context = Micronaut.build(HostLaunch.frameworkArgs(args)).mainClass(MicronautHost.class)
                .properties(settings).banner(false).start();
        HostLaunch.announce(context.getBean(EmbeddedServer.class).getURL().toString());
    }
}
