package dev.tollgate.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tollgate.billing.AuthorizeRequest;
import dev.tollgate.billing.AuthorizeResult;
import dev.tollgate.billing.Authorization;
import dev.tollgate.billing.BillingConfig;
import dev.tollgate.billing.BillingDecision;
import dev.tollgate.billing.BillingEngine;
import dev.tollgate.billing.BillingGateway;
import dev.tollgate.billing.BillingRequest;
import dev.tollgate.billing.BillingResponse;
import dev.tollgate.billing.BillingTerms;
import dev.tollgate.billing.EndpointRule;
import dev.tollgate.billing.HandlerResponse;
import dev.tollgate.billing.Offers;
import dev.tollgate.billing.RailTerms;
import dev.tollgate.billing.SettleRequest;
import dev.tollgate.billing.SettleResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The billing filter's own work per request (issue 11's "filter overhead without settlement"): the framework-free
 * engine both adapters call, with the gateway's answers already at hand (a constant in-process {@link BillingGateway},
 * so the two gateway round trips and the chain are not in the figure; they are settlement). Measured: an unbilled
 * path passing through, a 402 built for a request without a credential, and a paid usage-priced request from the
 * credential to the released body (path match, estimate from the request, usage read from the ~1 KiB OpenAI answer,
 * USD price, the body rebuilt with {@code atp_usage}/{@code atp_settlement}), as JSON and as a 40-event SSE stream.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class BillingFilterBench {
    private static final String CHAT = "/v1/chat/completions";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private BillingEngine engine;
    private byte[] chatRequest;
    private byte[] chatAnswer;
    private byte[] sseAnswer;
    private Map<String, String> signedIn;

    @Setup
    public void setUp() {
        BillingConfig config = BillingConfig.of(URI.create("http://gateway.invalid"), "token",
                List.of(EndpointRule.perMillion(CHAT, "POST", new BigDecimal("2.5"), new BigDecimal("10"),
                                new BigDecimal("0.05")),
                        EndpointRule.fixed("/v1/quote", null, new BigDecimal("0.01"))),
                List.of(new RailTerms("polygon", "USDC", "0x1111111111111111111111111111111111111111",
                        "0x2222222222222222222222222222222222222222"))).withFeeBps(500);
        engine = new BillingEngine(config, new ConstantGateway());
        chatRequest = ("{\"model\":\"demo\",\"max_tokens\":200,\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"Write a haiku about settlement gateways.\"}]}").getBytes(StandardCharsets.UTF_8);
        chatAnswer = UsageParsingBench.Bodies.of("openai").getBytes(StandardCharsets.UTF_8);
        StringBuilder sse = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            sse.append("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                    + "\"delta\":{\"content\":\"word").append(i).append(" \"}}]}\n\n");
        }
        sse.append("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":"
                + "{\"prompt_tokens\":12,\"completion_tokens\":40,\"total_tokens\":52}}\n\ndata: [DONE]\n\n");
        sseAnswer = sse.toString().getBytes(StandardCharsets.UTF_8);
        signedIn = Map.of("sign-in-with-x", "eyJkb21haW4iOiJob3N0In0=", "content-type", "application/json");
        if (!(unbilled() instanceof BillingDecision.Pass) || paidJson().status() != 200 || paidSse().status() != 200
                || challenge() instanceof BillingDecision.Proceed) {
            throw new IllegalStateException("the engine did not answer as the benchmark expects");
        }
    }

    private BillingRequest request(String method, String path, Map<String, String> headers, byte[] body) {
        return new BillingRequest(method, path, "http://host:8080", name -> headers.get(name.toLowerCase()),
                () -> body);
    }

    /** A path no rule bills: matched against the rules and let through. */
    @Benchmark
    public BillingDecision unbilled() {
        return engine.before(request("GET", "/health", Map.of(), null));
    }

    /** A billed request without a credential: the 402 (PAYMENT-REQUIRED header and JSON body) from the offers. */
    @Benchmark
    public BillingDecision challenge() {
        return engine.before(request("GET", "/v1/quote", Map.of(), null));
    }

    /** A paid usage-priced request, JSON answer: before (estimate, authorize) and after (usage, price, settle, body). */
    @Benchmark
    public BillingResponse paidJson() {
        BillingDecision.Proceed go = (BillingDecision.Proceed) engine.before(
                request("POST", CHAT, signedIn, chatRequest));
        return engine.after(go.ticket(), HandlerResponse.of(200, "application/json", chatAnswer));
    }

    /** The same, streamed: usage from the last SSE event, the events replayed and the settlement event appended. */
    @Benchmark
    public BillingResponse paidSse() {
        BillingDecision.Proceed go = (BillingDecision.Proceed) engine.before(
                request("POST", CHAT, signedIn, chatRequest));
        return engine.after(go.ticket(), HandlerResponse.of(200, "text/event-stream", sseAnswer));
    }

    /** The gateway's answers, already at hand: what the filter does with them is what is measured. */
    private static final class ConstantGateway implements BillingGateway {
        private final Offers offers = new Offers(json("{\"x402Version\":2,\"error\":\"payment_required\",\"resource\":"
                + "{\"url\":\"http://host:8080/v1/quote\"},\"accepts\":[{\"scheme\":\"exact\",\"network\":\"eip155:137\","
                + "\"amount\":\"10000\",\"asset\":\"0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359\",\"payTo\":"
                + "\"0x3333333333333333333333333333333333333333\",\"maxTimeoutSeconds\":300,\"extra\":{\"name\":"
                + "\"USD Coin\",\"version\":\"2\"}}],\"extensions\":{}}"),
                json("[{\"network\":\"eip155:137\",\"asset\":\"USDC\",\"spender\":"
                        + "\"0x4444444444444444444444444444444444444444\",\"decimals\":6}]"), null);
        private final AuthorizeResult authorized = new AuthorizeResult.Authorized(new Authorization(
                "6f1c1d52-4a43-4b8f-9d37-2f8e9a7d2c11", "allowance", "eip155:137", "USDC",
                "0x5555555555555555555555555555555555555555", BigInteger.valueOf(2_100), "2026-12-02T06:00:00Z"));
        private final SettleResult paid = new SettleResult.Paid(json("{\"status\":\"paid\",\"job_id\":"
                + "\"6f1c1d52-4a43-4b8f-9d37-2f8e9a7d2c11\",\"tx_id\":\"0xabc\",\"payment_response\":null,"
                + "\"atp_settlement\":{\"status\":\"paid\",\"transaction_signature\":\"0xabc\",\"job_id\":"
                + "\"6f1c1d52-4a43-4b8f-9d37-2f8e9a7d2c11\",\"network\":\"eip155:137\",\"asset\":\"USDC\","
                + "\"payment\":{\"total_amount_units\":431,\"treasury\":{\"amount_units\":21},"
                + "\"recipient\":{\"amount_units\":410}}}}"));

        @Override
        public Offers offers(BillingTerms terms) {
            return offers;
        }

        @Override
        public AuthorizeResult authorize(AuthorizeRequest request) {
            return authorized;
        }

        @Override
        public SettleResult settle(SettleRequest request) {
            return paid;
        }

        @Override
        public void release(String authorizationId) {
        }

        private static JsonNode json(String text) {
            try {
                return JSON.readTree(text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
