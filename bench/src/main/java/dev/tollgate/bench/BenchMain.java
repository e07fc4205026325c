package dev.tollgate.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * {@code ./tollgate bench [--quick|--full] [--no-x402] [--jfr]}: starts the gateway on the embedded stack in a child JVM,
 * runs the scenarios, prints a table and writes it as JSON to {@code bench/results/<UTC timestamp>.json}.
 * Order: trade (ramp to saturation, then half rate) while sampling the gateway's memory; key-mode settles per rail
 * and token; x402 with the stock client; the billing filter on the example hosts (without and with
 * settlement); the local chains alone; then, with the gateway stopped, PostgreSQL alone.
 * {@code --jfr} records the gateway's trade run with JFR (profile settings) into the run directory.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("tollgate bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path root = Path.of(System.getProperty("tollgate.repo.root", ".")).toAbsolutePath().normalize();
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
        Report report = new Report();
        report.fact("mode", options.full() ? "full" : "quick");
        report.fact("started_utc", Instant.now().toString());
        report.fact("cpus", Runtime.getRuntime().availableProcessors());
        report.fact("load_average_at_start", loadAverage());
        Path jar = root.resolve("gateway/target/tollgate-gateway-all.jar");
        report.fact("production_jar_bytes", Files.exists(jar) ? Files.size(jar) : -1);

        Path runDir = root.resolve("bench/target/run-" + stamp);
        log("starting the gateway on the embedded stack (" + runDir + ")");
        Http http = new Http();
        LoadResult settleSol = null;
        LoadResult settlePol = null;
        LoadResult settleSolAlone = null;
        LoadResult settlePolAlone = null;
        double tradeSaturation = Double.NaN;
        try (GatewayProcess gateway = GatewayProcess.start(root, runDir, "1g", options.runs("filter"))) {
            report.fact("gateway_ready_ms (JVM spawn to serving, incl. chains+PostgreSQL)", gateway.readyMillis());
            report.fact("gateway_ready_includes_example_hosts", options.runs("filter"));
            report.fact("gateway_micronaut_startup_ms", gateway.micronautStartupMillis());
            report.fact("gateway_rss_idle_kib", gateway.rssKib());
            report.fact("gateway_heap_used_idle_kib", gateway.heapKib()[0]);

            if (options.runs("trade")) {
                log("trade: warm-up, ramp to saturation, half rate");
                TradeScenario.Outcome trade;
                if (options.jfr()) {
                    // JFR's profiling settings (execution samples every 10-20 ms, allocation, locks) for the trade run only
                    gateway.jcmd("JFR.start", "name=bench-trade", "settings=profile");
                }
                try (ResourceSampler sampler = new ResourceSampler(gateway)) {
                    trade = new TradeScenario(gateway, http).run(options.tradeStep(), options.warmup());
                    report.fact("gateway_rss_peak_under_trade_load_kib", sampler.peakRssKib());
                }
                if (options.jfr()) {
                    Path recording = runDir.resolve("trade.jfr");
                    gateway.jcmd("JFR.stop", "name=bench-trade", "filename=" + recording);
                    report.fact("jfr_trade_recording", root.relativize(recording).toString());
                    log("JFR recording of the trade run: " + recording + " (summary: JfrSummary)");
                }
                long[] heap = gateway.heapKib();
                report.fact("gateway_heap_used_after_trade_load_kib", heap[0]);
                report.fact("gateway_heap_committed_after_trade_load_kib", heap[1]);
                trade.ramp().forEach(r -> report.add("trade ramp (open model, 402 + locked output)", r));
                report.add("trade", trade.halfRate());
                report.add("trade", trade.upstreamAlone());
                tradeSaturation = trade.saturationPerSecond();
                report.fact("trade_saturation_per_s", Math.round(tradeSaturation));
            }

            if (options.runs("settle")) {
                log("settle: key mode per rail and token");
                SettleScenario settle = new SettleScenario(gateway, http);
                for (String[] rt : new String[][] {{"solana", "SOL"}, {"solana", "USDC"}, {"polygon", "POL"}, {"polygon", "USDC"}}) {
                    LoadResult r = settle.run(rt[0], rt[1], options.settleWorkers(), options.settlesPerToken());
                    report.add("settle (closed model, key mode; latency = settle request)", r);
                    if ("SOL".equals(rt[1])) {
                        settleSol = r;
                    } else if ("POL".equals(rt[1])) {
                        settlePol = r;
                    }
                }

                // one at a time, the gateway's share is not mixed with the wallet's turn (one payment of a wallet is
                // signed and sent at a time) or queueing: these rows are what the chains' own rows are compared with
                settleSolAlone = settle.run("solana", "SOL", 1, options.chainSequential());
                settlePolAlone = settle.run("polygon", "POL", 1, options.chainSequential());
                report.add("settle (closed model, key mode; latency = settle request)", settleSolAlone);
                report.add("settle (closed model, key mode; latency = settle request)", settlePolAlone);
                settle.failures.forEach((name, codes) -> report.fact(name + " refusals", codes));
            }

            if (options.runs("settle-paths")) {
                log("settle paths: proof by tx id, client-signed, gasless; x402 on Solana");
                SettlePathsSection.run(gateway, http, root, options, report);
            }

            if (options.runs("x402")) {
                log("x402: stock @x402/fetch client, USDC on anvil");
                X402Scenario x402 = new X402Scenario(gateway, root);
                LoadResult tg1 = x402.tollgateTrade(1, options.x402Single());
                report.fact("x402 Tollgate trade, 1 client: EVM JSON-RPC exchanges per paid request", x402.lastRpcPerPaid);
                report.fact("x402 Tollgate trade, 1 client: CPU ms per paid request", x402.lastCpuMsPerPaid);
                LoadResult tg8 = x402.tollgateTrade(8, options.x402Many());
                report.fact("x402 Tollgate trade, 8 clients: EVM JSON-RPC exchanges per paid request", x402.lastRpcPerPaid);
                report.fact("x402 Tollgate trade, 8 clients: CPU ms per paid request", x402.lastCpuMsPerPaid);
                report.add("x402 (stock client, closed model)", tg1);
                report.add("x402 (stock client, closed model)", tg8);
                report.add("x402 (stock client, closed model)", x402.expressOnTollgateFacilitator(1, options.x402Single()));
                report.add("x402 (stock client, closed model)", x402.expressOnTollgateFacilitator(8, options.x402Many()));
                LoadResult ref1 = x402.expressReference(1, options.x402Single());
                LoadResult ref8 = x402.expressReference(8, options.x402Many());
                report.add("x402 (stock client, closed model)", ref1);
                report.add("x402 (stock client, closed model)", ref8);
                report.ratio("x402 Tollgate trade / reference, 1 client", tg1.okPerSecond() / ref1.okPerSecond());
                report.ratio("x402 Tollgate trade / reference, 8 clients", tg8.okPerSecond() / ref8.okPerSecond());
            }

            if (options.runs("filter")) {
                log("filter: the billing filter over HTTP on the example hosts, without and with settlement");
                FilterReport.add(report, new FilterScenario(gateway, root, runDir,
                        FilterScenario.Settings.of(options.full()), options.jfr()).run());
            }

            if (options.runs("chains")) {
                log("local chains alone");
                var dev = gateway.dev();
                SolanaLimit.Outcome sol = new SolanaLimit(URI.create(dev.path("solana_rpc_url").asText()),
                        dev.path("payer").path("solana_secret_key").asText())
                        .run(options.chainSequential(), options.solanaBurst());
                report.add("chain limits (no gateway)", sol.confirmAlone());
                report.add("chain limits (no gateway)", sol.burst());
                AnvilLimit.Outcome evm = new AnvilLimit(URI.create(dev.path("evm_rpc_url").asText()),
                        dev.path("evm_chain_id").asLong()).run(options.chainSequential(), options.anvilBurstPerAccount(), 4);
                report.add("chain limits (no gateway)", evm.receiptAlone());
                report.add("chain limits (no gateway)", evm.burst());
                shareOfSettle(report, "solana SOL, one at a time", settleSolAlone, sol.confirmAlone());
                shareOfSettle(report, "polygon POL, one at a time", settlePolAlone, evm.receiptAlone());
                report.ratio("trade saturation / solana raw tx rate", tradeSaturation / sol.burst().okPerSecond());
                report.ratio("trade saturation / anvil raw tx rate", tradeSaturation / evm.burst().okPerSecond());
                if (settleSol != null) {
                    report.ratio("settle SOL per s / solana raw tx rate", settleSol.okPerSecond() / sol.burst().okPerSecond());
                }
                if (settlePol != null) {
                    report.ratio("settle POL per s / anvil raw tx rate", settlePol.okPerSecond() / evm.burst().okPerSecond());
                }
            }
            report.fact("gateway_cpu_seconds_total", gateway.cpuTime().toMillis() / 1000.0);
        }

        if (options.runs("postgres")) {
            log("PostgreSQL alone (gateway stopped)");
            for (LoadResult r : PostgresLimit.run(options.postgresEach(), 1, 16)) {
                report.add("postgres limits (plain JDBC, job-sized row)", r);
                if (r.name().endsWith(", 16 clients")) {
                    String fsync = r.name().contains("fsync on") ? "on" : "off";
                    report.ratio("trade saturation / postgres fsync " + fsync + " 16 clients", tradeSaturation / r.okPerSecond());
                }
            }
        }
        report.fact("load_average_at_end", loadAverage());
        report.print(System.out);
        Path file = report.write(root.resolve("bench/results"), stamp);
        System.out.println();
        System.out.println("wrote " + root.relativize(file));
    }

    /** The gateway's own share of a settle: its p50 minus the same chain's broadcast→confirmation p50 alone. */
    private static void shareOfSettle(Report report, String what, LoadResult settle, LoadResult chainAlone) {
        if (settle == null || chainAlone.ok() == 0 || settle.failed() > 0) {
            report.fact("settle " + what + " p50 gateway share ms (settle p50 - chain p50)", "n/a (settles failed)");
            return;
        }
        double gatewayMs = (settle.p50Micros() - chainAlone.p50Micros()) / 1000.0;
        report.fact("settle " + what + " p50 gateway share ms (settle p50 - chain p50)", gatewayMs);
        report.ratio("settle " + what + " gateway share / chain confirmation (p50)",
                gatewayMs / (chainAlone.p50Micros() / 1000.0));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static void log(String line) {
        System.err.println("bench: " + line);
    }
}
