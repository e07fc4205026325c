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

    /**
     * Adds the second local EVM chain as network {@code base} purely through properties: nothing in the gateway
     * names it. Its native coin is ETH (priced by the fixed oracle), its USDC pegged.
     */
    public static Map<String, String> withSecondEvmNetwork(Map<String, String> p) {
        LocalPolygon base = LocalPolygon.second();
        String n = "tollgate.networks.base.";
        p.put(n + "id", "eip155:" + base.chainId);
        p.put(n + "alias", "base");
        p.put(n + "rpc-url", base.anvil.rpcUrl().toString());
        p.put(n + "rpc-fallback-urls", "http://127.0.0.1:1/unused");
        p.put(n + "splitter-address", base.splitter);
        p.put(n + "agent-treasury", base.agentTreasury);
        p.put(n + "fee-treasury", base.feeTreasury);
        p.put(n + "confirmations", "1");
        p.put(n + "finalized-tag", "false");
        p.put(n + "assets.eth.native-coin", "true");
        p.put(n + "assets.eth.decimals", "18");
        p.put(n + "assets.usdc.decimals", "6");
        p.put(n + "assets.usdc.address", base.usdc.address());
        p.put(n + "assets.usdc.pegged", "true");
        p.put("tollgate.oracle.fixed-prices.ETH", "2500");
        return p;
    }

    /** Adds a Token-2022 mint (PYUSD) to the Solana network as one more asset entry. */
    public static Map<String, String> withToken2022Asset(Map<String, String> p) {
        var asset = LocalSolana.get().token2022();
        String a = "tollgate.networks.solana.assets.pyusd.";
        p.put(a + "decimals", "6");
        p.put(a + "address", asset.address());
        p.put(a + "token-program", asset.tokenProgram());
        p.put("tollgate.oracle.fixed-prices.PYUSD", "1");
        return p;
    }

    /**
     * Key mode off (the default outside these tests) and the gateway's own {@code sponsorKey} sponsoring
     * {@code network}'s fees (Solana) or relaying its gas (EVM) within the caps, over an hour.
     */
    public static Map<String, String> withSponsor(Map<String, String> p, String network, String sponsorKey,
                                                  String perPayerUnits, String totalUnits) {
        p.put("tollgate.private-key-settlement", "false");
        String n = "tollgate.networks." + network + ".sponsor.";
        p.put(n + "key", sponsorKey);
        p.put(n + "per-payer-units", perPayerUnits);
        p.put(n + "total-units", totalUnits);
        p.put(n + "window-seconds", "3600");
        return p;
    }
}
