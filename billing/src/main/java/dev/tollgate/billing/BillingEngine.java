package dev.tollgate.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.pricing.Usage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The billing filter without a framework. An adapter calls {@link #before} for each request; on
 * {@link BillingDecision.Proceed} it runs the handler, buffers its response and calls {@link #after}, then writes
 * what that returns (or calls {@link #abandon} if the handler threw).
 *
 * <p>The handler runs only after the gateway authorised (reserved) the payment; its output reaches the client only
 * once the gateway says paid. A 4xx/5xx from the handler is passed through and the reservation released.
 */
public final class BillingEngine {

    public static final String PAYMENT_SIGNATURE = "PAYMENT-SIGNATURE";
    public static final String PAYMENT_REQUIRED = "PAYMENT-REQUIRED";
    public static final String PAYMENT_RESPONSE = "PAYMENT-RESPONSE";
    public static final String SIGN_IN_WITH_X = "SIGN-IN-WITH-X";
    public static final String X_ATP_SETTLEMENT = "X-ATP-Settlement";

    /** Far above any real x402 payload or SIWX proof; a longer header is refused before it reaches the gateway. */
    static final int MAX_CREDENTIAL_CHARS = 32 * 1024;

    /** Marks an oversized credential header (compared by identity); never sent anywhere. */
    private static final Credential OVERSIZED = new Credential.X402("");

    private static final Logger LOG = LoggerFactory.getLogger(BillingEngine.class);
    private static final String JSON_TYPE = "application/json";

    private final BillingConfig config;
    private final BillingGateway gateway;
    private final List<Route> routes;

    public BillingEngine(BillingConfig config, BillingGateway gateway) {
        this.config = Objects.requireNonNull(config, "config");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        List<Route> compiled = new ArrayList<>();
        for (EndpointRule rule : config.endpoints()) {
            compiled.add(new Route(rule, PathMatcher.compile(rule.path())));
        }
        this.routes = List.copyOf(compiled);
    }

    /** The engine over the gateway the config names, through {@link HttpBillingGateway}. */
    public static BillingEngine of(BillingConfig config) {
        return new BillingEngine(config, HttpBillingGateway.of(config));
    }

    public BillingConfig config() {
        return config;
    }

    /** True when the request could be billed: adapters buffer only these. */
    public boolean mayBill(String method, String rawPath) {
        PathMatcher.NormalizedPath path = PathMatcher.normalize(rawPath);
        return path == null || route(method, path) != null || (path.encodedSlash()
                && route(method, path.slashesDecoded()) != null);
    }

    public BillingDecision before(BillingRequest request) {
        PathMatcher.NormalizedPath path = PathMatcher.normalize(request.rawPath());
        if (path == null) {
            return respond(error(400, "invalid_path", "The request path is malformed.",
                    "A percent-encoding is not two hex digits, or the path holds a control character."));
        }
        Route route = route(request.method(), path);
        if (route == null) {
            if (path.encodedSlash() && route(request.method(), path.slashesDecoded()) != null) {
                return respond(error(400, "invalid_path", "The request path is ambiguous.",
                        "An encoded slash (%2F) or backslash (%5C) in a billed path is refused."));
            }
            return new BillingDecision.Pass();
        }
        EndpointRule rule = route.rule;
        BillingTerms terms = terms(rule, request);
        try {
            Credential credential = credential(request);
            if (credential == OVERSIZED) {
                return respond(error(400, "invalid_credential", "The payment credential is too large.",
                        "A credential header is longer than " + MAX_CREDENTIAL_CHARS + " characters."));
            }
            if (credential == null) {
                return respond(paymentRequired(gateway.offers(terms), "payment_required",
                        "Payment required for " + request.method() + " " + path + ".",
                        "Pay with one of accepts (x402 PAYMENT-SIGNATURE), or sign in with x (SIGN-IN-WITH-X) "
                                + "against an allowance you granted.", null));
            }
            BigDecimal estimate = rule.usagePriced() ? RequestEstimate.usd(rule, request.body().get()) : null;
            AuthorizeResult result = gateway.authorize(new AuthorizeRequest(terms, estimate, credential));
            return switch (result) {
                case AuthorizeResult.Authorized authorized ->
                        new BillingDecision.Proceed(new BillingTicket(rule, terms, authorized.authorization(),
                                estimate, credential));
                case AuthorizeResult.Refused refused -> respond(refusal(refused, terms));
            };
        } catch (BillingGatewayException e) {
            LOG.warn("billing gateway failed before the handler: {}", e.getMessage());
            return respond(error(502, "billing_unavailable", "The billing gateway is unavailable.",
                    "No payment was taken; retry later."));
        }
    }

    /**
     * The answer for a handler's buffered response; settles exactly once per ticket. A 4xx/5xx comes back as the
     * handler's own status and body (its headers kept), with the reservation released.
     */
    public BillingResponse after(BillingTicket ticket, HandlerResponse response) {
        if (!ticket.finish()) {
            throw new IllegalStateException("ticket already finished");
        }
        // taken (and so dropped from the ticket) on every path; sent with settle for private_key only
        Credential credential = ticket.takeCredential();
        if (!response.successful()) {
            release(ticket);
            return new BillingResponse(response.status(), Map.of(), response.body(), true);
        }
        if (response.tooLarge()) {
            release(ticket);
            return error(502, "response_too_large", "The response is too large to bill.",
                    "The handler's response is larger than " + config.maxResponseBytes()
                            + " bytes; no payment was taken.");
        }
        Usage usage = UsageReader.read(response.contentType(), response.body());
        BigDecimal usd;
        if (ticket.rule.usagePriced()) {
            usd = UsagePricer.usd(ticket.rule, usage);
            if (usd == null) {
                release(ticket);
                return error(502, "usage_missing", "The response reported no token usage.",
                        "This endpoint is priced by usage; no payment was taken and the output is withheld.");
            }
            if (usd.signum() == 0) {
                release(ticket);
                return free(response, usage);
            }
        } else {
            usd = null;
        }
        SettleResult result;
        try {
            result = gateway.settle(new SettleRequest(ticket.authorization.id(), usd, usage.isEmpty() ? null : usage,
                    response.contentType(), response.body(), credential));
        } catch (BillingGatewayException e) {
            LOG.warn("billing settle failed for authorization {}: {}", ticket.authorization.id(), e.getMessage());
            return error(502, "settlement_unavailable", "The payment could not be confirmed.",
                    "The billing gateway did not answer; the output is withheld. Retry later: a payment that "
                            + "went through delivers the output through its job.");
        }
        ObjectNode atpUsage = BillingWire.usage(usage);
        return switch (result) {
            case SettleResult.Paid paid -> paid(response, paid.body(), atpUsage);
            case SettleResult.Pending pending -> pending(pending.body(), atpUsage);
            case SettleResult.Failed failed -> failed(failed.body(), atpUsage);
            case SettleResult.AlreadyUsed used -> error(409, "authorization_used",
                    "This payment authorization was used already.", "The output is withheld.");
        };
    }

    /** The handler threw: free the reservation (no charge). */
    public void abandon(BillingTicket ticket) {
        if (ticket.finish()) {
            ticket.takeCredential();
            release(ticket);
        }
    }

    private Route route(String method, PathMatcher.NormalizedPath path) {
        String upper = method.toUpperCase(Locale.ROOT);
        for (Route route : routes) {
            // a rule without a method bills every method but OPTIONS (CORS preflights carry no credential)
            if (((route.rule.method() == null && !upper.equals("OPTIONS")) || upper.equals(route.rule.method())
                    || (upper.equals("HEAD") && route.rule.method().equals("GET")))
                    && route.matcher.matches(path)) {
                return route;
            }
        }
        return null;
    }

    private BillingTerms terms(EndpointRule rule, BillingRequest request) {
        String base = config.publicUrl() != null ? stripSlash(config.publicUrl().toString()) : request.baseUrl();
        String description = rule.description() != null ? rule.description() : request.method() + " " + rule.path();
        return new BillingTerms(new BillingTerms.Resource(base + request.rawPath(), description, JSON_TYPE), rule,
                config.rails(), config.feeBps(), config.finality());
    }

    /** The first credential present, by preference: x402, Sign-In-With-X, then (only when enabled) ATP's key. */
    private Credential credential(BillingRequest request) {
        String x402 = request.header(PAYMENT_SIGNATURE);
        if (x402 != null) {
            return x402.length() > MAX_CREDENTIAL_CHARS ? OVERSIZED : new Credential.X402(x402);
        }
        String siwx = request.header(SIGN_IN_WITH_X);
        if (siwx != null) {
            return siwx.length() > MAX_CREDENTIAL_CHARS ? OVERSIZED : new Credential.Siwx(siwx, null, null);
        }
        if (config.privateKeyHeader().enabled()) {
            String key = request.header(config.privateKeyHeader().name());
            if (key != null) {
                return key.length() > MAX_CREDENTIAL_CHARS ? OVERSIZED
                        : new Credential.PrivateKey(key, null, null);
            }
        }
        return null;
    }


    private BillingResponse refusal(AuthorizeResult.Refused refused, BillingTerms terms) {
        JsonNode body = refused.body();
        String code = refused.code();
        String message = BillingWire.text(body.path("error"), "message");
        String detail = BillingWire.text(body, "detail");
        String reason = BillingWire.text(body, "reason");
        switch (refused.status()) {
            case 402 -> {
                JsonNode required = body.get("payment_required");
                Offers offers = required != null && required.isObject()
                        ? new Offers(required, body.path("allowances").isArray() ? body.get("allowances") : null, null)
                        : gateway.offers(terms);
                return paymentRequired(offers, code, message != null ? message : "The payment was refused.",
                        detail, reason != null ? reason : code);
            }
            case 400 -> {
                if (code.equals("invalid_credential")) {
                    return paymentRequired(gateway.offers(terms), code,
                            message != null ? message : "The payment credential is malformed.", detail, code);
                }
                LOG.warn("billing gateway refused this host's terms ({}); check tollgate.billing.*", code);
                return error(500, "billing_misconfigured", "The billing of this endpoint is misconfigured.",
                        "No payment was taken.");
            }
            case 403 -> {
                return error(403, code, message != null ? message : "This credential is not accepted.", detail);
            }
            default -> {
                return error(503, code.equals("unknown") ? "rail_unavailable" : code,
                        message != null ? message : "The payment rail is unavailable.", detail);
            }
        }
    }

    private BillingResponse paymentRequired(Offers offers, String code, String message, String detail,
                                            String reason) {
        ObjectNode body = BillingWire.JSON.createObjectNode();
        putError(body, code, message);
        body.put("detail", detail == null ? message : detail);
        if (reason != null) {
            body.put("reason", reason);
        }
        JsonNode required = offers.paymentRequired();
        body.set("x402Version", required.has("x402Version") ? required.get("x402Version")
                : BillingWire.JSON.getNodeFactory().numberNode(2));
        body.set("accepts", required.has("accepts") ? required.get("accepts") : BillingWire.JSON.createArrayNode());
        if (required.has("resource")) {
            body.set("resource", required.get("resource"));
        }
        body.set("allowances", offers.allowances() == null ? BillingWire.JSON.createArrayNode()
                : offers.allowances());
        if (offers.atp() != null) {
            body.set("atp", offers.atp());
        }
        if (required.has("extensions")) {
            body.set("extensions", required.get("extensions"));
        }
        Map<String, String> headers = jsonHeaders();
        headers.put(PAYMENT_REQUIRED, base64(required));
        return new BillingResponse(402, headers, bytes(body), false);
    }

    private BillingResponse paid(HandlerResponse response, JsonNode settle, ObjectNode atpUsage) {
        JsonNode atpSettlement = settle.get("atp_settlement");
        if (atpSettlement == null || atpSettlement.isNull()) {
            atpSettlement = settle;
        }
        String paymentResponse = BillingWire.text(settle, "payment_response");
        Map<String, String> headers = new LinkedHashMap<>();
        if (paymentResponse != null) {
            headers.put(PAYMENT_RESPONSE, paymentResponse);
        }
        if (UsageReader.isEventStream(response.contentType())) {
            ObjectNode trailer = BillingWire.JSON.createObjectNode();
            trailer.set("atp_usage", atpUsage);
            trailer.set("atp_settlement", atpSettlement);
            return new BillingResponse(response.status(), headers, sseWithTrailer(response.body(), trailer), true);
        }
        ObjectNode object = UsageReader.isJson(response.contentType()) ? jsonObject(response.body()) : null;
        if (object != null) {
            object.set("atp_usage", atpUsage);
            object.set("atp_settlement", atpSettlement);
            return new BillingResponse(response.status(), headers, bytes(object), true);
        }
        if (paymentResponse == null) {
            headers.put(X_ATP_SETTLEMENT, base64(atpSettlement));
        }
        return new BillingResponse(response.status(), headers, response.body(), true);
    }

    private BillingResponse free(HandlerResponse response, Usage usage) {
        ObjectNode skipped = BillingWire.JSON.createObjectNode();
        skipped.put("status", "skipped");
        skipped.put("reason", "zero_cost");
        return paid(response, skipped, BillingWire.usage(usage));
    }

    private BillingResponse pending(JsonNode settle, ObjectNode atpUsage) {
        ObjectNode body = BillingWire.JSON.createObjectNode();
        body.put("status", "pending");
        body.set("job_id", settle.get("job_id"));
        if (settle.has("tx_id")) {
            body.set("tx_id", settle.get("tx_id"));
        }
        body.set("output_url", settle.get("output_url"));
        body.set("atp_usage", atpUsage);
        return new BillingResponse(202, jsonHeaders(), bytes(body), false);
    }

    private BillingResponse failed(JsonNode settle, ObjectNode atpUsage) {
        ObjectNode body = BillingWire.JSON.createObjectNode();
        JsonNode error = settle.get("error");
        String code = error != null ? BillingWire.text(error, "code") : null;
        String message = error != null ? BillingWire.text(error, "message") : null;
        putError(body, code != null ? code : "settlement_failed",
                message != null ? message : "The payment failed; the output is withheld.");
        String detail = BillingWire.text(settle, "detail");
        body.put("detail", detail != null ? detail : "The output is withheld.");
        ObjectNode atpSettlement = body.putObject("atp_settlement");
        atpSettlement.put("status", "failed");
        String reason = BillingWire.text(settle, "reason");
        atpSettlement.put("reason", reason != null ? reason : (code != null ? code : "settlement_failed"));
        atpSettlement.set("job_id", settle.get("job_id"));
        body.set("atp_usage", atpUsage);
        Map<String, String> headers = jsonHeaders();
        JsonNode required = settle.get("payment_required");
        if (required != null && required.isObject()) {
            headers.put(PAYMENT_REQUIRED, base64(required));
        }
        return new BillingResponse(402, headers, bytes(body), false);
    }

    private void release(BillingTicket ticket) {
        try {
            gateway.release(ticket.authorization.id());
        } catch (BillingGatewayException e) {
            // The reservation lapses at its expiry anyway; nothing was charged.
            LOG.warn("billing release failed for authorization {}: {}", ticket.authorization.id(), e.getMessage());
        }
    }

    /** The buffered events replayed as they were, then one {@code atp_settlement} event. */
    static byte[] sseWithTrailer(byte[] events, JsonNode trailer) {
        String stream = new String(events, StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(stream);
        if (!stream.isEmpty() && !stream.endsWith("\n\n") && !stream.endsWith("\r\n\r\n")) {
            out.append(stream.endsWith("\n") ? "\n" : "\n\n");
        }
        out.append("event: atp_settlement\ndata: ").append(new String(bytes(trailer), StandardCharsets.UTF_8))
                .append("\n\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static BillingResponse error(int status, String code, String message, String detail) {
        ObjectNode body = BillingWire.JSON.createObjectNode();
        putError(body, code, message);
        body.put("detail", detail == null ? message : detail);
        return new BillingResponse(status, jsonHeaders(), bytes(body), false);
    }

    private static ObjectNode jsonObject(byte[] body) {
        try {
            JsonNode tree = BillingWire.JSON.readTree(body);
            return tree != null && tree.isObject() ? (ObjectNode) tree : null;
        } catch (IOException | RuntimeException notAnObject) {
            return null;
        }
    }

    private static void putError(ObjectNode body, String code, String message) {
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
    }

    private static Map<String, String> jsonHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", JSON_TYPE);
        return headers;
    }

    private static String base64(JsonNode node) {
        return Base64.getEncoder().encodeToString(bytes(node));
    }

    static byte[] bytes(JsonNode node) {
        try {
            return BillingWire.JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("JSON tree could not be written", e);
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static BillingDecision respond(BillingResponse response) {
        return new BillingDecision.Respond(response);
    }

    private record Route(EndpointRule rule, PathMatcher matcher) {
    }
}
