package dev.tollgate.gateway.billing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.chain.RailUnavailableException;
import dev.tollgate.gateway.api.ApiException;
import dev.tollgate.gateway.api.ErrorBody;
import dev.tollgate.gateway.api.JsonBodies;
import dev.tollgate.gateway.proof.Callers;
import dev.tollgate.gateway.proof.PayerProofs;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code /v1/billing/offers|authorize|settle|release}: the gateway side of the billing filter for host APIs
 * (BILLING-DESIGN.md). Every call needs {@code Authorization: Bearer <TOLLGATE_BILLING_TOKEN>} (compared in constant
 * time; 401 otherwise); with no token configured the API answers 404 {@code billing_disabled}. Errors are the API's
 * JSON bodies ({@code error.code}, message, ATP {@code detail}, x402 {@code reason}); nothing echoes a key, a URL of a
 * node or upstream text. The work is {@link BillingService}.
 */
@Controller("/v1/billing")
@ExecuteOn(TaskExecutors.VIRTUAL)
public class BillingController {
    private final BillingService service;
    private final BillingConfig config;
    private final JsonBodies json;
    private final Callers callers;

    BillingController(BillingService service, BillingConfig config, JsonBodies json, Callers callers) {
        this.service = service;
        this.config = config;
        this.json = json;
        this.callers = callers;
    }

    @Post(value = "/offers", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> offers(@Nullable @Header("Authorization") String authorization,
                                       @Nullable @Body String body) {
        return handle(authorization, body, service::offers);
    }

    @Post(value = "/authorize", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> authorize(@Nullable @Header("Authorization") String authorization,
                                          @Nullable @Body String body) {
        return handle(authorization, body, service::authorize);
    }

    @Post(value = "/settle", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> settle(HttpRequest<?> request, @Nullable @Header("Authorization") String authorization,
                                       @Nullable @Body String body) {
        String origin = origin(request);
        return handle(authorization, body, b -> service.settle(b, origin));
    }

    @Post(value = "/release", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> release(@Nullable @Header("Authorization") String authorization,
                                        @Nullable @Body String body) {
        return handle(authorization, body, service::release);
    }

    private HttpResponse<String> handle(String authorization, String body, Function<JsonNode, BillingAnswer> work) {
        if (!config.enabled()) {
            return error(HttpStatus.NOT_FOUND, ErrorBody.of("billing_disabled", "The billing API is off: set"
                    + " TOLLGATE_BILLING_TOKEN to turn it on.", Map.of()));
        }
        if (!tokenMatches(authorization)) {
            return error(HttpStatus.UNAUTHORIZED, ErrorBody.of("unauthorized",
                    "The billing API needs Authorization: Bearer <TOLLGATE_BILLING_TOKEN>.", Map.of()));
        }
        try {
            BillingAnswer answer = work.apply(json.readObject(body));
            MutableHttpResponse<String> response = HttpResponse.<String>status(answer.status())
                    .header("Cache-Control", "no-store");
            return answer.body() == null ? response
                    : response.contentType(MediaType.APPLICATION_JSON_TYPE).body(json.write(answer.body()));
        } catch (BillingRefusal refusal) {
            return error(refusal.status(), BillingErrors.body(refusal));
        } catch (ApiException e) {
            return error(e.status() == HttpStatus.UNPROCESSABLE_ENTITY ? HttpStatus.BAD_REQUEST : e.status(),
                    ErrorBody.of(e));
        } catch (RailUnavailableException e) {
            // never echo the outage's text: it can carry an RPC URL
            return error(HttpStatus.SERVICE_UNAVAILABLE, ErrorBody.of("rail_unavailable",
                    "A chain node could not be reached; try again.", Map.of()));
        }
    }

    /** Constant time over the whole header, so the token leaks nothing through timing. */
    private boolean tokenMatches(String authorization) {
        byte[] expected = ("Bearer " + config.token()).getBytes(StandardCharsets.UTF_8);
        return authorization != null
                && MessageDigest.isEqual(expected, authorization.getBytes(StandardCharsets.UTF_8));
    }

    /** The gateway's origin as the filter called it (behind a trusted proxy: as forwarded), for output URLs. */
    private String origin(HttpRequest<?> request) {
        PayerProofs.Caller caller = callers.of(request);
        String host = caller.host();
        if (host == null || host.isBlank() || host.length() > 255 || !host.matches("[-A-Za-z0-9.:\\[\\]]+")) {
            host = request.getServerAddress().getHostString() + ":" + request.getServerAddress().getPort();
        }
        return (caller.secure() ? "https" : "http") + "://" + host;
    }

    private HttpResponse<String> error(HttpStatus status, Map<String, Object> body) {
        return HttpResponse.<String>status(status)
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store")
                .body(json.write(body));
    }
}
