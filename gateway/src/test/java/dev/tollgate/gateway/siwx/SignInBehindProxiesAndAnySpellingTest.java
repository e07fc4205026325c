package dev.tollgate.gateway.siwx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.gateway.proof.SiwxPayload;
import dev.tollgate.gateway.support.GatewayHttp;
import dev.tollgate.gateway.support.GatewayHttp.Reply;
import dev.tollgate.gateway.support.GatewayTestProperties;
import dev.tollgate.gateway.support.InteropScript;
import dev.tollgate.gateway.support.LocalPolygon;
import dev.tollgate.gateway.support.LocalSolana;
import dev.tollgate.gateway.support.SignInHeaders;
import dev.tollgate.gateway.support.TestAgent;
import dev.tollgate.lockbox.Lockbox;
import dev.tollgate.lockbox.testing.MutableClock;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.p2p.solanaj.core.Account;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

/**
 * Sign-In-With-X where the client really stands. Behind a TLS-terminating proxy (127.0.0.9 is trusted here) the
 * declared domain/URI and the checks of a SIGN-IN-WITH-X header follow {@code X-Forwarded-Host}/{@code -Proto};
 * from any other peer (127.0.0.10) those headers are ignored. On EVM, a payload whose address is lower case verifies
 * when the wallet signed the stock client's text (which writes EIP-55), signed here by the STOCK code
 * ({@code node interop/siwx/sign-lowercase.mjs}).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignInBehindProxiesAndAnySpellingTest implements TestPropertyProvider {
    private static final String PROXY = "127.0.0.9";
    private static final String STRANGER = "127.0.0.10";
    private static final String PUBLIC_HOST = "pay.example.com";
    private static final Map<String, String> FORWARDED = Map.of("X-Forwarded-Host", PUBLIC_HOST,
            "X-Forwarded-Proto", "https");
    private final TestAgent agent = new TestAgent();
    private final LocalSolana solana = LocalSolana.get();

    @Inject
    EmbeddedServer server;
    @Inject
    MutableClock clock;
    @Inject
    Lockbox lockbox;

    private GatewayHttp http;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = GatewayTestProperties.forSolanaAndPolygon(agent, 1);
        p.put("tollgate.limits.trusted-proxies", PROXY);
        return p;
    }

    @BeforeAll
    void connect() {
        http = new GatewayHttp(server.getURI());
    }

    @AfterAll
    void stopAgent() {
        agent.close();
    }

    /** A GET from the local address {@code from}. */
    private HttpResponse<String> get(String from, String path, Map<String, String> headers) throws Exception {
        HttpClient client = HttpClient.newBuilder().localAddress(InetAddress.getByName(from))
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(server.getURI().resolve(path))
                .timeout(Duration.ofSeconds(30)).GET();
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> with(Map<String, String> a, Map<String, String> b) {
        Map<String, String> all = new LinkedHashMap<>(a);
        all.putAll(b);
        return all;
    }

    private String lockedSolanaJob() {
        Reply trade = http.post("/v1/agent/trade", Map.of("agent_config", Map.of("agent_name", "t"), "task", "x",
                "user_wallet", new Account().getPublicKeyBase58(), "payment_token", "SOL"));
        assertThat(trade.status()).as(trade.raw()).isEqualTo(402);
        return trade.body().path("job_id").asText();
    }

    private static JsonNode paymentRequired(HttpResponse<String> response) throws Exception {
        String header = response.headers().firstValue("PAYMENT-REQUIRED").orElseThrow();
        return GatewayHttp.JSON.readTree(Base64.getDecoder().decode(header));
    }

    @Test
    void behindATrustedProxyThe402DeclaresTheForwardedOriginAndAHeaderSignedForItIsAccepted() throws Exception {
        String output = "/v1/agent/jobs/" + lockedSolanaJob() + "/output";

        HttpResponse<String> unsigned = get(PROXY, output, FORWARDED);

        assertThat(unsigned.statusCode()).as(unsigned.body()).isEqualTo(402);
        JsonNode required = paymentRequired(unsigned);
        JsonNode info = required.path("extensions").path("sign-in-with-x").path("info");
        assertThat(info.path("domain").asText()).isEqualTo(PUBLIC_HOST);
        assertThat(info.path("uri").asText()).isEqualTo("https://" + PUBLIC_HOST + output);
        assertThat(required.path("resource").path("url").asText()).isEqualTo("https://" + PUBLIC_HOST + output);

        // a wallet signs in for the URL it called (https://pay.example.com/...): verified, and the job is not paid
        Account wallet = new Account(); // signing needs no funds
        Map<String, String> signIn = SignInHeaders.signedBy(wallet, solana.network, URI.create("https://" + PUBLIC_HOST),
                output, clock.instant());
        HttpResponse<String> signed = get(PROXY, output, with(FORWARDED, signIn));
        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(402);
        assertThat(GatewayHttp.JSON.readTree(signed.body()).path("error").path("code").asText())
                .isEqualTo("payment_required");

        // without the forwarded headers the origin is the direct one, and a proof for pay.example.com is not for it
        Map<String, String> again = SignInHeaders.signedBy(wallet, solana.network, URI.create("https://" + PUBLIC_HOST),
                output, clock.instant());
        HttpResponse<String> direct = get(PROXY, output, again);
        assertThat(direct.statusCode()).as(direct.body()).isNotEqualTo(402);
        assertThat(GatewayHttp.JSON.readTree(direct.body()).path("error").path("reason").asText())
                .isEqualTo("wrong_domain");
    }

    @Test
    void fromAnUntrustedPeerTheForwardedHeadersAreIgnored() throws Exception {
        String output = "/v1/agent/jobs/" + lockedSolanaJob() + "/output";

        HttpResponse<String> unsigned = get(STRANGER, output, FORWARDED);

        assertThat(unsigned.statusCode()).as(unsigned.body()).isEqualTo(402);
        JsonNode info = paymentRequired(unsigned).path("extensions").path("sign-in-with-x").path("info");
        assertThat(info.path("domain").asText()).isEqualTo(server.getURI().getAuthority());
        assertThat(info.path("uri").asText()).isEqualTo("http://" + server.getURI().getAuthority() + output);

        // a header signed for the forwarded origin is refused: the caller named it, no trusted proxy did
        Account wallet = new Account(); // signing needs no funds
        HttpResponse<String> signed = get(STRANGER, output, with(FORWARDED, SignInHeaders.signedBy(wallet,
                solana.network, URI.create("https://" + PUBLIC_HOST), output, clock.instant())));
        assertThat(signed.statusCode()).as(signed.body()).isNotEqualTo(402);
        JsonNode error = GatewayHttp.JSON.readTree(signed.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("invalid_payer_proof");
        assertThat(error.path("reason").asText()).isEqualTo("wrong_domain");
    }

    @Test
    void aLowerCaseEvmAddressSignedByTheStockClientVerifiesAndBindsTheTradeToItsWallet() throws Exception {
        Credentials payer = Credentials.create(Keys.createEcKeyPair()); // signing needs no funds
        String checksummed = Keys.toChecksumAddress(payer.getAddress());
        String network = "eip155:" + LocalPolygon.CHAIN_ID;
        String authority = server.getURI().getAuthority();
        String uri = "http://" + authority + "/v1/agent/trade";
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("domain", authority);
        info.put("uri", uri);
        info.put("version", "1");
        info.put("chainId", network);
        info.put("type", "eip191");
        info.put("nonce", UUID.randomUUID().toString().replace("-", ""));
        info.put("issuedAt", now.toString());
        info.put("expirationTime", now.plusSeconds(240).toString());
        info.put("resources", List.of(uri));

        JsonNode stock = InteropScript.run("siwx/sign-lowercase.mjs", List.of(), Map.of(
                "SIWX_KEY", LocalPolygon.secret(payer), "SIWX_INFO", GatewayHttp.JSON.writeValueAsString(info)));

        JsonNode payload = stock.path("payload");
        assertThat(payload.path("address").asText()).isEqualTo(checksummed.toLowerCase(Locale.ROOT));
        // the text we rebuild from the lower-cased payload is the stock text, EIP-55 address and all
        assertThat(SiwxPayload.parse(payload).message().text()).isEqualTo(stock.path("message").asText())
                .contains("\n" + checksummed + "\n");

        Map<String, Object> body = Map.of("agent_config", Map.of("agent_name", "t"), "task", "x",
                "user_wallet", checksummed, "network", "polygon", "payment_token", "POL");
        Reply trade = http.postWithHeaders("/v1/agent/trade", body,
                Map.of("SIGN-IN-WITH-X", stock.path("header").asText()));

        assertThat(trade.status()).as(trade.raw()).isEqualTo(402);
        UUID jobId = UUID.fromString(trade.body().path("job_id").asText());
        assertThat(lockbox.find(jobId).orElseThrow().payer()).isEqualTo(checksummed);
        // its nonce is used up: the very same header is a replay
        Reply replay = http.postWithHeaders("/v1/agent/trade", body,
                Map.of("SIGN-IN-WITH-X", stock.path("header").asText()));
        assertThat(replay.body().path("error").path("reason").asText()).as(replay.raw()).isEqualTo("nonce_reused");
    }
}
