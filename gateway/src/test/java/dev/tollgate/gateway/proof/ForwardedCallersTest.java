package dev.tollgate.gateway.proof;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.gateway.limits.TrustedProxies;
import dev.tollgate.gateway.rails.PaymentRails;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.simple.SimpleHttpRequest;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The origin a Sign-In-With-X proof is bound to: {@code X-Forwarded-Host}/{@code -Proto} only from a trusted proxy,
 * first value of a list, malformed values ignored; {@code tollgate.proof.domains} still decides the declared domain.
 */
class ForwardedCallersTest {
    private final Callers callers = new Callers(TrustedProxies.of(List.of("10.0.0.0/8")));

    /** A request as the server sees it: its peer address, TLS or not, its headers. */
    private static SimpleHttpRequest<Object> request(String peer, boolean tls, Map<String, String> headers) {
        SimpleHttpRequest<Object> request = new SimpleHttpRequest<>(HttpMethod.GET, "/v1/agent/jobs/j1/output", null) {
            @Override
            public InetSocketAddress getRemoteAddress() {
                return new InetSocketAddress(peer, 40000);
            }

            @Override
            public boolean isSecure() {
                return tls;
            }
        };
        request.header("Host", "gateway.internal:8080");
        headers.forEach(request::header);
        return request;
    }

    @Test
    void aTrustedProxyNamesTheHostAndSchemeTheClientCalled() {
        PayerProofs.Caller caller = callers.of(request("10.1.2.3", false,
                Map.of("X-Forwarded-Host", "pay.example.com, gateway.internal", "X-Forwarded-Proto", "HTTPS,http")));
        assertThat(caller).isEqualTo(new PayerProofs.Caller("pay.example.com", true));
    }

    @Test
    void fromAnyOtherPeerTheForwardedHeadersAreIgnored() {
        PayerProofs.Caller caller = callers.of(request("192.0.2.7", false,
                Map.of("X-Forwarded-Host", "pay.example.com", "X-Forwarded-Proto", "https")));
        assertThat(caller).isEqualTo(new PayerProofs.Caller("gateway.internal:8080", false));
        // nor can a proxy's word turn a TLS connection into plain http unless it is trusted
        assertThat(callers.of(request("192.0.2.7", true, Map.of("X-Forwarded-Proto", "http"))).secure()).isTrue();
    }

    @Test
    void malformedForwardedValuesAreIgnoredEvenFromATrustedProxy() {
        PayerProofs.Caller caller = callers.of(request("10.1.2.3", false,
                Map.of("X-Forwarded-Host", "pay.example.com/evil?x=", "X-Forwarded-Proto", "javascript")));
        assertThat(caller).isEqualTo(new PayerProofs.Caller("gateway.internal:8080", false));
    }

    @Test
    void configuredProofDomainsStillWinOverAForwardedHost() {
        SiwxDeclarations declarations = new SiwxDeclarations(new PaymentRails(List.of()),
                new ProofConfig(List.of("api.example.com"), 300, 60, true), Clock.systemUTC());
        PayerProofs.Caller caller = callers.of(request("10.1.2.3", false,
                Map.of("X-Forwarded-Host", "other.example.net", "X-Forwarded-Proto", "https")));

        @SuppressWarnings("unchecked")
        Map<String, Object> info = (Map<String, Object>) declarations.declaration(caller, "/v1/agent/jobs/j1/output",
                null, null).get("info");

        assertThat(info.get("domain")).isEqualTo("api.example.com");
        assertThat(info.get("uri")).isEqualTo("https://api.example.com/v1/agent/jobs/j1/output");
    }
}
