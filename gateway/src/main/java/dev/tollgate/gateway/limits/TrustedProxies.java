package dev.tollgate.gateway.limits;

import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The proxies whose {@code X-Forwarded-*} headers we believe ({@code tollgate.limits.trusted-proxies}, i.e.
 * {@code TOLLGATE_TRUSTED_PROXIES}): addresses or CIDR ranges. A peer not listed here is the client itself, and
 * whatever it forwards is its own say-so.
 */
@Singleton
public class TrustedProxies {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private final List<Cidr> ranges;

    @Inject
    TrustedProxies(RateLimitConfig config) {
        this(config.trustedProxies());
    }

    private TrustedProxies(List<String> ranges) {
        this.ranges = ranges.stream().map(Cidr::parse).toList();
    }

    /** @param ranges addresses or CIDR ranges, as {@code tollgate.limits.trusted-proxies} lists them */
    public static TrustedProxies of(List<String> ranges) {
        return new TrustedProxies(ranges);
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    public boolean contains(InetAddress address) {
        return address != null && ranges.stream().anyMatch(c -> c.contains(address));
    }

    /** Whether the connection {@code request} came over is from a trusted proxy. */
    public boolean trustsPeerOf(HttpRequest<?> request) {
        if (ranges.isEmpty()) {
            return false;
        }
        InetSocketAddress remote = request.getRemoteAddress();
        return remote != null && contains(remote.getAddress());
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
}
