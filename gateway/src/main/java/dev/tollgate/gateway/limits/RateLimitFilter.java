package dev.tollgate.gateway.limits;

import dev.tollgate.gateway.api.ErrorBody;
import dev.tollgate.gateway.api.JsonBodies;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import jakarta.inject.Inject;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Per-client limits on trades and settles, so one client cannot starve the rest: over its limit a client gets 429
 * with {@code Retry-After} (seconds) before any work is done. Settle-class, on the settle bucket: settles, fetches of
 * the output URL ({@code GET /v1/agent/jobs/{id}/output}, which may carry an x402 payment) and x402 paid retries of a
 * trade (they pay a job; they never run the agent). The client is the connection's remote address, or
 * the nearest untrusted address in {@code X-Forwarded-For} when the connection comes from a configured trusted
 * proxy; IPv6 clients count per /64, what one subscriber usually holds.
 */
@ServerFilter(patterns = {RateLimitFilter.TRADE, RateLimitFilter.SETTLE, RateLimitFilter.OUTPUT},
        methods = {HttpMethod.POST, HttpMethod.GET})
public class RateLimitFilter {
    static final String TRADE = "/v1/agent/trade";
    static final String SETTLE = "/v1/agent/settle";
    static final String OUTPUT = "/v1/agent/jobs/*/output";
    private static final String JOBS = "/v1/agent/jobs/";
    private static final String OUTPUT_SUFFIX = "/output";
    /** x402's payment headers (v2, and v1's name for the same object): a request carrying one is a paid retry. */
    private static final List<String> PAYMENT_HEADERS = List.of("PAYMENT-SIGNATURE", "X-PAYMENT");
    private static final int MAX_FORWARDED_HOPS = 32;

    private final RateLimitConfig config;
    private final JsonBodies json;
    private final LongSupplier nanoTime;
    private final Buckets trades;
    private final Buckets settles;
    private final TrustedProxies trustedProxies;

    @Inject
    RateLimitFilter(RateLimitConfig config, JsonBodies json) {
        this(config, json, System::nanoTime);
    }

    RateLimitFilter(RateLimitConfig config, JsonBodies json, LongSupplier nanoTime) {
        this.config = config;
        this.json = json;
        this.nanoTime = nanoTime;
        long now = nanoTime.getAsLong();
        this.trades = new Buckets(config.tradesPerMinute(), config.tradeBurst(), config.maxClients(), now);
        this.settles = new Buckets(config.settlesPerMinute(), config.settleBurst(), config.maxClients(), now);
        this.trustedProxies = TrustedProxies.of(config.trustedProxies());
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> limit(HttpRequest<?> request) {
        if (!config.enabled()) {
            return null;
        }
        String path = request.getPath();
        boolean get = request.getMethod() == HttpMethod.GET;
        if (get != (path.startsWith(JOBS) && path.endsWith(OUTPUT_SUFFIX))) {
            return null; // the methods apply to every pattern: only POST trade/settle and GET output are counted
        }
        boolean trade = !get && path.startsWith(TRADE) && PAYMENT_HEADERS.stream().noneMatch(request.getHeaders()::contains);
        long waitNanos = (trade ? trades : settles).take(clientOf(request), nanoTime.getAsLong());
        if (waitNanos <= 0) {
            return null;
        }
        long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
        String message = trade
                ? "Too many trades from this client: at most " + config.tradesPerMinute() + " a minute (bursts of "
                        + config.tradeBurst() + "). Retry in " + seconds + " s."
                : "Too many settles (settles, output fetches and paid retries) from this client: at most "
                        + config.settlesPerMinute() + " a minute (bursts of "
                        + config.settleBurst() + "). Retry in " + seconds + " s.";
        return HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(json.write(ErrorBody.of("rate_limited", message, Map.of("retry_after_seconds", seconds))));
    }

    /** The key a client is counted under. */
    String clientOf(HttpRequest<?> request) {
        InetSocketAddress remote = request.getRemoteAddress();
        InetAddress peer = remote == null ? null : remote.getAddress();
        if (peer == null) {
            return "unknown";
        }
        if (trustedProxies.isEmpty() || !trusted(peer)) {
            return key(peer);
        }
        // Walk back from the hop our proxy appended: the first address not of a trusted proxy is the client.
        List<String> hops = new ArrayList<>();
        for (String header : request.getHeaders().getAll("X-Forwarded-For")) {
            for (String hop : header.split(",")) {
                if (!hop.isBlank()) {
                    hops.add(hop.trim());
                }
            }
        }
        InetAddress client = peer;
        for (int i = hops.size() - 1; i >= Math.max(0, hops.size() - MAX_FORWARDED_HOPS); i--) {
            InetAddress hop = literal(hops.get(i));
            if (hop == null) {
                break; // not an address: stop at the last one we could read
            }
            client = hop;
            if (!trusted(hop)) {
                break;
            }
        }
        return key(client);
    }

    private boolean trusted(InetAddress address) {
        return trustedProxies.contains(address);
    }

    private static String key(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
    }

    static @Nullable InetAddress literal(String text) {
        return TrustedProxies.literal(text);
    }

    /**
     * Token buckets as GCRA: one "theoretical arrival time" per client. A client whose time is past holds a full
     * bucket, which is the same as not being tracked, so such entries are dropped in a sweep once a minute (or
     * whenever the map is full). If it is still full, new clients pass untracked rather than being refused.
     */
    static final class Buckets {
        private final long intervalNanos;
        private final long toleranceNanos;
        private final int maxClients;
        private final ConcurrentHashMap<String, Long> arrivals = new ConcurrentHashMap<>();
        private final AtomicLong lastSweep;

        Buckets(int perMinute, int burst, int maxClients, long now) {
            this.intervalNanos = TimeUnit.MINUTES.toNanos(1) / perMinute;
            this.toleranceNanos = intervalNanos * (burst - 1L);
            this.maxClients = maxClients;
            this.lastSweep = new AtomicLong(now);
        }

        /** Takes one token for {@code client}: 0 when granted, else how long until one is available. */
        long take(String client, long now) {
            sweepIfDue(now);
            if (arrivals.size() >= maxClients && !arrivals.containsKey(client)) {
                sweep(now);
                if (arrivals.size() >= maxClients) {
                    return 0;
                }
            }
            long[] wait = {0};
            arrivals.compute(client, (k, tat) -> {
                long start = tat == null || tat - now < 0 ? now : tat;
                if (start - now > toleranceNanos) {
                    wait[0] = start - now - toleranceNanos;
                    return tat;
                }
                return start + intervalNanos;
            });
            return wait[0];
        }

        int tracked() {
            return arrivals.size();
        }

        private void sweepIfDue(long now) {
            long last = lastSweep.get();
            if (now - last >= TimeUnit.MINUTES.toNanos(1) && lastSweep.compareAndSet(last, now)) {
                sweep(now);
            }
        }

        private void sweep(long now) {
            arrivals.values().removeIf(tat -> tat - now <= 0);
        }
    }
}
