package dev.tollgate.gateway.proof;

import dev.tollgate.gateway.rails.PaymentRails;
import dev.tollgate.gateway.rails.RailBinding;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The x402 {@code sign-in-with-x} extension declaration a 402 carries ({@code extensions["sign-in-with-x"]}), in the
 * shape the stock client ({@code wrapFetchWithSIWx}, {@code @x402/extensions} 2.27) reads: {@code info} bound to the
 * URL the client called (it checks domain and URI against the response's origin), one {@code supportedChains} entry
 * per rail (it signs only when one equals {@code accepts[0].network}), and the payload's JSON schema.
 */
@Singleton
public class SiwxDeclarations {
    public static final String EXTENSION = "sign-in-with-x";
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final PaymentRails rails;
    private final ProofConfig config;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    SiwxDeclarations(PaymentRails rails, ProofConfig config, Clock clock) {
        this.rails = rails;
        this.config = config;
        this.clock = clock;
    }

    /**
     * @param path      the path the client called (the URI it must sign)
     * @param network   the chain to list first (the job's), or null
     * @param statement a sentence for the wallet to show, or null
     */
    public Map<String, Object> declaration(PayerProofs.Caller caller, String path, String network, String statement) {
        String domain = domain(caller);
        String uri = (caller.secure() ? "https://" : "http://") + domain + path;
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("domain", domain);
        info.put("uri", uri);
        if (statement != null) {
            info.put("statement", statement);
        }
        info.put("version", "1");
        info.put("nonce", nonce());
        info.put("issuedAt", now.toString());
        info.put("expirationTime", now.plusSeconds(config.maxAgeSeconds()).toString());
        info.put("resources", List.of(uri));
        Map<String, Object> declaration = new LinkedHashMap<>();
        declaration.put("info", info);
        declaration.put("supportedChains", supportedChains(network));
        declaration.put("schema", schema());
        return declaration;
    }

    /**
     * The declaration for another server's resource (a billed host API): domain = {@code url}'s host[:port], URI =
     * {@code url}, one {@code supportedChains} entry per network in {@code networks} (CAIP-2 ids, in order).
     */
    public Map<String, Object> declarationFor(java.net.URI url, List<String> networks, String statement) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("domain", url.getRawAuthority());
        info.put("uri", url.toString());
        if (statement != null) {
            info.put("statement", statement);
        }
        info.put("version", "1");
        info.put("nonce", nonce());
        info.put("issuedAt", now.toString());
        info.put("expirationTime", now.plusSeconds(config.maxAgeSeconds()).toString());
        info.put("resources", List.of(url.toString()));
        List<Map<String, Object>> chains = new ArrayList<>();
        for (String id : networks) {
            Map<String, Object> chain = new LinkedHashMap<>();
            chain.put("chainId", id);
            chain.put("type", id.startsWith("eip155:") ? "eip191" : "ed25519");
            chains.add(chain);
        }
        Map<String, Object> declaration = new LinkedHashMap<>();
        declaration.put("info", info);
        declaration.put("supportedChains", chains);
        declaration.put("schema", schema());
        return declaration;
    }

    /** The host the client called, unless the operator pinned the public domains and it is not one of them. */
    private String domain(PayerProofs.Caller caller) {
        List<String> allowed = config.allowedDomains();
        if (caller.host() != null && (allowed.isEmpty()
                || allowed.stream().anyMatch(a -> a.equalsIgnoreCase(caller.host().toLowerCase(Locale.ROOT))))) {
            return caller.host();
        }
        return allowed.isEmpty() ? "localhost" : allowed.get(0);
    }

    private List<Map<String, Object>> supportedChains(String first) {
        List<String> networks = new ArrayList<>();
        if (first != null) {
            networks.add(first);
        }
        for (RailBinding rail : rails.all()) {
            String id = rail.rail().network().value();
            if (!networks.contains(id)) {
                networks.add(id);
            }
        }
        List<Map<String, Object>> chains = new ArrayList<>();
        for (String id : networks) {
            Map<String, Object> chain = new LinkedHashMap<>();
            chain.put("chainId", id);
            chain.put("type", id.startsWith("eip155:") ? "eip191" : "ed25519");
            chains.add(chain);
        }
        return chains;
    }

    /** The JSON schema of a payload, exactly as {@code @x402/extensions} declares it. */
    private static Map<String, Object> schema() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("domain", Map.of("type", "string"));
        properties.put("address", Map.of("type", "string"));
        properties.put("statement", Map.of("type", "string"));
        properties.put("uri", uri());
        properties.put("version", Map.of("type", "string"));
        properties.put("chainId", Map.of("type", "string"));
        properties.put("type", Map.of("type", "string"));
        properties.put("nonce", Map.of("type", "string"));
        properties.put("issuedAt", dateTime());
        properties.put("expirationTime", dateTime());
        properties.put("notBefore", dateTime());
        properties.put("requestId", Map.of("type", "string"));
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put("type", "array");
        resources.put("items", uri());
        properties.put("resources", resources);
        properties.put("signature", Map.of("type", "string"));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", List.of("domain", "address", "uri", "version", "chainId", "type", "nonce", "issuedAt",
                "signature"));
        return schema;
    }

    private static Map<String, Object> uri() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "string");
        m.put("format", "uri");
        return m;
    }

    private static Map<String, Object> dateTime() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "string");
        m.put("format", "date-time");
        return m;
    }

    private String nonce() {
        StringBuilder sb = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            sb.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return sb.toString();
    }
}
