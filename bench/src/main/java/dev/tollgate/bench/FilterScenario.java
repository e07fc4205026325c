package dev.tollgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.client.BilledHttp;
import dev.tollgate.client.BilledRequest;
import dev.tollgate.client.BilledResponse;
import dev.tollgate.client.EvmWallet;
import dev.tollgate.client.SolanaWallet;
import dev.tollgate.client.TollgateException;
import dev.tollgate.client.Wallet;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The billing filter over HTTP, on the example host apps the dev stack runs against the gateway (devstack's
 * Micronaut host with the library's {@code @ServerFilter}, the servlet host with its Filter in Tomcat).
 * <ol>
 *   <li><b>Without settlement</b> (open model, all cases interleaved request by request in one run, see
 *       {@link InterleavedLoad}): per host, {@code GET /health} and {@code GET /v1/quote} on the same app started
 *       again by the bench with no filter ({@link UnbilledHost}), {@code /health} through the filter (not billed:
 *       the path match) and {@code /v1/quote} through the filter with no credential (402: the gateway's offers
 *       round trip). The overheads are p50 differences ({@link FilterOverhead}).</li>
 *   <li><b>With settlement</b> (closed model, 1 and N concurrent, the Java client {@code BilledHttp} on the
 *       Micronaut host): the usage-priced chat paid from an allowance (SIGN-IN-WITH-X) on EVM and on Solana USDC,
 *       and the fixed-price quote paid with x402 {@code exact} on EVM USDC (402, sign, paid retry). Latency is the
 *       client's whole paid request; a failure is anything but a paid 200 carrying its settlement.</li>
 * </ol>
 */
final class FilterScenario {
    /** How long it runs: {@code --quick} keeps the section to about a minute. */
    record Settings(double ratePerCase, int warmupPerCase, Duration warmupAtMost, Duration measure, int paidSingle,
                    int paidMany, int concurrent) {
        static Settings of(boolean full) {
            return full
                    ? new Settings(40, 3_000, Duration.ofSeconds(90), Duration.ofSeconds(30), 30, 80, 4)
                    : new Settings(20, 500, Duration.ofSeconds(45), Duration.ofSeconds(10), 8, 24, 4);
        }
    }

    /**
     * @param plainQuote the Micronaut host's {@code GET /v1/quote} without the filter (the x402 rows' baseline)
     * @param plainChat  its {@code POST /v1/chat/completions} without the filter (the allowance rows' baseline)
     * @param facts      CPU per answer of the gateway and of each host JVM during the measured run (and the JFR file)
     */
    record Outcome(List<LoadResult> noSettlement, List<FilterOverhead> overheads, List<LoadResult> paid,
                   Map<String, String> failures, LoadResult plainQuote, LoadResult plainChat,
                   Map<String, Object> facts) {
    }

    private static final int MAX_IN_FLIGHT = 100;
    private static final String GATEWAY = "gateway (one offers call per 402)";
    static final String HEALTH = "/health";
    static final String QUOTE = "/v1/quote";
    static final String CHAT = "/v1/chat/completions";
    /** The most the bench lets the allowance spender draw (1 USDC); a chat costs a few hundred units. */
    private static final BigInteger GRANT_CAP = BigInteger.valueOf(1_000_000);
    /** The most the bench pays for a quote (0.02 USDC; it costs 0.01). */
    private static final BigInteger QUOTE_CAP = BigInteger.valueOf(20_000);
    private static final String CHAT_BODY = "{\"model\":\"demo\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\","
            + "\"content\":\"price every token of this answer\"}]}";

    private final GatewayProcess gateway;
    private final Path repoRoot;
    private final Path runDir;
    private final Settings settings;
    private final boolean jfr;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    /** Per paid scenario, its failures by kind (empty when every request was paid). */
    private final Map<String, String> failures = new LinkedHashMap<>();

    FilterScenario(GatewayProcess gateway, Path repoRoot, Path runDir, Settings settings) {
        this(gateway, repoRoot, runDir, settings, false);
    }

    /** @param jfr record the gateway with JFR during the measured run without settlement (its 402s' offers calls) */
    FilterScenario(GatewayProcess gateway, Path repoRoot, Path runDir, Settings settings, boolean jfr) {
        this.gateway = gateway;
        this.repoRoot = repoRoot;
        this.runDir = runDir;
        this.settings = settings;
        this.jfr = jfr;
    }

    Outcome run() throws Exception {
        JsonNode dev = gateway.dev();
        String micronaut = dev.path("example_host_url").asText("");
        String servlet = dev.path("example_servlet_host_url").asText("");
        if (micronaut.isEmpty() || servlet.isEmpty()) {
            throw new IllegalStateException("the dev stack started no example hosts (dev.json names none)");
        }
        List<LoadResult> rows;
        List<FilterOverhead> overheads = new ArrayList<>();
        Map<String, Object> facts = new LinkedHashMap<>();
        try (UnbilledHost m = UnbilledHost.start(UnbilledHost.Kind.MICRONAUT, repoRoot, runDir);
             UnbilledHost s = UnbilledHost.start(UnbilledHost.Kind.SERVLET, repoRoot, runDir)) {
            long begin = System.nanoTime();
            CpuMeter gatewayIdle = CpuMeter.of(gateway::cpuTime); // nothing calls the gateway while the hosts start
            String plainMicronaut = m.awaitUrl(Duration.ofMinutes(2));
            String plainServlet = s.awaitUrl(Duration.ofMinutes(2));
            long idleNanos = System.nanoTime() - begin;
            double gatewayIdleMsPerSecond = gatewayIdle.ms() / (idleNanos / 1e9);
            log("hosts without the filter serve after " + idleNanos / 1_000_000 + " ms");
            List<InterleavedLoad.Case> cases = new ArrayList<>();
            cases.addAll(hostCases("micronaut", plainMicronaut, micronaut));
            cases.addAll(hostCases("servlet", plainServlet, servlet));
            cases.add(new InterleavedLoad.Case("micronaut, no filter: POST " + CHAT + " → 200",
                    post(plainMicronaut + CHAT, CHAT_BODY, 200)));
            long warm = InterleavedLoad.warmUp(cases, 4, settings.warmupPerCase(), settings.warmupAtMost());
            log("warm-up: " + warm + " requests" + (warm < (long) settings.warmupPerCase() * cases.size()
                    ? " (stopped at " + settings.warmupAtMost().toSeconds() + " s: the hosts may still be cold)" : "")
                    + "; measuring " + cases.size() + " cases at " + settings.ratePerCase() + "/s each, interleaved");
            // at most MAX_IN_FLIGHT outstanding: on a swamped box a backlog counts as failed instead of opening
            // thousands of connections that would slow every case further
            Map<String, CpuMeter> meters = new LinkedHashMap<>();
            meters.put(GATEWAY, CpuMeter.of(gateway::cpuTime));
            meters.put("micronaut host, filter (/health, 402)", billedHost("MicronautHost"));
            meters.put("micronaut host, no filter (/health, quote, chat)", CpuMeter.of(m::cpuTime));
            meters.put("servlet host, filter (/health, 402)", billedHost("ServletHost"));
            meters.put("servlet host, no filter (/health, quote)", CpuMeter.of(s::cpuTime));
            if (jfr) {
                gateway.jcmd("JFR.start", "name=bench-filter", "settings=profile");
            }
            rows = new InterleavedLoad(MAX_IN_FLIGHT, Duration.ofSeconds(5)).run(cases, settings.ratePerCase(),
                    settings.measure());
            if (jfr) {
                Path recording = runDir.resolve("filter-gateway.jfr");
                gateway.jcmd("JFR.stop", "name=bench-filter", "filename=" + recording);
                facts.put("jfr_filter_gateway_recording (this run's rows include JFR's overhead)", repoRoot.relativize(recording).toString());
                log("JFR recording of the gateway during the 402s: " + recording + " (summary: JfrSummary)");
            }
            // the cases each JVM served (indices into rows, as built above): CPU is divided by their answers
            int[][] served = {{3, 7}, {1, 3}, {0, 2, 8}, {5, 7}, {4, 6}};
            int i = 0;
            for (Map.Entry<String, CpuMeter> meter : meters.entrySet()) {
                long answered = 0;
                for (int c : served[i++]) {
                    answered += rows.get(c).ok();
                }
                facts.put("CPU ms per answer during the run, " + meter.getKey(), meter.getValue().msPer(answered));
            }
            long offers = rows.get(3).ok() + rows.get(7).ok();
            double idleMs = gatewayIdleMsPerSecond * rows.get(0).seconds();
            facts.put("CPU ms per 402 in the gateway, its idle rate (" + Math.round(gatewayIdleMsPerSecond)
                    + " ms/s) taken out", offers == 0 ? "n/a" : round((meters.get(GATEWAY).ms() - idleMs) / offers));
        }
        overheads.add(FilterOverhead.of("micronaut", rows.get(0), rows.get(1), rows.get(2), rows.get(3)));
        overheads.add(FilterOverhead.of("servlet", rows.get(4), rows.get(5), rows.get(6), rows.get(7)));
        return new Outcome(rows, overheads, paid(dev, micronaut), failures, rows.get(2), rows.get(8), facts);
    }

    /** devstack's billed example host whose main class is {@code mainClass}, among the gateway's children. */
    private CpuMeter billedHost(String mainClass) {
        return gateway.descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains("dev.tollgate.examples.")
                        && c.contains(mainClass)).orElse(false))
                .findFirst()
                .map(p -> CpuMeter.of(() -> p.info().totalCpuDuration().orElse(Duration.ZERO)))
                .orElse(CpuMeter.NONE);
    }

    /** A process's CPU time from when it was made; NaN per request when the process is not known. */
    record CpuMeter(Supplier<Duration> cpu, Duration start) {
        static final CpuMeter NONE = new CpuMeter(null, Duration.ZERO);

        static CpuMeter of(Supplier<Duration> cpu) {
            return new CpuMeter(cpu, cpu.get());
        }

        /** CPU ms used since it was made (NaN when the process is not known). */
        double ms() {
            return cpu == null ? Double.NaN : (cpu.get().toNanos() - start.toNanos()) / 1e6;
        }

        Object msPer(long requests) {
            return requests <= 0 ? "n/a" : round(ms() / requests);
        }
    }

    /** Three decimals, or "n/a" for NaN. */
    private static Object round(double ms) {
        return Double.isNaN(ms) ? "n/a" : Math.round(ms * 1000) / 1000.0;
    }

    /** The four cases of one host, in the order {@link FilterOverhead#of} takes them. */
    private List<InterleavedLoad.Case> hostCases(String host, String plainUrl, String billedUrl) {
        return List.of(
                new InterleavedLoad.Case(host + ", no filter: GET " + HEALTH + " → 200", get(plainUrl + HEALTH, 200)),
                new InterleavedLoad.Case(host + ", filter, unbilled: GET " + HEALTH + " → 200",
                        get(billedUrl + HEALTH, 200)),
                new InterleavedLoad.Case(host + ", no filter: GET " + QUOTE + " → 200", get(plainUrl + QUOTE, 200)),
                new InterleavedLoad.Case(host + ", filter, no credential: GET " + QUOTE + " → 402",
                        get(billedUrl + QUOTE, 402)));
    }

    /** A GET that succeeds on {@code expected}; a 402 must also carry the filter's PAYMENT-REQUIRED. */
    private OpenLoad.Operation get(String url, int expected) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build();
        return () -> {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return r.statusCode() == expected
                    && (expected != 402 || r.headers().firstValue("PAYMENT-REQUIRED").isPresent());
        };
    }

    private OpenLoad.Operation post(String url, String json, int expected) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return () -> http.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode() == expected;
    }

    private List<LoadResult> paid(JsonNode dev, String host) throws Exception {
        JsonNode payer = dev.path("payer");
        String evm = dev.path("evm_network").asText();
        String solana = dev.path("solana_network").asText();
        URI chat = URI.create(host + CHAT);
        URI quote = URI.create(host + QUOTE);
        List<LoadResult> rows = new ArrayList<>();
        try (Wallet evmWallet = EvmWallet.fromHex(payer.path("evm_private_key").asText());
             Wallet solanaWallet = SolanaWallet.fromBase58(payer.path("solana_secret_key").asText())) {
            BilledHttp evmClient = BilledHttp.builder().wallet(evmWallet)
                    .rpc(evm, URI.create(dev.path("evm_rpc_url").asText())).build();
            BilledHttp solanaClient = BilledHttp.builder().wallet(solanaWallet)
                    .rpc(solana, URI.create(dev.path("solana_rpc_url").asText())).build();
            Supplier<BilledResponse> evmAllowance = () -> evmClient.payWithAllowance(
                    BilledRequest.postJson(chat, CHAT_BODY), evm, GRANT_CAP);
            Supplier<BilledResponse> solanaAllowance = () -> solanaClient.payWithAllowance(
                    BilledRequest.postJson(chat, CHAT_BODY), solana, GRANT_CAP);
            Supplier<BilledResponse> evmExact = () -> evmClient.payExact(BilledRequest.get(quote), evm, QUOTE_CAP);
            rows.addAll(paidAt("allowance, usage-priced chat, EVM USDC", evmAllowance, false));
            rows.addAll(paidAt("x402 exact, fixed-price quote, EVM USDC", evmExact, true));
            rows.addAll(paidAt("allowance, usage-priced chat, Solana USDC", solanaAllowance, false));
        }
        return rows;
    }

    private static void log(String line) {
        System.err.println("bench: filter: " + line);
    }

    /** One paid scenario at 1 and at N concurrent, after one unmeasured request (it grants the allowance). */
    private List<LoadResult> paidAt(String what, Supplier<BilledResponse> pay, boolean x402) {
        Map<String, AtomicLong> warmUpFailures = new ConcurrentSkipListMap<>();
        attempt(pay, x402, warmUpFailures);
        if (!warmUpFailures.isEmpty()) {
            failures.put(what + ", first (unmeasured) request", warmUpFailures.toString());
        }
        List<LoadResult> rows = new ArrayList<>();
        for (int[] run : new int[][] {{1, settings.paidSingle()}, {settings.concurrent(), settings.paidMany()}}) {
            String name = what + ", " + run[0] + " concurrent";
            Map<String, AtomicLong> kinds = new ConcurrentSkipListMap<>();
            rows.add(ClosedLoad.run(name, run[0], run[1], () -> attempt(pay, x402, kinds)));
            if (!kinds.isEmpty()) {
                failures.put(name, kinds.toString());
                System.err.println("bench: " + name + ": failed " + kinds);
            }
        }
        return rows;
    }

    private static boolean attempt(Supplier<BilledResponse> pay, boolean x402, Map<String, AtomicLong> kinds) {
        BilledResponse r;
        try {
            r = pay.get();
        } catch (TollgateException e) {
            kinds.computeIfAbsent("client " + e.code(), k -> new AtomicLong()).incrementAndGet();
            return false;
        }
        if (paidWithSettlement(r, x402)) {
            return true;
        }
        kinds.computeIfAbsent(failureKind(r), k -> new AtomicLong()).incrementAndGet();
        return false;
    }

    /**
     * A paid 200 with its settlement: {@code atp_settlement.status == "paid"} (JSON body, SSE trailer or header) and,
     * for x402, a successful {@code PAYMENT-RESPONSE}. A 202 (paid, not final) is not counted as paid.
     */
    static boolean paidWithSettlement(BilledResponse r, boolean x402) {
        boolean settled = r.status() == 200 && r.paid()
                && r.settlement().map(s -> "paid".equals(s.path("status").asText())).orElse(false);
        return settled && (!x402 || r.paymentResponse().map(p -> p.path("success").asBoolean(false)).orElse(false));
    }

    /** How an answer failed, for the failure counts: its status and error code, or its settlement's status. */
    static String failureKind(BilledResponse r) {
        JsonNode json = r.json().orElse(null);
        String code = json == null ? "" : json.path("error").path("code").asText("");
        if (code.isEmpty()) {
            code = r.settlement().map(s -> s.path("status").asText("")).orElse("");
        }
        if (code.isEmpty() && json != null) {
            code = json.path("status").asText("");
        }
        String reason = json == null ? "" : json.path("reason").asText("");
        return r.status() + (code.isEmpty() ? "" : " " + code) + (reason.isEmpty() || reason.equals(code) ? "" : " " + reason);
    }
}
