package dev.tollgate.devstack;

import dev.tollgate.gateway.Application;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./tollgate dev}: the gateway on local chains with funded demo wallets, a demo agent and an embedded
 * PostgreSQL (throwaway unless TOLLGATE_EMBEDDED_DB_DIR keeps it), so a fresh clone runs with one command. Then it
 * prints a copy-pasteable trade → settle walk-through. A refused start exits with status 2 and one line, as in
 * production.
 */
public final class DevApplication {
    private DevApplication() {
    }

    public static void main(String[] args) {
        Application.exitOnRefusal(() -> start(args));
    }

    private static void start(String[] args) {
        // --dev is what the script used to pass to the production jar; it means nothing to the gateway itself
        String[] gatewayArgs = Arrays.stream(args).filter(a -> !"--dev".equals(a)).toArray(String[]::new);
        List<AutoCloseable> resources = new ArrayList<>();
        DevStack stack;
        Map<String, Object> properties = new LinkedHashMap<>();
        try {
            stack = DevStack.start();
            resources.add(stack);
            properties.putAll(stack.gatewayProperties());
            properties.putAll(DevDatabase.properties(System::getenv, resources));
        } catch (RuntimeException e) {
            closeAll(resources);
            throw e;
        }
        // from here the gateway owns the resources: it closes them once it has stopped, or if it fails to start
        ApplicationContext context = Application.launch(gatewayArgs, properties, resources);
        String gatewayUrl = context.getBean(EmbeddedServer.class).getURL().toString();
        DevExampleHosts hosts = DevExampleHosts.NONE;
        if (!"false".equalsIgnoreCase(System.getenv("TOLLGATE_DEV_EXAMPLE_HOSTS"))) {
            try {
                // the example host apps bill through this gateway, so they start once it serves
                hosts = DevExampleHosts.start(stack.exampleHostBilling(gatewayUrl), resources);
            } catch (RuntimeException e) {
                System.err.println("tollgate: cannot start the example hosts: " + e.getMessage());
                System.exit(1); // the gateway's shutdown hook stops it and closes everything started so far
                return;
            }
        }
        stack.announce(gatewayUrl, hosts);
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                System.err.println("while stopping " + resources.get(i) + ": " + e);
            }
        }
    }
}
