package dev.tollgate.gateway.proof;

import dev.tollgate.chain.NetworkId;
import dev.tollgate.gateway.api.JsonBodies;
import dev.tollgate.gateway.core.Code;
import dev.tollgate.gateway.core.Refusal;
import dev.tollgate.gateway.rails.PaymentRails;
import dev.tollgate.gateway.rails.RailBinding;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;

/**
 * Who signed a request: the {@code SIGN-IN-WITH-X} header (x402's {@code sign-in-with-x}, CAIP-122) that any request
 * may carry, verified for the URL it was sent to and with its nonce used up. No header: an unsigned request, served
 * only while {@code tollgate.proof.accept-unsigned-requests} is on.
 */
@Singleton
public class RequestSignIns {
    public static final String HEADER = "SIGN-IN-WITH-X";

    private final PayerProofs proofs;
    private final PaymentRails rails;
    private final SiwxDeclarations declarations;
    private final ProofConfig config;
    private final JsonBodies json;
    private final Callers callers;

    RequestSignIns(PayerProofs proofs, PaymentRails rails, SiwxDeclarations declarations, ProofConfig config,
                   JsonBodies json, Callers callers) {
        this.proofs = proofs;
        this.rails = rails;
        this.declarations = declarations;
        this.config = config;
        this.json = json;
        this.callers = callers;
    }

    /** Who is asking: the host they called and whether over TLS (as a trusted proxy forwards them). */
    public PayerProofs.Caller caller(HttpRequest<?> request) {
        return callers.of(request);
    }

    /**
     * The verified signer of {@code request}, or empty when it carries no header; a header that does not verify is
     * refused ({@link Code#INVALID_PAYER_PROOF} with its reason), never treated as unsigned.
     */
    public Optional<SignedIn> verify(HttpRequest<?> request) {
        String header = request.getHeaders().get(HEADER);
        if (header == null) {
            return Optional.empty();
        }
        SiwxPayload payload = SiwxPayload.fromHeader(header, json.mapper());
        RailBinding rail = rail(payload.chainId());
        return Optional.of(proofs.requireSignedIn(payload, rail.rail(), caller(request), request.getPath()));
    }

    /**
     * The signer of a {@code SIGN-IN-WITH-X} header value sent to another server's {@code resource} (a billed host
     * API passes its client's header on): verified for that URL (domain = its host[:port], URI = the URL), its nonce
     * used up. A header that does not verify is refused ({@link Code#INVALID_PAYER_PROOF} with its reason).
     */
    public SignedIn verifyFor(String header, java.net.URI resource) {
        SiwxPayload payload = SiwxPayload.fromHeader(header, json.mapper());
        RailBinding rail = rail(payload.chainId());
        return proofs.requireSignedInAt(payload, rail.rail(), resource);
    }

    /**
     * As {@link #verify}, and refuses an unsigned request with {@link Code#SIGN_IN_REQUIRED} (and what to sign) when
     * unsigned requests are off.
     */
    public Optional<SignedIn> verifyOrRequire(HttpRequest<?> request, String network) {
        Optional<SignedIn> signedIn = verify(request);
        if (signedIn.isEmpty() && !config.acceptUnsignedRequests()) {
            throw required(request, network);
        }
        return signedIn;
    }

    public boolean acceptUnsigned() {
        return config.acceptUnsignedRequests();
    }

    /** 401 sign_in_required, carrying the sign-in-with-x declaration for the URL called. */
    public Refusal required(HttpRequest<?> request, String network) {
        return new Refusal(Code.SIGN_IN_REQUIRED, "This gateway serves only wallet-signed requests: send the request"
                + " again with a SIGN-IN-WITH-X header signed for this URL (see sign_in_with_x).",
                Map.of("sign_in_with_x", declarations.declaration(caller(request), request.getPath(), network, null)));
    }

    private RailBinding rail(String chainId) {
        try {
            return rails.byNetwork(NetworkId.of(chainId)).orElseThrow(RequestSignIns::wrongChain);
        } catch (IllegalArgumentException e) {
            throw wrongChain();
        }
    }

    /** The chain id is not echoed: it is the client's text. */
    private static Refusal wrongChain() {
        return new Refusal(Code.INVALID_PAYER_PROOF, "Payer proof refused: the proof's chainId is not a network this gateway"
                + " declared.", Map.of("reason", "wrong_chain"));
    }
}
