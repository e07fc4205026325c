package dev.tollgate.gateway.support;

import dev.tollgate.lockbox.testing.SharedTestDatabase;
import java.util.HashMap;
import java.util.Map;

/** Configuration of a gateway under test: shared embedded PostgreSQL, the local Solana node, a test agent. */
public final class GatewayTestProperties {
    private GatewayTestProperties() {
    }

    public static Map<String, String> forSolana(TestAgent agent) {
        LocalSolana chain = LocalSolana.get();
        Map<String, String> p = new HashMap<>(SharedTestDatabase.stringProperties());
        p.put("micronaut.server.port", "-1");
        p.put("micronaut.server.host", "127.0.0.1");
        p.put("tollgate.networks.solana.id", chain.network);
        p.put("tollgate.networks.solana.rpc-url", chain.node.rpcUrl().toString());
        p.put("tollgate.networks.solana.assets.usdc.address", chain.usdc.address());
        p.put("tollgate.networks.solana.agent-treasury", chain.agentTreasury);
        p.put("tollgate.networks.solana.fee-treasury", chain.feeTreasury);
        p.put("tollgate.upstream.kind", "swarms");
        p.put("tollgate.upstream.url", agent.url().toString());
        p.put("tollgate.upstream.timeout-seconds", "2");
        p.put("tollgate.oracle.primary", "fixed");
        p.put("tollgate.oracle.secondary", "none");
        p.put("tollgate.oracle.fixed-prices.SOL", "150");
        p.put("tollgate.pricing.input-cost-per-million-usd", "10");
        p.put("tollgate.pricing.output-cost-per-million-usd", "30");
        p.put("tollgate.settlement-fee-percent", "0.05");
        p.put("tollgate.private-key-settlement", "true");
        p.put("tollgate.settle-wait-seconds", "30");
        p.put("tollgate.unseen-tx-grace-seconds", "2");
        p.put("tollgate.reconciler.enabled", "false");
        p.put("tollgate.lockbox.reaper.enabled", "false");
        // one test client makes many requests from one address; RateLimitTest turns the limits on for itself
        p.put("tollgate.limits.enabled", "false");
        return p;
    }

    /** Turns the reconciler on but leaves its runs to the test (it calls {@code reconcile()} itself). */
    public static Map<String, String> withTestDrivenReconciler(Map<String, String> p) {
        p.put("tollgate.reconciler.enabled", "true");
        p.put("tollgate.reconciler.initial-delay-seconds", "3600");
        return p;
    }

    /** Both rails: Solana as above plus the local Polygon stand-in (anvil) with {@code confirmations}. */
    public static Map<String, String> forSolanaAndPolygon(TestAgent agent, int confirmations) {
        LocalPolygon polygon = LocalPolygon.get();
        Map<String, String> p = forSolana(agent);
        p.put("tollgate.networks.polygon.enabled", "true");
        p.put("tollgate.networks.polygon.id", "eip155:" + LocalPolygon.CHAIN_ID);
        p.put("tollgate.networks.polygon.rpc-url", polygon.anvil.rpcUrl().toString());
        p.put("tollgate.networks.polygon.splitter-address", polygon.splitter);
        p.put("tollgate.networks.polygon.assets.usdc.address", polygon.usdc.address());
        p.put("tollgate.networks.polygon.agent-treasury", polygon.agentTreasury);
        p.put("tollgate.networks.polygon.fee-treasury", polygon.feeTreasury);
        p.put("tollgate.networks.polygon.confirmations", Integer.toString(confirmations));
        p.put("tollgate.networks.polygon.finalized-tag", "false");
        p.put("tollgate.oracle.fixed-prices.POL", "0.25");
        return p;
    }
}
