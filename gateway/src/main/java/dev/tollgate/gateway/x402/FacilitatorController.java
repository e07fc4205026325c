package dev.tollgate.gateway.x402;

import dev.tollgate.chain.RailUnavailableException;
import dev.tollgate.gateway.api.ErrorBody;
import dev.tollgate.gateway.api.JsonBodies;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/**
 * x402 v2's facilitator API (x402.md §4), so a stock resource server (e.g. {@code @x402/express}) settles through
 * Tollgate: {@code GET /x402/supported}, {@code POST /x402/verify}, {@code POST /x402/settle}, in the shapes
 * {@code HTTPFacilitatorClient} of @x402/core sends and reads (200 with {@code isValid:false} or
 * {@code success:false} for refusals, 409 for a payment-identifier conflict, 503 on a chain outage). Optional
 * bearer token ({@code TOLLGATE_FACILITATOR_TOKEN}); off with {@code tollgate.x402.facilitator-enabled=false}.
 * The work is {@link ForeignSettlements}.
 */
@Controller("/x402")
@ExecuteOn(TaskExecutors.VIRTUAL)
public class FacilitatorController {
    private final ForeignSettlements settlements;
    private final X402Config x402;
    private final JsonBodies json;

    FacilitatorController(ForeignSettlements settlements, X402Config x402, JsonBodies json) {
        this.settlements = settlements;
        this.x402 = x402;
        this.json = json;
    }

    @Get(value = "/supported", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> supported(@Nullable @Header("Authorization") String authorization) {
        HttpResponse<String> denied = guard(authorization);
        return denied != null ? denied : ok(settlements.supported());
    }

    @Post(value = "/verify", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> verify(@Nullable @Header("Authorization") String authorization, @Body String body) {
        HttpResponse<String> denied = guard(authorization);
        if (denied != null) {
            return denied;
        }
        try {
            return ok(settlements.verify(settlements.read(body)));
        } catch (ForeignSettlements.Invalid e) {
            return ok(ForeignSettlements.invalid(e.reason, null));
        } catch (RailUnavailableException e) {
            return outage();
        }
    }

    @Post(value = "/settle", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> settle(@Nullable @Header("Authorization") String authorization, @Body String body) {
        HttpResponse<String> denied = guard(authorization);
        if (denied != null) {
            return denied;
        }
        ForeignSettlements.Call call;
        try {
            call = settlements.read(body);
        } catch (ForeignSettlements.Invalid e) {
            return ok(X402Answers.settleResponse(false, e.reason, "", e.network, null));
        } catch (RailUnavailableException e) {
            return outage(); // reading a requirement may ask the chain (e.g. an EVM token's EIP-712 domain)
        }
        try {
            return ok(settlements.settle(call));
        } catch (ForeignSettlements.IdentifierConflict e) {
            return error(HttpStatus.CONFLICT, "payment_identifier_conflict",
                    "This payment-identifier already names another payment payload.");
        } catch (RailUnavailableException e) {
            return outage();
        }
    }

    /** Null when the call may proceed. */
    private HttpResponse<String> guard(String authorization) {
        if (!x402.facilitatorEnabled()) {
            return error(HttpStatus.NOT_FOUND, "facilitator_disabled", "This gateway does not act as a facilitator.");
        }
        if (!x402.facilitatorAuthRequired()) {
            return null;
        }
        byte[] expected = ("Bearer " + x402.facilitatorToken()).getBytes(StandardCharsets.UTF_8);
        byte[] given = (authorization == null ? "" : authorization).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given) ? null
                : error(HttpStatus.UNAUTHORIZED, "unauthorized", "A valid facilitator bearer token is required.");
    }

    private HttpResponse<String> outage() {
        return error(HttpStatus.SERVICE_UNAVAILABLE, "rail_unavailable",
                "A chain node could not be reached; try again.");
    }

    private HttpResponse<String> error(HttpStatus status, String code, String message) {
        return HttpResponse.<String>status(status).contentType(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store").body(json.write(ErrorBody.of(code, message, Map.of())));
    }

    private HttpResponse<String> ok(Map<String, Object> body) {
        return HttpResponse.<String>ok(json.write(body)).contentType(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store");
    }
}
