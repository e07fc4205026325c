package dev.tollgate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2p.solanaj.core.Account;

/**
 * Retry safety against a real HTTP server (the JDK's) that plays the gateway: it drops answers, says 202, 429 and
 * 409, and the client must keep sending the one payment it journaled, signing it exactly once.
 */
class RetrySafetyTest {
    private HttpServer server;
    private final Deque<Answer> script = new ConcurrentLinkedDeque<>();
    private final List<JsonNode> settleBodies = new ArrayList<>();
    private final List<String> settleHeaders = new ArrayList<>();
    private final List<String> tradeProofs = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final CountingPayer payer = new CountingPayer();
    private SolanaWallet wallet;

    @TempDir
    Path journalDir;

    /** What the fake gateway does with the next settle. */
    private record Answer(int status, String body, String retryAfter) {
        static final Answer DROP = new Answer(-1, null, null);
    }

    @BeforeEach
    void start() throws IOException {
        wallet = SolanaWallet.fromKeypair(new Account().getSecretKey());
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/agent/trade", ex -> {
            tradeProofs.add(String.valueOf(ex.getRequestHeaders().getFirst("SIGN-IN-WITH-X")));
            respond(ex, 402, GoldenChallenges.body("trade_402_solana_sol.json").toString(), null);
        });
        server.createContext("/v1/agent/settle", this::settle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        wallet.close();
    }

    private void settle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        synchronized (settleBodies) {
            settleBodies.add(GatewayHttp.JSON.readTree(body));
            settleHeaders.add(ex.getRequestHeaders().getFirst("Content-Type"));
        }
        Answer next = script.poll();
        if (next == null || next == Answer.DROP) {
            // the request arrived and was acted on; its answer is lost: the connection closes without one
            throw new IOException("answer dropped on purpose");
        }
        respond(ex, next.status(), next.body(), next.retryAfter());
    }

    private static void respond(HttpExchange ex, int status, String body, String retryAfter) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        if (retryAfter != null) {
            ex.getResponseHeaders().add("Retry-After", retryAfter);
        }
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private TollgateClient client(PaymentJournal journal, LocalPayer localPayer, int retries) {
        return TollgateClient.builder().baseUrl(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .wallet(wallet).journal(journal).localPayer(localPayer).pollInterval(Duration.ofMillis(50))
                .requestTimeout(Duration.ofSeconds(10)).maxTransportRetries(retries)
                .settleDeadline(Duration.ofSeconds(30)).clock(Clock.systemUTC()).build();
    }

    private static String success() {
        return "{\"status\":\"success\",\"job_id\":\"" + GoldenChallenges.JOB_ID + "\",\"tx_signature\":\"sig\","
                + "\"agent_output\":\"the agent's paid work\",\"usage\":{},\"settlement_details\":{}}";
    }

    private static String error(String code, String extra) {
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"m\"" + extra + "},\"detail\":\"m\"}";
    }

    @Test
    void aDroppedAnswerA202AndA429ResendTheSamePaymentSignedOnce() {
        script.add(Answer.DROP);
        script.add(new Answer(202, error("settlement_pending", ",\"verification\":\"not_final\""), null));
        script.add(new Answer(429, error("rate_limited", ",\"retry_after_seconds\":1"), "1"));
        script.add(new Answer(409, error("settlement_in_progress", ""), null));
        script.add(new Answer(200, success(), null));

        try (TollgateClient client = client(new InMemoryPaymentJournal(), payer, 3)) {
            Challenge challenge = client.trade(TradeRequest.of("tester", "write a haiku", "SOL", null));
            Settlement settlement = client.settle(challenge, JournaledPayment.Kind.SIGNED_TRANSACTION);

            assertThat(settlement.outputText()).isEqualTo("the agent's paid work");
        }
        assertThat(payer.signed.get()).isEqualTo(1);
        assertThat(settleBodies).hasSize(5);
        assertThat(settleBodies).extracting(b -> b.path("signed_transaction").asText())
                .containsOnly(CountingPayer.wire(1));
        assertThat(settleBodies).allSatisfy(b -> {
            assertThat(b.path("job_id").asText()).isEqualTo(GoldenChallenges.JOB_ID);
            assertThat(b.has("private_key")).isFalse();
            assertThat(b.path("payer_proof").path("address").asText()).isEqualTo(wallet.address());
        });
        // a proof's nonce is used once by the gateway: every attempt carries a fresh one
        assertThat(settleBodies).extracting(b -> b.path("payer_proof").path("nonce").asText()).doesNotHaveDuplicates();
        assertThat(settleHeaders).containsOnly("application/json");
    }

    @Test
    void aRestartedClientResendsTheJournaledPaymentInsteadOfSigningANewOne() {
        FilePaymentJournal journal = new FilePaymentJournal(journalDir);
        Challenge challenge;
        try (TollgateClient first = client(journal, payer, 1)) {
            challenge = first.trade(TradeRequest.of("tester", "write a haiku", "SOL", null));
            assertThatThrownBy(() -> first.settle(challenge, JournaledPayment.Kind.SIGNED_TRANSACTION))
                    .isInstanceOfSatisfying(TollgateException.class,
                            e -> assertThat(e.code()).isEqualTo(TollgateException.GATEWAY_UNREACHABLE));
        }
        assertThat(payer.signed.get()).isEqualTo(1);
        assertThat(settleBodies).hasSize(2); // the first try and one retry, both lost

        CountingPayer afterRestart = new CountingPayer();
        script.add(new Answer(200, success(), null));
        try (TollgateClient second = client(new FilePaymentJournal(journalDir), afterRestart, 1)) {
            second.settle(challenge, JournaledPayment.Kind.SIGNED_TRANSACTION);
        }

        assertThat(afterRestart.signed.get()).isZero();
        assertThat(settleBodies).extracting(b -> b.path("signed_transaction").asText())
                .containsOnly(CountingPayer.wire(1));
    }

    @Test
    void aFinalRefusalSurfacesWithTheGatewaysCodeAndFactsAndKeepsThePayment() {
        script.add(new Answer(400, error("payment_failed", ",\"tx_signature\":\"abc\",\"verification\":\"amount_mismatch\""), null));
        InMemoryPaymentJournal journal = new InMemoryPaymentJournal();
        try (TollgateClient client = client(journal, payer, 3)) {
            Challenge challenge = client.trade(TradeRequest.of("tester", "write a haiku", "SOL", null));

            assertThatThrownBy(() -> client.settle(challenge, JournaledPayment.Kind.SIGNED_TRANSACTION))
                    .isInstanceOfSatisfying(TollgateException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.code()).isEqualTo("payment_failed");
                        assertThat(e.fact("verification")).contains("amount_mismatch");
                        assertThat(e.fact("tx_signature")).contains("abc");
                    });
            assertThat(journal.find(challenge.jobId())).isPresent();
        }
        assertThat(settleBodies).hasSize(1);
    }

    @Test
    void aPaymentStillPendingAtTheDeadlineIsReportedAsSuchNotPaidAgain() {
        for (int i = 0; i < 1000; i++) {
            script.add(new Answer(202, error("settlement_pending", ""), null));
        }
        try (TollgateClient client = TollgateClient.builder()
                .baseUrl(URI.create("http://127.0.0.1:" + server.getAddress().getPort())).wallet(wallet)
                .localPayer(payer).pollInterval(Duration.ofMillis(100)).settleDeadline(Duration.ofSeconds(1)).build()) {
            Challenge challenge = client.trade(TradeRequest.of("tester", "write a haiku", "SOL", null));

            assertThatThrownBy(() -> client.settle(challenge, JournaledPayment.Kind.SIGNED_TRANSACTION))
                    .isInstanceOfSatisfying(TollgateException.class,
                            e -> assertThat(e.code()).isEqualTo(TollgateException.STILL_PENDING));
        }
        assertThat(payer.signed.get()).isEqualTo(1);
        assertThat(settleBodies.size()).isGreaterThan(1);
    }

    @Test
    void concurrentSettlesOfOneJobSignOnePayment() throws Exception {
        for (int i = 0; i < 8; i++) {
            script.add(new Answer(200, success(), null));
        }
        try (TollgateClient client = client(new InMemoryPaymentJournal(), payer, 3)) {
            Challenge challenge = client.trade(TradeRequest.of("tester", "write a haiku", "SOL", null));
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                threads.add(Thread.ofPlatform().start(
                        () -> client.settle(challenge, JournaledPayment.Kind.SIGNED_TRANSACTION)));
            }
            for (Thread t : threads) {
                t.join(Duration.ofSeconds(30));
            }
        }
        assertThat(payer.signed.get()).isEqualTo(1);
        assertThat(settleBodies).hasSize(8).extracting(b -> b.path("signed_transaction").asText())
                .containsOnly(CountingPayer.wire(1));
    }

    @Test
    void aProofTheGatewayDidNotExpectIsReplacedOnceByExactlyTheInfoItAskedFor() {
        String info = "{\"domain\":\"gateway.example\",\"uri\":\"https://gateway.example/v1/agent/jobs/"
                + GoldenChallenges.JOB_ID + "\",\"statement\":\"Collect the output of job x\",\"version\":\"1\","
                + "\"chainId\":\"" + GoldenChallenges.SOLANA_NETWORK + "\",\"type\":\"ed25519\","
                + "\"nonce\":\"AskedNonce12345678\",\"issuedAt\":\"2030-01-01T00:00:00Z\","
                + "\"expirationTime\":\"2030-01-01T00:05:00Z\",\"requestId\":\"" + GoldenChallenges.JOB_ID + "\"}";
        script.add(new Answer(403, error("payer_proof_required", ",\"paid\":true,\"sign_in_with_x\":" + info), null));
        script.add(new Answer(200, success(), null));
        try (TollgateClient client = client(new InMemoryPaymentJournal(), payer, 3)) {
            Challenge challenge = client.trade(TradeRequest.of("tester", "write a haiku", "SOL", null));
            client.settle(challenge, JournaledPayment.Kind.SIGNED_TRANSACTION);
        }

        assertThat(settleBodies).hasSize(2);
        JsonNode asked = settleBodies.get(1).path("payer_proof");
        assertThat(asked.path("domain").asText()).isEqualTo("gateway.example");
        assertThat(asked.path("nonce").asText()).isEqualTo("AskedNonce12345678");
        assertThat(asked.path("statement").asText()).isEqualTo("Collect the output of job x");
        dev.tollgate.gateway.proof.SiwxPayload parsed = dev.tollgate.gateway.proof.SiwxPayload.parse(asked);
        assertThat(new dev.tollgate.chain.solana.SolanaRail(new dev.tollgate.chain.solana.SolanaNetworkConfig(
                dev.tollgate.chain.NetworkId.of(GoldenChallenges.SOLANA_NETWORK), URI.create("http://127.0.0.1:1"),
                null, Duration.ofSeconds(1))).verifyWalletSignature(wallet.address(), parsed.message().text(),
                parsed.signature())).isTrue();
        assertThat(payer.signed.get()).isEqualTo(1);
        assertThat(settleBodies).extracting(b -> b.path("signed_transaction").asText()).containsOnly(CountingPayer.wire(1));
    }

    @Test
    void signedTradesCarryASignInWithXHeaderForTheTradeUrlUnsignedOnesNone() throws Exception {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        try (TollgateClient plain = client(new InMemoryPaymentJournal(), payer, 1);
             TollgateClient signing = TollgateClient.builder().baseUrl(base).wallet(wallet).localPayer(payer)
                     .signTrades(true).build()) {
            plain.trade(TradeRequest.of("tester", "task", "SOL", GoldenChallenges.SOLANA_NETWORK));
            signing.trade(TradeRequest.of("tester", "task", "SOL", GoldenChallenges.SOLANA_NETWORK));
        }

        assertThat(tradeProofs).hasSize(2);
        assertThat(tradeProofs.get(0)).isEqualTo("null");
        dev.tollgate.gateway.proof.SiwxPayload proof =
                dev.tollgate.gateway.proof.SiwxPayload.fromHeader(tradeProofs.get(1), GatewayHttp.JSON);
        assertThat(proof.uri()).isEqualTo(base + "/v1/agent/trade");
        assertThat(proof.domain()).isEqualTo(base.getRawAuthority());
        assertThat(proof.address()).isEqualTo(wallet.address());
        assertThat(proof.chainId()).isEqualTo(GoldenChallenges.SOLANA_NETWORK);
    }

    /** Signs nothing real: counts how often a payment is made and numbers the bytes it returns. */
    static final class CountingPayer implements LocalPayer {
        final AtomicInteger signed = new AtomicInteger();

        static String wire(int n) {
            return Base64.getEncoder().encodeToString(("signed transaction #" + n).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public JournaledPayment signTransaction(Challenge c, Wallet w, JournaledPayment.Kind kind) {
            int n = signed.incrementAndGet();
            return new JournaledPayment(c.jobId(), c.network(), kind, "tx" + n, wire(n), w.address(), -1, null,
                    java.time.Instant.now());
        }

        @Override
        public JournaledPayment authorize(Challenge c, EvmWallet w) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void broadcast(Challenge c, JournaledPayment p) {
            throw new UnsupportedOperationException();
        }
    }
}
