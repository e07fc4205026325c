package dev.tollgate.gateway.support;

import dev.tollgate.chain.memory.InMemoryRail;
import dev.tollgate.lockbox.testing.SharedTestDatabase;
import java.util.HashMap;
import java.util.Map;

/**
 * Properties of a gateway on the in-memory rail (environment {@code memrail}): one {@code solana} entry with SOL and
 * a USDC-like token at {@code usdcMint}, a fixed SOL price, the shared embedded PostgreSQL, no reconciler, reaper or
 * limits, and key mode at its default (off). Tests add what they need.
 */
public final class InMemoryGatewayProperties {
    private InMemoryGatewayProperties() {
    }

    public static Map<String, String> solana(TestAgent agent, String network, String usdcMint) {
        Map<String, String> p = solana(network, usdcMint);
        p.put("tollgate.upstream.kind", "swarms");
        p.put("tollgate.upstream.url", agent.url().toString());
        p.put("tollgate.upstream.timeout-seconds", "2");
        return p;
    }

    /** As {@link #solana(TestAgent, String, String)} without an agent: for what never runs one (the facilitator). */
    public static Map<String, String> solana(String network, String usdcMint) {
        Map<String, String> p = new HashMap<>(SharedTestDatabase.stringProperties());
        p.put("micronaut.server.port", "-1");
        p.put("micronaut.server.host", "127.0.0.1");
        String n = "tollgate.networks.solana.";
        p.put(n + "id", network);
        p.put(n + "alias", "solana");
        p.put(n + "rpc-url", "http://memory.invalid"); // never called: the in-memory rail does no I/O
        p.put(n + "agent-treasury", InMemoryRail.newAccount().getPublicKeyBase58());
        p.put(n + "fee-treasury", InMemoryRail.newAccount().getPublicKeyBase58());
        p.put(n + "assets.usdc.address", usdcMint);
        p.put("tollgate.oracle.primary", "fixed");
        p.put("tollgate.oracle.secondary", "none");
        p.put("tollgate.oracle.fixed-prices.SOL", "150");
        p.put("tollgate.pricing.input-cost-per-million-usd", "10");
        p.put("tollgate.pricing.output-cost-per-million-usd", "30");
        p.put("tollgate.settlement-fee-percent", "0.05");
        p.put("tollgate.settle-wait-seconds", "2");
        p.put("tollgate.unseen-tx-grace-seconds", "1");
        p.put("tollgate.reconciler.enabled", "false");
        p.put("tollgate.lockbox.reaper.enabled", "false");
        p.put("tollgate.limits.enabled", "false");
        return p;
    }
}
