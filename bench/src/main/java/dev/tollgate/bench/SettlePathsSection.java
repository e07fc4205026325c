package dev.tollgate.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * The bench's "settle-paths" section (after "settle"): the settle paths other than key mode, per rail and token,
 * closed model at the settle concurrency: proof by tx id (the payer's own broadcast and wait, then the settle by tx
 * id and proof), client-signed transactions (Solana self-paid and gateway-sponsored, Polygon EIP-1559 to the
 * splitter), the gasless EIP-3009 authorisation (Polygon USDC); then x402 on Solana with the stock client
 * (skipped by {@code --no-x402}, as the anvil x402 section is).
 * The gateway's share of a client-signed settle is its p50 minus the payer's own broadcast→confirmed p50 measured
 * in the proof rows just before, on the same chain and token at the same concurrency.
 */
final class SettlePathsSection {
    private static final String SETTLES = "settle paths (closed model; latency = settle request)";
    private static final String X402 = "x402 on Solana (stock client, closed model)";

    private SettlePathsSection() {
    }

    static void run(GatewayProcess gateway, Http http, Path root, BenchOptions options, Report report) throws Exception {
        int workers = options.settleWorkers();
        int total = options.settlesPerToken();
        try (PayerSide side = new PayerSide(gateway, http)) {
            GatewayMetrics metrics = new GatewayMetrics(gateway);
            ProofSettleScenario proof = new ProofSettleScenario(gateway, http, side);
            SignedSettleScenario signed = new SignedSettleScenario(gateway, http, side);
            for (String[] rt : new String[][] {{"solana", "SOL"}, {"solana", "USDC"}, {"polygon", "POL"}, {"polygon", "USDC"}}) {
                try {
                    railAndToken(report, metrics, proof, signed, rt[0], rt[1], workers, total);
                } catch (Exception e) {
                    // one rail's breakage (e.g. a node down) must not cost the other rows
                    report.fact("settle paths " + rt[0] + " " + rt[1], "stopped: " + e);
                }
            }
            proof.failures.forEach((name, causes) -> report.fact(name + " failures", causes));
            signed.failures.forEach((name, causes) -> report.fact(name + " failures", causes));
        }
        x402(gateway, root, options, report);
    }

    private static void railAndToken(Report report, GatewayMetrics metrics, ProofSettleScenario proof,
                                     SignedSettleScenario signed,
                                     String network, String token, int workers, int total) throws Exception {
        GatewayMetrics.Snapshot before = metrics.scrape();
        List<LoadResult> byProof = proof.run(network, token, workers, total);
        before = inside(report, metrics, before, byProof.get(0));
        byProof.forEach(r -> report.add(SETTLES, r));
        LoadResult chainAlone = byProof.get(1);
        report.fact("settle proof by tx id " + network + " " + token + " p50 ms (the gateway's own: the tx "
                + "was confirmed before)", byProof.get(0).p50Micros() / 1000.0);

        LoadResult bySigned = signed.run(network, token, SettlePath.SIGNED_TRANSACTION, workers, total);
        before = inside(report, metrics, before, bySigned);
        report.add(SETTLES, bySigned);
        share(report, bySigned, chainAlone);
        if ("solana".equals(network)) {
            if (signed.sponsorOffered(network, token)) {
                before = metrics.scrape(); // the probing trade is not a settle, but keep the window tight
                LoadResult sponsored = signed.run(network, token, SettlePath.SPONSORED_TRANSACTION, workers, total);
                inside(report, metrics, before, sponsored);
                report.add(SETTLES, sponsored);
                share(report, sponsored, chainAlone);
            } else {
                report.fact(SignedSettleScenario.name(network, token, SettlePath.SPONSORED_TRANSACTION, workers),
                        "not offered (the 402 names no fee_payer)");
            }
        } else if ("USDC".equals(token)) {
            LoadResult gasless = signed.run(network, token, SettlePath.AUTHORIZATION, workers, total);
            inside(report, metrics, before, gasless);
            report.add(SETTLES, gasless);
            share(report, gasless, chainAlone);
        }
    }

    private static void x402(GatewayProcess gateway, Path root, BenchOptions options, Report report) throws Exception {
        if (!options.x402()) {
            return;
        }
        SolanaX402Scenario x402 = new SolanaX402Scenario(gateway, root);
        int single = options.x402Single();
        int many = options.x402Many();
        LoadResult tg1 = x402.tollgateTrade(1, single);
        LoadResult tg8 = x402.tollgateTrade(8, many);
        report.add(X402, tg1);
        report.add(X402, tg8);
        report.add(X402, x402.expressOnTollgateFacilitator(1, single));
        report.add(X402, x402.expressOnTollgateFacilitator(8, many));
        try {
            LoadResult ref1 = x402.expressReference(1, single);
            LoadResult ref8 = x402.expressReference(8, many);
            report.add(X402, ref1);
            report.add(X402, ref8);
            report.ratio("x402 solana Tollgate trade / reference, 1 client", tg1.okPerSecond() / ref1.okPerSecond());
            report.ratio("x402 solana Tollgate trade / reference, 8 clients", tg8.okPerSecond() / ref8.okPerSecond());
        } catch (IllegalStateException e) {
            report.fact("x402 solana reference stack", "did not run: " + e.getMessage());
        }
    }

    /**
     * What the gateway counted during {@code row}: its JSON-RPC calls per settled job (its trade, e.g. the head
     * block for an EVM deadline, and its settle; background reconciling too, if any) and the settle request's mean time
     * inside the server. Returns the closing scrape, the next row's opening one.
     */
    private static GatewayMetrics.Snapshot inside(Report report, GatewayMetrics metrics, GatewayMetrics.Snapshot before,
                                                  LoadResult row) {
        GatewayMetrics.Snapshot after = metrics.scrape();
        String calls = GatewayMetrics.rpcPerSettle(before, after, row.ok());
        if (calls != null) {
            report.fact(row.name() + ": gateway JSON-RPC calls per job (its trade and settle)", calls);
        }
        double inServer = GatewayMetrics.meanSettleMillis(before, after);
        if (Double.isFinite(inServer)) {
            report.fact(row.name() + ": mean ms inside the gateway (http.server.requests)",
                    Math.round(inServer * 10) / 10.0);
        }
        return after;
    }

    /** A settle's p50 minus the payer's own broadcast→confirmed p50 on the same chain, token and concurrency. */
    private static void share(Report report, LoadResult settle, LoadResult chainAlone) {
        if (settle.ok() == 0 || chainAlone.ok() == 0) {
            return;
        }
        double gatewayMs = (settle.p50Micros() - chainAlone.p50Micros()) / 1000.0;
        report.fact(settle.name() + ": p50 gateway share ms (settle p50 - payer's broadcast→confirmed p50)", gatewayMs);
    }
}
