package dev.tollgate.gateway.limits;

import dev.tollgate.gateway.api.ErrorBody;
import dev.tollgate.gateway.api.JsonBodies;
import io.micronaut.context.exceptions.ConfigurationException;
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
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Per-client limits on trades and settles, so one client cannot starve the rest: over its limit a client gets 429
 * with {@code Retry-After} (seconds) before any work is done. The client is the connection's remote address, or
 * the nearest untrusted address in {@code X-Forwarded-For} when the connection comes from a configured trusted
 * proxy; IPv6 clients count per /64, what one subscriber usually holds.
 */
@ServerFilter(patterns = {RateLimitFilter.TRADE, RateLimitFilter.SETTLE}, methods = HttpMethod.POST)
public class RateLimitFilter {
    static final String TRADE = "/v1/agent/trade";
    static final String SETTLE = "/v1/agent/settle";
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final int MAX_FORWARDED_HOPS = 32;

    private final RateLimitConfig config;
    private final JsonBodies json;
    private final LongSupplier nanoTime;
    private final Buckets trades;
    private final Buckets settles;
    private final List<Cidr> trustedProxies;

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
        this.trustedProxies = config.trustedProxies().stream().map(Cidr::parse).toList();
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> limit(HttpRequest<?> request) {
        if (!config.enabled()) {
            return null;
        }
        boolean trade = request.getPath().startsWith(TRADE);
        long waitNanos = (trade ? trades : settles).take(clientOf(request), nanoTime.getAsLong());
        if (waitNanos <= 0) {
            return null;
        }
        long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
        String message = trade
                ? "Too many trades from this client: at most " + config.tradesPerMinute() + " a minute (bursts of "
                        + config.tradeBurst() + "). Retry in " + seconds + " s."
                : "Too many settles from this client: at most " + config.settlesPerMinute() + " a minute (bursts of "
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
        return trustedProxies.stream().anyMatch(c -> c.contains(address));
    }

    private static String key(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
    }

    /** An IP literal, never a DNS lookup: IPv4 is parsed here, IPv6 only in brackets (which forbids lookups). */
    static @Nullable InetAddress literal(String text) {
        try {
            var v4 = IPV4.matcher(text);
            if (v4.matches()) {
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(v4.group(i + 1));
                    if (octet > 255) {
                        return null;
                    }
                    bytes[i] = (byte) octet;
                }
                return InetAddress.getByAddress(bytes);
            }
            String v6 = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
            if (v6.indexOf(':') >= 0 && IPV6.matcher(v6).matches()) {
                return InetAddress.getByName("[" + v6 + "]");
            }
        } catch (UnknownHostException e) {
            return null;
        }
        return null;
    }

    /** An address or a CIDR range of trusted proxies. */
    private record Cidr(byte[] network, int prefixBits) {
        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            InetAddress address = literal(slash < 0 ? text : text.substring(0, slash));
            if (address == null) {
                throw new ConfigurationException("tollgate.limits.trusted-proxies: " + text
                        + " is not an IP address or CIDR range");
            }
            int max = address.getAddress().length * 8;
            int bits;
            try {
                bits = slash < 0 ? max : Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > max) {
                throw new ConfigurationException("tollgate.limits.trusted-proxies: " + text
                        + " has a prefix length outside 0.." + max);
            }
            return new Cidr(address.getAddress(), bits);
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            int full = prefixBits / 8;
            for (int i = 0; i < full; i++) {
                if (bytes[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixBits % 8;
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return rest == 0 || (bytes[full] & mask) == (network[full] & mask);
        }
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
