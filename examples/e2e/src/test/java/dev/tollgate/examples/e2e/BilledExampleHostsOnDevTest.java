package dev.tollgate.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.chain.support.Poll;
import dev.tollgate.client.AllowanceOffer;
import dev.tollgate.client.BilledHttp;
import dev.tollgate.client.BilledRequest;
import dev.tollgate.client.BilledResponse;
import dev.tollgate.client.EvmWallet;
import dev.tollgate.client.SolanaWallet;
import dev.tollgate.client.Wallet;
import dev.tollgate.devstack.DevApplication;
import dev.tollgate.examples.e2e.DevBalances.Snapshot;
import dev.tollgate.examples.api.ChatCompletions;
import dev.tollgate.examples.api.DemoApi;
import dev.tollgate.gateway.support.GatewayProcess;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.p2p.solanaj.core.Account;
import org.p2p.solanaj.utils.Base58;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * Issue 10 end to end, as a user meets it: {@code ./tollgate dev} ({@link DevApplication} in its own JVM: the gateway
 * with its billing API on the embedded PostgreSQL and the local chains) starts both example hosts, the Micronaut one
 * (the library's {@code @ServerFilter}) and the servlet one (its servlet Filter in an embedded Tomcat), each in its
 * own JVM, billed on local Solana USDC and local EVM USDC to the dev treasuries at a 5% fee. Real HTTP to the hosts,
 * the stock {@code @x402/fetch} client (interop/billing/x402-pay-host.mjs) paying, and every amount checked on chain.
 */
class BilledExampleHostsOnDevTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The quote's fixed 0.01 USD in USDC units (6 decimals). */
    private static final BigInteger QUOTE_UNITS = BigInteger.valueOf(10_000);
    private static final BigInteger FEE_BPS = BigInteger.valueOf(500);
    private static final Duration SWEEP_LIMIT = Duration.ofSeconds(60);
    /** What the Java client lets a spender draw from the payer (1 USDC). */
    private static final BigInteger GRANT_CAP = BigInteger.valueOf(1_000_000);
    /** The host's first rail: where ATP's key header (which names no network) pays. */
    private static final String KEY_RAIL = "solana";

    @TempDir
    static Path workDir;
    private static GatewayProcess dev;
    private static JsonNode info;
    private static DevBalances balances;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void startDev() throws Exception {
        Path repo = Path.of(System.getProperty("tollgate.repo.root", "..")).toAbsolutePath().normalize();
        Files.createSymbolicLink(workDir.resolve("interop"), repo.resolve("interop"));
        dev = GatewayProcess.startMain(DevApplication.class.getName(), workDir, Map.of("TOLLGATE_PORT", "0"));
        dev.awaitLine(l -> l.startsWith(" Ctrl-C stops"), Duration.ofMinutes(5));
        info = JSON.readTree(workDir.resolve(".tollgate/dev.json").toFile());
        balances = new DevBalances(info);
    }

    @AfterAll
    static void stopDev() {
        if (dev != null) {
            dev.close();
        }
    }

    static Stream<String> hosts() {
        return Stream.of("example_host_url", "example_servlet_host_url");
    }

    static Stream<Arguments> hostsAndRails() {
        return hosts().flatMap(h -> Stream.of(Arguments.of(h, "solana"), Arguments.of(h, "evm")));
    }

    @ParameterizedTest
    @MethodSource("hosts")
    void devJsonNamesTheHostAndItsPathsAndHealthIsNotBilled(String host) throws Exception {
        assertThat(info.path("example_paths").path("fixed").asText()).isEqualTo(DemoApi.QUOTE_PATH);
        assertThat(info.path("example_paths").path("usage").asText()).isEqualTo(DemoApi.CHAT_PATH);

        HttpResponse<String> health = get(url(host, DemoApi.HEALTH_PATH), Map.of());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.headers().firstValue("PAYMENT-REQUIRED")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("hosts")
    void withoutACredentialBothBilledEndpointsAnswer402WithPaymentRequired(String host) throws Exception {
        HttpResponse<String> quote = get(url(host, DemoApi.QUOTE_PATH), Map.of());
        HttpResponse<String> chat = post(url(host, DemoApi.CHAT_PATH), chatBody(false, 4), Map.of());

        for (HttpResponse<String> r : List.of(quote, chat)) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(402);
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.path("error").path("code").asText()).isEqualTo("payment_required");
            assertThat(body.path("x402Version").asInt()).isEqualTo(2);
            JsonNode required = JSON.readTree(Base64.getDecoder().decode(
                    r.headers().firstValue("PAYMENT-REQUIRED").orElseThrow()));
            assertThat(required.path("x402Version").asInt()).isEqualTo(2);
            assertThat(required.path("resource").path("url").asText()).endsWith(r.request().uri().getPath());
            assertThat(r.body()).doesNotContain(DemoApi.QUOTE_TEXT).doesNotContain("chat.completion");
        }
        // the fixed price is offered as x402 exact on both local rails, for exactly 0.01 USD of USDC
        JsonNode accepts = JSON.readTree(Base64.getDecoder().decode(
                quote.headers().firstValue("PAYMENT-REQUIRED").orElseThrow())).path("accepts");
        List<String> networks = new ArrayList<>();
        for (JsonNode accept : accepts) {
            assertThat(accept.path("scheme").asText()).isEqualTo("exact");
            assertThat(accept.path("amount").asText()).isEqualTo(QUOTE_UNITS.toString());
            networks.add(accept.path("network").asText());
        }
        assertThat(networks).containsExactlyInAnyOrder(info.path("solana_network").asText(),
                info.path("evm_network").asText());
    }

    @ParameterizedTest
    @MethodSource("hostsAndRails")
    void theStockFetchClientPaysTheFixedPriceEndpoint(String host, String rail) throws Exception {
        String payer = payer(rail);
        Snapshot before = snapshot(rail, payer);

        JsonNode out = payWithStockClient(url(host, DemoApi.QUOTE_PATH), rail, "GET", null, Map.of());

        assertThat(out.path("status").asInt()).as(out.toString()).isEqualTo(200);
        assertThat(out.path("body").path("quote").asText()).isEqualTo(DemoApi.QUOTE_TEXT);
        assertThat(out.path("body").path("atp_settlement").path("status").asText()).isEqualTo("paid");
        JsonNode payment = out.path("payment");
        assertThat(payment.path("success").asBoolean()).as(out.toString()).isTrue();
        assertThat(payment.path("network").asText()).isEqualTo(network(rail));
        assertThat(payment.path("payer").asText()).isEqualToIgnoringCase(payer);
        assertThat(payment.path("transaction").asText()).isNotBlank();
        assertSplitLanded(rail, payer, before, QUOTE_UNITS);
    }

    /** The Java buyer client ({@code client/}'s BilledHttp) signs x402 exact in its own process and pays the quote. */
    @ParameterizedTest
    @MethodSource("hostsAndRails")
    void theJavaClientPaysTheFixedPriceEndpointWithX402Exact(String host, String rail) throws Exception {
        String payer = payer(rail);
        Snapshot before = snapshot(rail, payer);
        BilledResponse r;
        try (Wallet wallet = rail.equals("evm") ? EvmWallet.fromHex(payerKey(rail)) : SolanaWallet.fromBase58(payerKey(rail))) {
            BilledHttp billed = BilledHttp.builder().wallet(wallet).rpc(network(rail), rpcUrl(rail)).build();
            r = billed.payExact(BilledRequest.get(URI.create(url(host, DemoApi.QUOTE_PATH))), network(rail), QUOTE_UNITS);
        }

        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.paid()).isTrue();
        assertThat(r.json().orElseThrow().path("quote").asText()).isEqualTo(DemoApi.QUOTE_TEXT);
        assertThat(r.settlement().orElseThrow().path("payment").path("total_amount_units").asText())
                .isEqualTo(QUOTE_UNITS.toString());
        JsonNode payment = r.paymentResponse().orElseThrow();
        assertThat(payment.path("network").asText()).isEqualTo(network(rail));
        assertThat(payment.path("payer").asText()).isEqualToIgnoringCase(payer);
        assertSplitLanded(rail, payer, before, QUOTE_UNITS);
    }

    /**
     * Usage pricing with the stock client: the 402 offers x402 {@code upto} on the EVM rail (amount = the 0.05 USD
     * ceiling); @x402/evm's UptoEvmScheme signs a Permit2 transfer of at most that; the host settles only the priced
     * usage, split on chain, and the answer carries PAYMENT-RESPONSE. On the servlet host the answer is SSE.
     */
    @ParameterizedTest
    @MethodSource("hosts")
    void theStockUptoClientPaysTheUsageEndpointOnEvm(String host) throws Exception {
        String payer = payer("evm");
        boolean stream = host.equals("example_servlet_host_url");
        String body = chatBody(stream, 9);
        ChatCompletions.ChatUsage usage = ChatCompletions.usageOf(JSON.readTree(body));
        BigInteger total = usageUnits(usage);
        Snapshot before = snapshot("evm", payer);

        JsonNode out = payWithStockClient(url(host, DemoApi.CHAT_PATH), "evm-upto", "POST", body, Map.of());

        assertThat(out.path("status").asInt()).as(out.toString()).isEqualTo(200);
        assertThat(out.path("payment").path("success").asBoolean()).as(out.toString()).isTrue();
        assertThat(out.path("payment").path("network").asText()).isEqualTo(network("evm"));
        JsonNode billed;
        if (stream) {
            String sse = out.path("body").asText();
            String trailer = List.of(sse.split("\n\n")).getLast();
            assertThat(trailer).startsWith("event: atp_settlement\n");
            billed = JSON.readTree(trailer.substring(trailer.indexOf("data: ") + "data: ".length()));
        } else {
            billed = out.path("body");
            assertThat(billed.path("object").asText()).isEqualTo("chat.completion");
        }
        assertThat(billed.path("atp_usage").path("output_tokens").asLong()).isEqualTo(usage.completionTokens());
        assertThat(billed.path("atp_settlement").path("payment").path("total_amount_units").asText())
                .isEqualTo(total.toString());
        assertSplitLanded("evm", payer, before, total);
    }

    /**
     * A payment that fails at settle time: the prompt is so long that its usage prices above the 0.05 USD ceiling the
     * stock upto client authorised, so the settlement is refused after the handler ran; the client gets a 402 with
     * the settlement failed and none of the handler's output, and no money moves.
     */
    @ParameterizedTest
    @MethodSource("hosts")
    void aUsageAboveTheAuthorisedCeilingIsNotChargedAndTheOutputIsWithheld(String host) throws Exception {
        String payer = payer("evm");
        // 90,000 bytes of prompt = 22,500 tokens = 56,250 units at 2.5 USD per million: above the 50,000-unit ceiling
        String body = "{\"model\":\"demo\",\"max_tokens\":4,\"messages\":[{\"role\":\"user\",\"content\":\""
                + "x".repeat(90_000) + "\"}]}";
        assertThat(usageUnits(ChatCompletions.usageOf(JSON.readTree(body)))).isGreaterThan(BigInteger.valueOf(50_000));
        Snapshot before = snapshot("evm", payer);

        JsonNode out = payWithStockClient(url(host, DemoApi.CHAT_PATH), "evm-upto", "POST", body, Map.of());

        assertThat(out.path("status").asInt()).as(out.toString()).isEqualTo(402);
        assertThat(out.path("body").path("atp_settlement").path("status").asText()).as(out.toString()).isEqualTo("failed");
        assertThat(out.toString()).doesNotContain("chat.completion").doesNotContain("xxxx xxxx");
        assertThat(snapshot("evm", payer)).as("nothing charged").isEqualTo(before);
    }

    /**
     * Usage pricing without the key leaving the buyer: the Java client signs each request in with Sign-In-With-X for
     * its URL, having granted the spender the host's 402 names an allowance (ERC-20 approve to the allowance splitter
     * / SPL delegate to the gateway's key, 1 USDC); the gateway charges exactly the priced usage from the grant, split
     * on chain. On the servlet host the answer is SSE, with usage and settlement in the trailer event.
     */
    @ParameterizedTest
    @MethodSource("hostsAndRails")
    void theJavaClientPaysTheUsageEndpointFromAnAllowance(String host, String rail) throws Exception {
        String payer = payer(rail);
        Snapshot before = snapshot(rail, payer);
        boolean stream = host.equals("example_servlet_host_url");
        String body = chatBody(stream, 12);
        ChatCompletions.ChatUsage usage = ChatCompletions.usageOf(JSON.readTree(body));
        BigInteger total = usageUnits(usage);
        BilledResponse r;
        try (Wallet wallet = rail.equals("evm") ? EvmWallet.fromHex(payerKey(rail)) : SolanaWallet.fromBase58(payerKey(rail))) {
            BilledHttp billed = BilledHttp.builder().wallet(wallet).rpc(network(rail), rpcUrl(rail)).build();
            BilledRequest request = BilledRequest.postJson(URI.create(url(host, DemoApi.CHAT_PATH)), body);
            // the unsigned request's 402 names the spender to grant; a refused sign-in's 402 does not (yet)
            AllowanceOffer offer = billed.send(request).challenge().orElseThrow().allowance(network(rail), "USDC")
                    .orElseThrow(() -> new AssertionError("no allowance offered on " + network(rail)));
            if (billed.grants().read(offer, wallet.address()).allowanceUnits().compareTo(GRANT_CAP) < 0) {
                billed.grants().grant(wallet, offer, GRANT_CAP, Duration.ofSeconds(60));
            }
            r = billed.payWithAllowance(request, network(rail), GRANT_CAP);
        }

        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.paid()).as(r.text()).isTrue();
        assertThat(r.isEventStream()).isEqualTo(stream);
        assertThat(r.usage().orElseThrow().path("output_tokens").asLong()).isEqualTo(usage.completionTokens());
        assertThat(r.settlement().orElseThrow().path("payment").path("total_amount_units").asText())
                .isEqualTo(total.toString());
        assertSplitLanded(rail, payer, before, total);
    }

    @ParameterizedTest
    @MethodSource("hostsAndRails")
    void anErrorAnswerOfTheHandlerIsNeverCharged(String host, String rail) throws Exception {
        String payer = payer(rail);
        Snapshot before = snapshot(rail, payer);

        JsonNode out = payWithStockClient(url(host, "/v1/fail/503"), rail, "GET", null, Map.of());

        assertThat(out.path("status").asInt()).as(out.toString()).isEqualTo(503);
        assertThat(out.path("body").path("error").path("status").asInt()).isEqualTo(503);
        assertThat(out.path("payment").isNull()).as(out.toString()).isTrue();
        assertThat(snapshot(rail, payer)).isEqualTo(before);
    }

    /** A payer with no USDC signs a valid payment that cannot clear: the handler's output never reaches it. */
    @ParameterizedTest
    @ValueSource(strings = {"solana", "evm"})
    void aPaymentThatCannotClearWithholdsTheOutput(String rail) throws Exception {
        Map<String, String> env;
        if (rail.equals("evm")) {
            Credentials key = Credentials.create(Keys.createEcKeyPair());
            env = Map.of("PAYER_EVM_KEY", Numeric.toHexStringWithPrefixZeroPadded(key.getEcKeyPair().getPrivateKey(), 64));
        } else {
            Account key = new Account();
            env = Map.of("PAYER_SOLANA_SECRET", Base58.encode(key.getSecretKey()));
        }
        Snapshot before = snapshot(rail, payer(rail));

        JsonNode out = payWithStockClient(url("example_host_url", DemoApi.QUOTE_PATH), rail, "GET", null, env);

        assertThat(out.toString()).doesNotContain(DemoApi.QUOTE_TEXT);
        assertThat(out.path("status").asInt()).as(out.toString()).isEqualTo(402);
        // refused at authorize (x402's verify: insufficient balance / failed simulation): the handler never ran
        assertThat(out.path("body").path("error").path("code").asText()).as(out.toString()).isEqualTo("payment_refused");
        assertThat(out.path("payment").isNull()).as(out.toString()).isTrue();
        assertThat(snapshot(rail, payer(rail))).as("payee and fee recipient unpaid").isEqualTo(before);
    }

    /**
     * Usage pricing with ATP's key header (dev turns it on for play money; off by default everywhere else): the
     * chat's usage is read from the last SSE event, priced at 2.5/10 USD per million tokens, charged on chain, and
     * reaches the client in the trailer event {@code atp_settlement} after the replayed events. ATP's header names no
     * network: the key's form picks the rail (here a Solana key).
     */
    @ParameterizedTest
    @MethodSource("hosts")
    void usageIsChargedAndStreamedUsageArrivesInTheTrailerEvent(String host) throws Exception {
        String rail = KEY_RAIL;
        String payer = payer(rail);
        Snapshot before = snapshot(rail, payer);
        String body = chatBody(true, 24);
        ChatCompletions.ChatUsage usage = ChatCompletions.usageOf(JSON.readTree(body));
        BigInteger total = usageUnits(usage);

        HttpResponse<String> r = post(url(host, DemoApi.CHAT_PATH), body, Map.of("x-wallet-private-key", payerKey(rail)));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<String> events = List.of(r.body().split("\n\n"));
        assertThat(events).anyMatch(e -> e.equals("data: [DONE]"));
        String trailer = events.getLast();
        assertThat(trailer).startsWith("event: atp_settlement\n");
        JsonNode data = JSON.readTree(trailer.substring(trailer.indexOf("data: ") + "data: ".length()));
        assertThat(data.path("atp_usage").path("input_tokens").asLong()).isEqualTo(usage.promptTokens());
        assertThat(data.path("atp_usage").path("output_tokens").asLong()).isEqualTo(usage.completionTokens());
        JsonNode settlement = data.path("atp_settlement");
        assertThat(settlement.path("status").asText()).as(trailer).isEqualTo("paid");
        assertThat(settlement.path("payment").path("total_amount_units").asText()).isEqualTo(total.toString());
        assertSplitLanded(rail, payer, before, total);
    }

    @ParameterizedTest
    @MethodSource("hosts")
    void aJsonAnswerCarriesAtpUsageAndSettlementWithItsContentLength(String host) throws Exception {
        // an EVM key, though the hosts list Solana first: ATP's header names no network, the key's form picks the rail
        String rail = "evm";
        Snapshot before = snapshot(rail, payer(rail));
        String body = chatBody(false, 7);
        BigInteger total = usageUnits(ChatCompletions.usageOf(JSON.readTree(body)));

        HttpResponse<String> r = post(url(host, DemoApi.CHAT_PATH), body,
                Map.of("x-wallet-private-key", payerKey(rail)));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValueAsLong("Content-Length").orElse(-1))
                .isEqualTo(r.body().getBytes(StandardCharsets.UTF_8).length);
        JsonNode json = JSON.readTree(r.body());
        assertThat(json.path("object").asText()).isEqualTo("chat.completion");
        assertThat(json.path("atp_usage").path("output_tokens").asLong()).isEqualTo(7);
        assertThat(json.path("atp_settlement").path("status").asText()).isEqualTo("paid");
        assertThat(json.path("atp_settlement").path("network").asText()).startsWith("eip155:");
        assertSplitLanded(rail, payer(rail), before, total);
    }

    /** ceil((input × 2.5 + output × 10) / 1e6 USD) in USDC units = ceil(input × 2.5 + output × 10). */
    private static BigInteger usageUnits(ChatCompletions.ChatUsage usage) {
        BigInteger halves = BigInteger.valueOf(usage.promptTokens() * 5 + usage.completionTokens() * 20);
        return halves.add(BigInteger.ONE).divide(BigInteger.TWO);
    }

    /**
     * The payer lost exactly {@code total}; the payee got total − fee and the fee recipient fee = floor(total × 5%).
     * EVM splits in the paying transaction; on Solana an x402 payment lands in the settlement wallet and the sweeper
     * moves it on, so that is polled for.
     */
    private void assertSplitLanded(String rail, String payer, Snapshot before, BigInteger total) throws Exception {
        BigInteger fee = total.multiply(FEE_BPS).divide(BigInteger.valueOf(10_000));
        Snapshot expected = new Snapshot(before.payer().subtract(total), before.payee().add(total.subtract(fee)),
                before.fee().add(fee));
        Snapshot[] last = new Snapshot[1];
        try {
            Poll.until(() -> {
                last[0] = snapshot(rail, payer);
                return last[0].equals(expected) ? last[0] : null;
            }, SWEEP_LIMIT);
        } catch (AssertionError e) {
            assertThat(last[0]).as("balances on " + rail + " (payer, payee, fee) before " + before).isEqualTo(expected);
        }
    }

    private static Snapshot snapshot(String rail, String payer) {
        return rail.equals("evm") ? balances.evm(payer) : balances.solana(payer);
    }

    private static String payer(String rail) {
        return info.path("payer").path(rail.equals("evm") ? "evm_address" : "solana_pubkey").asText();
    }

    private static String payerKey(String rail) {
        return info.path("payer").path(rail.equals("evm") ? "evm_private_key" : "solana_secret_key").asText();
    }

    private static String network(String rail) {
        return info.path(rail.equals("evm") ? "evm_network" : "solana_network").asText();
    }

    private static URI rpcUrl(String rail) {
        return URI.create(info.path(rail.equals("evm") ? "evm_rpc_url" : "solana_rpc_url").asText());
    }

    private static String url(String host, String path) {
        return info.path(host).asText() + path;
    }

    private static String chatBody(boolean stream, int maxTokens) {
        return "{\"model\":\"demo\",\"stream\":" + stream + ",\"max_tokens\":" + maxTokens
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"price every token of this answer\"}]}";
    }

    private HttpResponse<String> get(String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120)).GET();
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** interop/billing/x402-pay-host.mjs, from the dev directory as a user runs it; its one JSON line. */
    private static JsonNode payWithStockClient(String url, String rail, String method, String body,
                                               Map<String, String> env) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", "interop/billing/x402-pay-host.mjs", url, rail, method));
        if (body != null) {
            command.add(body);
        }
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("finished: " + command).isTrue();
        assertThat(process.exitValue()).as(Files.readString(err, StandardCharsets.UTF_8)).isZero();
        return JSON.readTree(Files.readString(out, StandardCharsets.UTF_8));
    }
}
