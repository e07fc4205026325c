package dev.tollgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.chain.allowance.AllowanceState;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Pays billed endpoints of a host app (issue 10's billing filter in front of a Tollgate gateway) as one wallet, the
 * key never leaving this process. Three ways, each one method:
 *
 * <ul>
 *   <li>{@link #payWithAllowance}: usage- or fixed-priced endpoints, on Solana and EVM USDC. Each request carries a
 *       fresh {@code SIGN-IN-WITH-X} header signed for exactly its URL (domain = host[:port], uri = the URL, the
 *       chosen network, a new nonce); the gateway charges the wallet's up-front grant after the handler ran. On a
 *       402 naming an {@link AllowanceOffer} for the network, it grants up to the caller's cap
 *       ({@link AllowanceGrants}: ERC-20 {@code approve} / SPL {@code ApproveChecked}) and retries once.</li>
 *   <li>{@link #payExact}: fixed-price endpoints, with x402 {@code exact} ({@link X402ExactPayer}): asks without a
 *       credential, signs the 402's {@code exact} entry for the network if it costs at most the cap, retries once
 *       with {@code PAYMENT-SIGNATURE}.</li>
 *   <li>{@link #signedIn}: one request with a {@code SIGN-IN-WITH-X} header and nothing else.</li>
 * </ul>
 *
 * Every answer is a {@link BilledResponse} (paid body with {@code atp_usage}/{@code atp_settlement}, SSE trailer,
 * {@code X-ATP-Settlement}, {@code PAYMENT-RESPONSE}; 202 pending; 402 challenge). Nothing is retried blindly: a
 * lost answer to a paid retry is not sent again (the host may have charged it); {@link #collect} fetches a pending
 * output from the gateway once it is final. Answers are size-capped before they are read.
 *
 * <pre>{@code
 * try (EvmWallet wallet = EvmWallet.fromHex(key)) {
 *     BilledHttp billed = BilledHttp.builder().wallet(wallet).rpc("eip155:137", polygonRpc).build();
 *     BilledResponse r = billed.payWithAllowance(BilledRequest.postJson(chatUrl, body), "eip155:137",
 *             BigInteger.valueOf(5_000_000)); // grant at most 5 USDC
 *     if (r.paid()) { r.json(); r.usage(); r.settlement(); }
 * }
 * }</pre>
 */
public final class BilledHttp {
    static final String SIWX_HEADER = TollgateClient.SIWX_HEADER;
    static final String PAYMENT_SIGNATURE = "PAYMENT-SIGNATURE";
    /** The 402 reasons an allowance grant can cure: none given yet, too small, or delegated to someone else. */
    static final Set<String> GRANTABLE = Set.of("payment_required", "allowance_insufficient", "not_delegated");

    private final Wallet wallet;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final Duration grantWait;
    private final int maxResponseBytes;
    private final Clock clock;
    private final AllowanceGrants grants;
    private final X402ExactPayer exact;
    /** One grant at a time from this client: concurrent 402s read the grant again instead of sending twice. */
    private final java.util.concurrent.locks.ReentrantLock granting = new java.util.concurrent.locks.ReentrantLock();

    private BilledHttp(Builder b) {
        this.wallet = b.wallet;
        this.http = HttpClient.newBuilder().connectTimeout(b.connectTimeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.requestTimeout = b.requestTimeout;
        this.grantWait = b.grantWait;
        this.maxResponseBytes = b.maxResponseBytes;
        this.clock = b.clock;
        this.grants = new AllowanceGrants(b.rpc, b.rpcTimeout, b.clock);
        this.exact = new X402ExactPayer(b.rpc, b.rpcTimeout, b.clock);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Wallet wallet() {
        return wallet;
    }

    /** The grants this client makes and reads (e.g. to grant ahead of the first request, or to check one). */
    public AllowanceGrants grants() {
        return grants;
    }

    /** Sends {@code request} as is, with no credential (e.g. to read a billed endpoint's 402). */
    public BilledResponse send(BilledRequest request) {
        return exchange(request, Map.of());
    }

    /** Sends {@code request} once with a fresh {@code SIGN-IN-WITH-X} for its URL on {@code network}. */
    public BilledResponse signedIn(BilledRequest request, String network) {
        return signedIn(request, network, request.uri());
    }

    /** {@code request} with a fresh {@code SIGN-IN-WITH-X} for {@code resource} (its URL, or the one the host named). */
    private BilledResponse signedIn(BilledRequest request, String network, URI resource) {
        SiwxProof proof = SiwxProof.sign(wallet, resource, network, null, SiwxProof.DEFAULT_VALIDITY, clock);
        return exchange(request, Map.of(SIWX_HEADER, proof.headerValue(GatewayHttp.JSON)));
    }

    /**
     * The resource a host's 402 declares for {@code sign-in-with-x} ({@code info.uri}, i.e. its {@code resource.url})
     * when it differs from the request's URL but has the same scheme and authority (e.g. the host leaves the query
     * out); never another origin. Else the request's URL.
     */
    static URI declaredResource(BilledRequest request, BillingChallenge challenge) {
        String declared = challenge.signInWithXInfo().map(i -> i.path("uri").asText("")).orElse("");
        try {
            URI uri = URI.create(declared);
            if (!declared.isEmpty() && request.uri().getScheme().equals(uri.getScheme())
                    && request.uri().getRawAuthority().equals(uri.getRawAuthority())) {
                return uri;
            }
        } catch (IllegalArgumentException notAUri) {
            // an unreadable declaration changes nothing
        }
        return request.uri();
    }

    /**
     * Sends {@code request} signed in on {@code network}, to be charged to the wallet's allowance. A 402 whose
     * {@code sign-in-with-x} declaration names another resource of the same origin (e.g. without the query) and
     * whose reason is not one a grant cures is answered once by signing in for that resource. On a 402 offering
     * an allowance on {@code network} for a reason a grant cures ({@link #GRANTABLE}): when the wallet's allowance
     * (read from the chain) is below {@code maxGrantUnits}, sets it to {@code maxGrantUnits} (never more) and waits
     * until the chain confirmed it; then sends the request once more, newly signed (also when the grant was already
     * there: a concurrent request of this client may have made it). The retry's answer is returned as is, and so is
     * any other first answer.
     *
     * @param maxGrantUnits the most the wallet lets the spender draw in total (atomic units); {@code null} never grants
     * @throws TollgateException {@link TollgateException#OVER_SPENDING_CAP} when the 402 names a price (fixed, or the
     *                           ceiling of a usage price) above {@code maxGrantUnits} (nothing granted); a failed
     *                           grant's codes ({@link AllowanceGrants#grant})
     */
    public BilledResponse payWithAllowance(BilledRequest request, String network, BigInteger maxGrantUnits) {
        BilledResponse first = signedIn(request, network);
        if (first.status() != 402 || maxGrantUnits == null || maxGrantUnits.signum() <= 0) {
            return first;
        }
        BillingChallenge challenge = first.challenge().orElseThrow();
        URI resource = declaredResource(request, challenge);
        if (!resource.equals(request.uri()) && !GRANTABLE.contains(challenge.reason())) {
            // the host verifies sign-ins against the resource it declared, not the URL as sent: sign that instead
            first = signedIn(request, network, resource);
            if (first.status() != 402) {
                return first;
            }
            challenge = first.challenge().orElseThrow();
        }
        Optional<AllowanceOffer> offer = challenge.allowance(network, null);
        if (offer.isEmpty() || !GRANTABLE.contains(challenge.reason())) {
            return first;
        }
        Optional<BigInteger> price = challenge.priceUnits(network, offer.get().assetAddress());
        if (price.isPresent() && price.get().compareTo(maxGrantUnits) > 0) {
            throw new TollgateException(402, TollgateException.OVER_SPENDING_CAP, "The endpoint asks up to "
                    + price.get() + " units on " + network + ", more than the grant cap " + maxGrantUnits
                    + "; nothing was granted", null, null);
        }
        granting.lock();
        try {
            // read under the lock: a concurrent request of this client may have granted since our 402
            AllowanceState state = grants.read(offer.get(), wallet.address());
            if (state.allowanceUnits().compareTo(maxGrantUnits) < 0) {
                grants.grant(wallet, offer.get(), maxGrantUnits, grantWait);
            }
        } finally {
            granting.unlock();
        }
        return signedIn(request, network, resource);
    }

    /**
     * Pays a fixed-price endpoint with x402 {@code exact}: sends {@code request} without a credential, and on a 402
     * with an {@code exact} entry on {@code network} costing at most {@code maxUnits}, signs it
     * ({@link X402ExactPayer}) and sends the request once more with {@code PAYMENT-SIGNATURE}. The answer of that
     * retry is returned as is (a 402 again means the payment was refused or failed; it is not paid twice).
     *
     * @throws TollgateException {@link TollgateException#OVER_SPENDING_CAP} when the entry costs more than
     *                           {@code maxUnits} (nothing signed)
     */
    public BilledResponse payExact(BilledRequest request, String network, BigInteger maxUnits) {
        Objects.requireNonNull(maxUnits, "maxUnits");
        BilledResponse first = send(request);
        if (first.status() != 402) {
            return first;
        }
        BillingChallenge challenge = first.challenge().orElseThrow();
        Optional<JsonNode> accept = challenge.accept("exact", network);
        if (accept.isEmpty()) {
            return first;
        }
        BigInteger amount = X402ExactPayer.amount(accept.get());
        if (amount.compareTo(maxUnits) > 0) {
            throw new TollgateException(402, TollgateException.OVER_SPENDING_CAP, "The endpoint asks " + amount
                    + " units on " + network + ", more than the cap " + maxUnits + "; nothing was signed", null, null);
        }
        String header = exact.paymentSignature(wallet, challenge.paymentRequired(), accept.get());
        return exchange(request, Map.of(PAYMENT_SIGNATURE, header));
    }

    /**
     * Fetches the output of a 202 pending answer from the gateway ({@code GET output_url}), signed in for that URL on
     * {@code network} (the network the request was paid on). While the payment is not final the answer is not 200;
     * ask again later. A 402 declaring {@code sign-in-with-x} is answered once by signing exactly what it asks.
     */
    public BilledResponse collect(BilledResponse.Pending pending, String network) {
        BilledRequest get = BilledRequest.get(pending.outputUrl());
        BilledResponse answer = signedIn(get, network);
        Optional<JsonNode> info = answer.challenge().flatMap(BillingChallenge::signInWithXInfo);
        if (info.isPresent()) {
            SiwxProof proof = SiwxProof.signInfo(wallet, info.get(), network);
            return exchange(get, Map.of(SIWX_HEADER, proof.headerValue(GatewayHttp.JSON)));
        }
        return answer;
    }

    private BilledResponse exchange(BilledRequest request, Map<String, String> credential) {
        HttpRequest.Builder b = HttpRequest.newBuilder(request.uri()).timeout(requestTimeout)
                .method(request.method(), request.body().length == 0 && !"POST".equals(request.method())
                        && !"PUT".equals(request.method()) && !"PATCH".equals(request.method())
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach(b::header);
        credential.forEach(b::header);
        try {
            HttpResponse<InputStream> response = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] bytes;
            try (InputStream in = response.body()) {
                bytes = in.readNBytes(maxResponseBytes + 1);
            }
            if (bytes.length > maxResponseBytes) {
                throw new TollgateException(response.statusCode(), TollgateException.MALFORMED_RESPONSE,
                        "The host's answer is larger than " + maxResponseBytes + " bytes");
            }
            return new BilledResponse(response.statusCode(), response.headers(), bytes);
        } catch (IOException e) {
            String what = e instanceof HttpTimeoutException ? "did not answer in time" : "could not be reached";
            throw new TollgateException(TollgateException.HOST_UNREACHABLE, "The host " + what
                    + " (a paid request is not sent again: it may have been charged)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TollgateException(TollgateException.HOST_UNREACHABLE, "interrupted", e);
        }
    }

    /** Configures a billed-HTTP client; {@link #wallet} is required. */
    public static final class Builder {
        private Wallet wallet;
        private final Map<String, URI> rpc = new HashMap<>();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(120);
        private Duration rpcTimeout = Duration.ofSeconds(10);
        private Duration grantWait = Duration.ofSeconds(60);
        private int maxResponseBytes = 8 * 1024 * 1024;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder wallet(Wallet wallet) {
            this.wallet = wallet;
            return this;
        }

        /**
         * The client's own RPC node of a network (CAIP-2 id, as the 402 names it): grants on either chain, and
         * Solana exact payments (the mint and a blockhash; a local chain advertised as devnet is keyed by the devnet
         * id). EVM exact payments need no node.
         */
        public Builder rpc(String network, URI url) {
            rpc.put(network, url);
            return this;
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = d;
            return this;
        }

        /** How long one request may take (the host runs the handler and waits for the payment). */
        public Builder requestTimeout(Duration d) {
            this.requestTimeout = d;
            return this;
        }

        public Builder rpcTimeout(Duration d) {
            this.rpcTimeout = d;
            return this;
        }

        /** How long a grant may take to be confirmed before the request gives up ({@code still_pending}). */
        public Builder grantWait(Duration d) {
            this.grantWait = d;
            return this;
        }

        /** The largest answer read (default 8 MiB, above the filter's 4 MiB buffer). */
        public Builder maxResponseBytes(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxResponseBytes must be positive");
            }
            this.maxResponseBytes = n;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public BilledHttp build() {
            Objects.requireNonNull(wallet, "wallet");
            return new BilledHttp(this);
        }
    }
}
