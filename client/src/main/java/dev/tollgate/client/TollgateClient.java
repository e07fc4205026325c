package dev.tollgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A buyer client for the Tollgate gateway, for an agent holding only a wallet key: trade (the 402 challenge), pay
 * locally, settle, and get the output. The key never leaves the process; every settle carries a fresh
 * Sign-In-With-X proof, so the output is handed to this wallet only.
 *
 * <p>Three ways to pay ({@link JournaledPayment.Kind}): {@code SIGNED_TRANSACTION} (signed here, the gateway checks
 * and broadcasts it; a Solana token payment from a wallet without SOL for the fee names the gateway's
 * {@code fee_payer} when the 402 offers one), {@code AUTHORIZATION} (EVM USDC: a gasless EIP-3009 authorisation the gateway relays through
 * the splitter) and {@code SELF_BROADCAST} (signed and broadcast here, then settled by its tx id).
 *
 * <p><b>Retry safety.</b> A job's payment is recorded in the {@link PaymentJournal} before it is sent anywhere; every
 * later settle of that job (a retry after a lost response, a 202 poll, a restart with a file journal) sends exactly
 * that payment again, never a new one. 202 {@code settlement_pending} is polled by settling again with it until 200
 * or a final error; 429 waits its {@code Retry-After}; errors are {@link TollgateException}s with the gateway's code.
 */
public final class TollgateClient implements AutoCloseable {
    private static final String SETTLE = "/v1/agent/settle";
    private static final String TRADE = "/v1/agent/trade";
    static final String SIWX_HEADER = "SIGN-IN-WITH-X";

    private final GatewayHttp http;
    private final Wallet wallet;
    private final PaymentJournal journal;
    private final LocalPayer payer;
    private final Clock clock;
    private final Duration requestTimeout;
    private final Duration settleDeadline;
    private final Duration pollInterval;
    private final int maxTransportRetries;
    private final boolean signTrades;
    private final BilledHttp billed;
    /** Settles of one job in this client run one at a time (striped: a bounded set of locks, whatever the jobs). */
    private final ReentrantLock[] jobLocks = new ReentrantLock[64];

    private TollgateClient(Builder b) {
        this.http = new GatewayHttp(b.baseUrl, b.connectTimeout);
        this.wallet = b.wallet;
        this.journal = b.journal;
        this.clock = b.clock;
        this.payer = b.localPayer != null ? b.localPayer : new RailLocalPayer(b.rpc, b.rpcTimeout, b.clock);
        this.requestTimeout = b.requestTimeout;
        this.settleDeadline = b.settleDeadline;
        this.pollInterval = b.pollInterval;
        this.maxTransportRetries = b.maxTransportRetries;
        this.signTrades = b.signTrades;
        BilledHttp.Builder billedBuilder = BilledHttp.builder().wallet(b.wallet).connectTimeout(b.connectTimeout)
                .requestTimeout(b.requestTimeout).rpcTimeout(b.rpcTimeout).clock(b.clock);
        b.rpc.forEach(billedBuilder::rpc);
        this.billed = billedBuilder.build();
        for (int i = 0; i < jobLocks.length; i++) {
            jobLocks[i] = new ReentrantLock(); // not synchronized: a virtual thread waiting here must not pin
        }
    }

    private ReentrantLock lockOf(String jobId) {
        return jobLocks[Math.floorMod(jobId.hashCode(), jobLocks.length)];
    }

    public static Builder builder() {
        return new Builder();
    }

    public Wallet wallet() {
        return wallet;
    }

    public PaymentJournal journal() {
        return journal;
    }

    /**
     * Paying billed endpoints of host apps (issue 10) as this client's wallet, with its RPC nodes, timeouts and clock:
     * allowance grants with Sign-In-With-X per request, and x402 exact ({@link BilledHttp}).
     */
    public BilledHttp billed() {
        return billed;
    }

    /**
     * {@code POST /v1/agent/trade} as this wallet: the agent runs, its output is locked, the answer is the challenge.
     * A 429 is waited out (its {@code Retry-After}) within the settle deadline. A lost answer is not retried: the
     * agent would run again (this costs the seller, never the buyer: nothing is paid until settle).
     */
    public Challenge trade(TradeRequest request) {
        Instant end = clock.instant().plus(settleDeadline);
        while (true) {
            GatewayHttp.Reply reply;
            try {
                reply = http.post(TRADE, request.body(wallet.address()), tradeHeaders(request), requestTimeout);
            } catch (IOException e) {
                throw unreachable(e);
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
            if (reply.status() == 402) {
                return Challenge.parse(reply.body());
            }
            if (reply.status() == 429 && waitBefore(end, retryAfter(reply))) {
                continue;
            }
            throw refusal(reply);
        }
    }

    /**
     * With {@link Builder#signTrades}, a {@code SIGN-IN-WITH-X} header for the trade URL on the trade's network
     * (a CAIP-2 id; an alias such as {@code polygon} cannot be signed for, so such trades go unsigned).
     */
    private Map<String, String> tradeHeaders(TradeRequest request) {
        String network = request.network();
        if (!signTrades || network == null || !network.startsWith(wallet.namespace() + ":")) {
            return Map.of();
        }
        SiwxProof proof = SiwxProof.sign(wallet, http.base().resolve(TRADE), network, null,
                SiwxProof.DEFAULT_VALIDITY, clock);
        return Map.of(SIWX_HEADER, proof.headerValue(GatewayHttp.JSON));
    }

    /** Trades, pays {@code how} and settles. */
    public Settlement tradeAndSettle(TradeRequest request, JournaledPayment.Kind how) {
        return settle(trade(request), how);
    }

    /**
     * Pays {@code challenge} {@code how} (unless the journal already holds a payment for the job: then exactly that
     * one is sent again) and settles it, polling a pending settlement until it is final.
     */
    public Settlement settle(Challenge challenge, JournaledPayment.Kind how) {
        Objects.requireNonNull(how, "how");
        ReentrantLock lock = lockOf(challenge.jobId());
        lock.lock();
        try {
            JournaledPayment payment = journal.find(challenge.jobId()).orElseGet(() -> journal.recordIfAbsent(make(challenge, how)));
            if (payment.kind() == JournaledPayment.Kind.SELF_BROADCAST && !payment.wire().isEmpty()) {
                broadcast(challenge, payment);
            }
            return settleWith(challenge, payment);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Settles a job paid some other way (the wallet sent the transfers itself): {@code {job_id, tx_signature,
     * payer_proof}}. The tx id is journaled first; if the journal already holds a payment for the job, that one is
     * settled instead (a job never gets two payments from this client).
     */
    public Settlement settleByTxSignature(Challenge challenge, String txSignature) {
        JournaledPayment paid = new JournaledPayment(challenge.jobId(), challenge.network(),
                JournaledPayment.Kind.SELF_BROADCAST, txSignature, "", wallet.address(), -1, null, clock.instant());
        ReentrantLock lock = lockOf(challenge.jobId());
        lock.lock();
        try {
            return settleWith(challenge, journal.recordIfAbsent(paid));
        } finally {
            lock.unlock();
        }
    }

    /** A fresh Sign-In-With-X proof for {@code jobId} on {@code network} at this gateway. */
    public SiwxProof proofFor(String jobId, String network) {
        return SiwxProof.forJob(wallet, http.base(), network, jobId, clock);
    }

    /** {@code GET /v1/agent/jobs/{id}}, signed in with a proof for the job (a wallet-bound job answers only its wallet). */
    public JsonNode job(Challenge challenge) {
        try {
            GatewayHttp.Reply reply = http.get("/v1/agent/jobs/" + challenge.jobId(), Map.of(SIWX_HEADER,
                    proofFor(challenge.jobId(), challenge.network()).headerValue(GatewayHttp.JSON)), requestTimeout);
            if (reply.status() != 200) {
                throw refusal(reply);
            }
            return reply.body();
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    private JournaledPayment make(Challenge challenge, JournaledPayment.Kind how) {
        return switch (how) {
            case SIGNED_TRANSACTION, SELF_BROADCAST -> payer.signTransaction(challenge, wallet, how);
            case AUTHORIZATION -> {
                if (!(wallet instanceof EvmWallet evm)) {
                    throw new IllegalArgumentException("a gasless authorisation needs an EVM wallet");
                }
                yield payer.authorize(challenge, evm);
            }
        };
    }

    /** Sends the journaled bytes; a payment the node refused can never land, so the job may be paid anew. */
    private void broadcast(Challenge challenge, JournaledPayment payment) {
        try {
            payer.broadcast(challenge, payment);
        } catch (TollgateException e) {
            if (TollgateException.LOCAL_PAYMENT_FAILED.equals(e.code())) {
                journal.forget(challenge.jobId());
            }
            throw e;
        }
    }

    private Settlement settleWith(Challenge challenge, JournaledPayment payment) {
        Instant end = clock.instant().plus(settleDeadline);
        int transportFailures = 0;
        TollgateException lastPending = null;
        JsonNode askedFor = null; // the Sign-In-With-X info of a 403 payer_proof_required, signed as asked once
        boolean signedAsAsked = false;
        while (true) {
            GatewayHttp.Reply reply;
            try {
                SiwxProof proof = askedFor != null && !signedAsAsked
                        ? SiwxProof.signInfo(wallet, askedFor, challenge.network())
                        : proofFor(challenge.jobId(), challenge.network());
                signedAsAsked = askedFor != null;
                reply = http.post(SETTLE, settleBody(challenge, payment, proof), Map.of(), requestTimeout);
            } catch (IOException e) {
                // the answer was lost (or never came): the same payment goes again, the gateway and chain dedup it
                if (++transportFailures > maxTransportRetries || !waitBefore(end, backoff(transportFailures))) {
                    throw unreachable(e);
                }
                continue;
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
            if (reply.status() == 200) {
                return Settlement.parse(reply.body());
            }
            if (reply.status() == 403 && "payer_proof_required".equals(reply.code()) && askedFor == null
                    && reply.body().path("error").path("sign_in_with_x").isObject()) {
                // paid, but our proof did not name what the gateway expects (e.g. behind a proxy): sign its info
                askedFor = reply.body().path("error").path("sign_in_with_x");
                continue;
            }
            Duration wait = switch (reply.status()) {
                case 202 -> pollInterval;                     // sent, not final: ask again with the same payment
                case 429 -> retryAfter(reply);
                case 503 -> "rail_unavailable".equals(reply.code()) ? backoff(++transportFailures) : null;
                case 409 -> "settlement_in_progress".equals(reply.code()) ? pollInterval : null;
                case 404 -> "tx_not_found".equals(reply.code())
                        && payment.kind() == JournaledPayment.Kind.SELF_BROADCAST ? pollInterval : null;
                default -> null;
            };
            if (reply.status() == 202) {
                lastPending = refusal(reply);
            }
            if (wait == null) {
                throw refusal(reply);
            }
            if (!waitBefore(end, wait)) {
                if (lastPending != null) {
                    throw new TollgateException(202, TollgateException.STILL_PENDING, "The payment of job "
                            + challenge.jobId() + " is not final yet; settle again later (it is journaled, never pay again)",
                            lastPending.error(), null);
                }
                throw refusal(reply);
            }
        }
    }

    /** The settle body for the journaled payment, with a fresh Sign-In-With-X proof (a nonce is used once). */
    private Map<String, Object> settleBody(Challenge challenge, JournaledPayment payment, SiwxProof proof) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("job_id", challenge.jobId());
        switch (payment.kind()) {
            case SIGNED_TRANSACTION -> body.put("signed_transaction", payment.wire());
            case AUTHORIZATION -> {
                Map<String, Object> auth = new LinkedHashMap<>();
                auth.put("from", payment.from());
                auth.put("deadline", payment.deadline());
                auth.put("signature", payment.signature());
                body.put("authorization", auth);
            }
            case SELF_BROADCAST -> body.put("tx_signature", payment.txId());
        }
        body.put("payer_proof", proof.payload());
        return body;
    }

    /** Sleeps {@code wait} if that still ends before {@code end}; false when it would not. */
    private boolean waitBefore(Instant end, Duration wait) {
        if (clock.instant().plus(wait).isAfter(end)) {
            return false;
        }
        try {
            Thread.sleep(wait.toMillis());
            return true;
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    private Duration backoff(int failures) {
        long millis = Math.min(8_000, 250L << Math.min(failures, 5));
        return Duration.ofMillis(millis);
    }

    /** {@code Retry-After} in seconds (header, or the body's {@code retry_after_seconds}); 1 s when absent. */
    static Duration retryAfter(GatewayHttp.Reply reply) {
        String header = reply.retryAfter().orElse(null);
        long seconds = -1;
        if (header != null && header.strip().matches("\\d{1,6}")) {
            seconds = Long.parseLong(header.strip());
        } else if (reply.body().path("error").path("retry_after_seconds").canConvertToLong()) {
            seconds = reply.body().path("error").path("retry_after_seconds").asLong();
        }
        return Duration.ofSeconds(seconds < 0 ? 1 : Math.min(seconds, 3_600));
    }

    private static TollgateException refusal(GatewayHttp.Reply reply) {
        JsonNode error = reply.body().path("error");
        String code = error.path("code").asText("");
        String message = error.path("message").asText(reply.body().path("detail").asText(""));
        if (code.isEmpty()) {
            return new TollgateException(reply.status(), TollgateException.MALFORMED_RESPONSE,
                    "The gateway answered HTTP " + reply.status() + " without an error code", null, null);
        }
        return new TollgateException(reply.status(), code, message, error,
                reply.status() == 429 ? retryAfter(reply) : null);
    }

    private static TollgateException unreachable(IOException e) {
        String what = e instanceof HttpTimeoutException ? "did not answer in time" : "could not be reached";
        return new TollgateException(TollgateException.GATEWAY_UNREACHABLE, "The gateway " + what, e);
    }

    private static TollgateException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        return new TollgateException(TollgateException.GATEWAY_UNREACHABLE, "interrupted", e);
    }

    @Override
    public void close() {
        if (payer instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // nothing to keep
            }
        }
    }

    /** Configures a client; {@link #baseUrl} and {@link #wallet} are required. */
    public static final class Builder {
        private URI baseUrl;
        private Wallet wallet;
        private PaymentJournal journal = new InMemoryPaymentJournal();
        private LocalPayer localPayer;
        private final Map<String, URI> rpc = new HashMap<>();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(90);
        private Duration settleDeadline = Duration.ofMinutes(5);
        private Duration pollInterval = Duration.ofSeconds(2);
        private Duration rpcTimeout = Duration.ofSeconds(10);
        private int maxTransportRetries = 5;
        private boolean signTrades;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The gateway, e.g. {@code https://gateway.example}. */
        public Builder baseUrl(URI baseUrl) {
            String s = baseUrl.toString();
            this.baseUrl = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
            return this;
        }

        public Builder wallet(Wallet wallet) {
            this.wallet = wallet;
            return this;
        }

        /** Where payments are recorded before they are sent (default: in memory). */
        public Builder journal(PaymentJournal journal) {
            this.journal = journal;
            return this;
        }

        /** The RPC node of a network (CAIP-2 id) this client signs or broadcasts on. */
        public Builder rpc(String network, URI url) {
            rpc.put(network, url);
            return this;
        }

        /** Another way to make payments locally (default: {@link RailLocalPayer} over the {@link #rpc} nodes). */
        public Builder localPayer(LocalPayer localPayer) {
            this.localPayer = localPayer;
            return this;
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = d;
            return this;
        }

        /** How long one request may take; a settle waits for finality up to the gateway's settle wait (60 s). */
        public Builder requestTimeout(Duration d) {
            this.requestTimeout = d;
            return this;
        }

        /** How long one {@code settle} keeps retrying and polling before it gives up (the payment stays journaled). */
        public Builder settleDeadline(Duration d) {
            this.settleDeadline = d;
            return this;
        }

        public Builder pollInterval(Duration d) {
            this.pollInterval = d;
            return this;
        }

        public Builder rpcTimeout(Duration d) {
            this.rpcTimeout = d;
            return this;
        }

        /** How many lost answers in a row one settle retries (with backoff) before it gives up. */
        public Builder maxTransportRetries(int n) {
            this.maxTransportRetries = n;
            return this;
        }

        /**
         * Sign each trade with a {@code SIGN-IN-WITH-X} header (for trades whose network is a CAIP-2 id), so the
         * gateway binds the job to this wallet (issue 8: only it may read, settle by proof or fetch the job). Off by
         * default: ATP gateways neither need nor read it.
         */
        public Builder signTrades(boolean sign) {
            this.signTrades = sign;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public TollgateClient build() {
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(wallet, "wallet");
            return new TollgateClient(this);
        }
    }
}
